/** The compiler: resources → IR. */
export { compile, compileProject, type CompileOptions, type CompileResult } from './compile.js';
export { initSqlParser } from '../sql/parse.js';

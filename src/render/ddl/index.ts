/** One render function per IR object kind; each returns SQL statements without a trailing `;`. */
export { createSchema, commentOnSchema, createExtension } from './schemas.js';
export { createFunction, commentOnFunction, functionSignature, identitySignature, routineWord } from './functions.js';
export { createTable, columnDefinition, identityClauses, primaryKeyClause, commentOnTable, commentOnColumn } from './tables.js';
export { checkConstraintClause, addCheck, foreignKeyClause, addForeignKey } from './constraints.js';
export { createIndex, indexKey, uniqueUsingIndex } from './indexes.js';
export { createTrigger, setTriggerFiring } from './triggers.js';
export { enableRowLevelSecurity, createPolicy } from './policies.js';
export { statementUp, statementDown, statementSql } from './statements.js';
export { tableName, dottedName, type TableRef } from './names.js';
export { createSequence, alterSequence, setSequenceOwner, commentOnSequence, nextvalDefault, optionClauses, identityAlterClauses, sequenceName } from './sequences.js';

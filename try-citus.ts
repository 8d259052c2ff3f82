import { loadProject } from './src/validate/project.js';
import { compileProject } from './src/compile/index.js';
import { diff } from './src/diff/diff.js';
import { plan } from './src/plan/plan.js';
import { formatPlanSql } from './src/render/plan-sql.js';
import { EMPTY_CATALOG } from './src/migrations/snapshot.js';
const dir = process.argv[2]!;
const r = await loadProject([dir], { env: {} } as any);
if (!r.project) { console.log(r.diagnostics); process.exit(1); }
const c = await compileProject(r.project, { pgVersion: 170000 });
console.log(c.diagnostics);
const p = plan(diff(EMPTY_CATALOG, c.catalog), { serverVersion: 170000 });
console.log(formatPlanSql(p));

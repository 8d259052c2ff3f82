/**
 * `fleet:` of a repo lists its databases one way: `targets` (named URLs), or `query` run on
 * `directory`. Neither, both, or a query without its directory is an error at the key.
 */
import type { Project } from '../../model/resource.js';
import { child } from '../../model/source.js';
import { CHECK } from '../codes.js';
import type { CheckContext } from './report.js';

export function checkFleets(ctx: CheckContext, project: Project): void {
  for (const r of project.repos) {
    const f = r.fleet;
    if (!f) continue;
    const v = ctx.raw(f.src);
    const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
    const has = (k: string) => typeof o[k] === 'string' || (k === 'targets' && typeof o[k] === 'object' && o[k] !== null);
    const suggestion = 'write `targets: { name: url, ... }`, or `query: "SELECT name, url FROM ..."` with `directory: <url of the database it runs on>`';
    if (has('targets') && (has('query') || has('directory'))) ctx.report(CHECK.fleetInvalid, `the fleet of repo ${r.name} gives both \`targets\` and \`${has('query') ? 'query' : 'directory'}\`: it lists its databases one way`, f.src, { suggestion });
    else if (has('query') !== has('directory')) ctx.report(CHECK.fleetInvalid, `the fleet of repo ${r.name} has \`${has('query') ? 'query' : 'directory'}\` without \`${has('query') ? 'directory' : 'query'}\`: the query runs on the directory database`, child(f.src, has('query') ? 'query' : 'directory'), { suggestion });
    else if (!has('targets') && !has('query')) ctx.report(CHECK.fleetInvalid, `the fleet of repo ${r.name} lists no database`, f.src, { suggestion });
    else if (f.targets && f.targets.length === 0) ctx.report(CHECK.fleetInvalid, `the fleet of repo ${r.name} has no targets`, child(f.src, 'targets'), { suggestion });
  }
}

/**
 * `npm run bench -- <name> [options]`: runs one benchmark of bench/ and prints its table.
 * Results are recorded by hand in bench/RESULTS.md with the machine they ran on.
 */
const BENCHMARKS: Record<string, () => Promise<{ main: () => Promise<void> }>> = {
  'plan-apply': () => import('./plan-apply.js'),
  tenants: () => import('./tenants.js'),
  fleet: () => import('./fleet.js'),
  pull: () => import('./pull.js'),
  online: () => import('./online.js'),
  erd: () => import('./erd.js'),
  cli: () => import('./cli.js'),
};

const name = process.argv[2];
const load = name ? BENCHMARKS[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}> [options]`);
  process.exit(1);
}
await (await load()).main();
process.exit(0);

// Loaded by bench/cli.ts into each pgdecl process it times (`node --import`): at exit, writes the
// process's peak resident memory (KiB, process.resourceUsage().maxRSS) to the file named by
// PGDECL_BENCH_PEAK. The bench's own; pgdecl knows nothing of it.
import { writeFileSync } from 'node:fs';

const file = process.env.PGDECL_BENCH_PEAK;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));

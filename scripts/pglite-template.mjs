// Writes a freshly initialised PGlite data directory as a `dumpDataDir()` tarball to the file
// named by the first argument (see makePgliteTemplate in ./test-servers.mjs).
import { writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create();
try {
  const blob = await db.dumpDataDir('none');
  writeFileSync(process.argv[2], Buffer.from(await blob.arrayBuffer()));
} finally {
  await db.close();
}

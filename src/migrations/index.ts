/**
 * Versioned migrations (DESIGN §5), without the terminal. A tenant runner needs only:
 *
 *   const folder = readFolder('migrations/tenants', 'migrations/tenants');   // validated, sum checked
 *   await acquireLock(target);                                               // ../apply/lock.js
 *   for (const schema of tenants) {
 *     const r = await migrateSchema(target, folder, { schema, locked: true });
 *     if (r.failure) …                                                       // per-tenant result
 *   }
 *   await releaseLock(target);
 *
 * `rollbackSchema` and `migrationStatus` take the same folder and schema.
 */
export { readFolder, latestSnapshot, rewriteSum, applyFolderEdit, type MigrationFolder, type FolderEdit } from './folder.js';
export { migrateSchema, rollbackSchema, rollbackVersions, checkApplied, type MigrateOptions, type RollbackOptions, type RunOptions, type RunEvent, type RunResult, type RunFailure, type FileResult } from './run.js';
export { migrationStatus, type FolderStatus, type MigrationStatus, type MigrationState } from './status.js';
export { readParts, diffParts, renderParts, devFiles, hasDevFiles, type PartFolder, type PartDiff, type PartOutput } from './generate.js';
export { rollBackDevMigrations } from './dev.js';
export { PARTS, forTenantSchema, tenantCatalog, type Part, type PartName } from './parts.js';
export { parseMigration, splitStatements, type MigrationFile } from './parse-migration.js';
export { parseSnapshot, renderSnapshot, SNAPSHOT_FORMAT_VERSION, type Snapshot } from './snapshot.js';
export { renderSum, verifySum, checksum, SUM_FILE } from './sum.js';
export { appliedMigrations, TRACKING_TABLE, type AppliedMigration } from './tracking.js';
export { renameQuestions, withAnswer, questionKey, type RenameQuestion } from './rename-questions.js';
export { recordRenamedFrom } from './record-rename.js';
export { newVersion, nameProblem, DEV_NAME } from './version.js';

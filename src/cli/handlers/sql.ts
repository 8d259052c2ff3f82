/**
 * `pgdecl sql [paths…] [--pg-version N] [--tenant NAME] [-o FILE]`: the DDL that builds the
 * schema in an empty database, for `psql -v ON_ERROR_STOP=1 -f`. With --tenant, the tenant
 * tables (`multitenancy: {strategy: context}`) for one tenant schema.
 */
import { writeFileSync } from 'node:fs';
import { hasTenantPart } from '../../ir/tenant.js';
import { MAX_IDENTIFIER_BYTES, tooLongForIdentifier } from '../../model/naming.js';
import { renderCreateScript } from '../../render/create-script.js';
import { version } from '../main.js';
import { str, type Handler } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../parse.js';
import { compileFromArgs } from './compile.js';
import { outputPath } from '../output-path.js';

export const run: Handler = async (args, ctx) => {
  const tenant = str(args, 'tenant');
  if (tenant !== undefined && (tenant === '' || tooLongForIdentifier(tenant) || tenant.includes('\0'))) {
    throw new UsageError(`--tenant needs a schema name of 1 to ${MAX_IDENTIFIER_BYTES} bytes`);
  }
  const out = str(args, 'output');
  const file = out === undefined ? undefined : outputPath(ctx.io.cwd, out);
  const c = await compileFromArgs(args, ctx);
  if (tenant !== undefined && !hasTenantPart(c.catalog)) {
    ctx.io.stderr.write(`${ctx.err.yellow('warning:')} no resource has \`multitenancy: {strategy: context}\`: the tenant schema ${tenant} would be empty\n`);
  }
  const sql = renderCreateScript(c.catalog, {
    version: version(),
    files: c.files,
    ...(c.pgVersion !== undefined ? { pgVersion: c.pgVersion } : {}),
    ...(tenant !== undefined ? { tenant } : {}),
  });
  if (file === undefined) {
    ctx.io.stdout.write(sql);
    return EXIT.ok;
  }
  writeFileSync(file, sql);
  ctx.io.stderr.write(`${ctx.err.green('✓')} wrote ${out}\n`);
  return EXIT.ok;
};

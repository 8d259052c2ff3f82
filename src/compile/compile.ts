/**
 * resources → IR. `compile` is synchronous and pure: the same project and options give the
 * same catalog (in canonical order), the same origins and the same diagnostics. The SQL
 * parser must be loaded first (`await initSqlParser()`, or use `compileProject`).
 */
import { IR_FORMAT_VERSION, TENANT_SCHEMA, type Catalog, type Function, type Statement, type Table } from '../ir/catalog.js';
import { canonicalCatalog } from '../ir/canonical.js';
import { keys, type ObjectKey } from '../ir/keys.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Project } from '../model/resource.js';
import type { Src } from '../model/source.js';
import { initSqlParser } from '../sql/parse.js';
import { compileError, createContext, origin, repoResources, uniqueDiagnostics, type CompileContext, type CompileOptions } from './context.js';
import { compileExtensions } from './extensions.js';
import { managedSchemas } from './managed-schemas.js';
import { userFunction } from './functions.js';
import { checkNames, ensureUniqueKeys } from './integrity.js';
import type { RequiredUnique } from './references.js';
import { checkFunctionSql, checkResourceSql } from './sql-check.js';
import { compileStatement } from './statements.js';
import { checkSequenceOwners, userSequence } from './sequences.js';
import type { Sequence } from '../ir/sequence.js';
import type { UserType } from '../ir/user-type.js';
import { userType } from './user-types.js';
import { userCollation } from './collations.js';
import { userView } from './views.js';
import { aggregateArguments, userAggregate } from './aggregates.js';
import { compileTable } from './table.js';
import { withInheritance } from './inheritance.js';
import { compileDistribution } from './distribution.js';
import { tenantSchemaSharding } from './schema-sharding.js';
import { placements } from './tenancy.js';
import { compileDefaultPrivileges, declaredRoles, namedRole, schemasWithGrants, tableWithGrants, withDeclaredGrants } from './grants.js';

export type { CompileOptions } from './context.js';

export interface CompileResult {
  readonly catalog: Catalog;
  readonly origins: Readonly<Record<ObjectKey, Src>>;
  readonly diagnostics: Diagnostic[];
}

export function compile(project: Project, options: CompileOptions = {}): CompileResult {
  const ctx = createContext(project, options);
  const resources = repoResources(ctx).filter((r) => r.migrate);
  for (const r of resources) checkResourceSql(ctx, r);
  for (const f of project.functions) checkFunctionSql(ctx, f);

  const functions = new Map<ObjectKey, Function>();
  const declaredBy = new Map<ObjectKey, string>();
  for (const f of project.functions) {
    const key = keys.function(f.schema, f.name, f.arguments.trim());
    const first = declaredBy.get(key);
    if (first !== undefined) {
      compileError(ctx, 'duplicate_name', `the functions \`${first}\` and \`${f.key}\` are both ${f.schema}.${f.name}(${f.arguments.trim()})`, f.src, { suggestion: 'overloads of one name need different `arguments`; or give one another `name`' });
      continue;
    }
    declaredBy.set(key, f.key);
    functions.set(key, withDeclaredGrants(ctx, 'function', userFunction(ctx, f), f.grants, `function ${f.key}`));
  }
  const ownFunctions = new Map<ObjectKey, Function>();
  let tables: Table[] = [];
  const required: RequiredUnique[] = [];
  const statements: Statement[] = [];
  const sequences: Sequence[] = (project.sequences ?? []).flatMap((def) => {
    const q = userSequence(ctx, def);
    return q ? [withDeclaredGrants(ctx, 'sequence', q, def.grants, `sequence ${def.name}`)] : [];
  });
  const collations = (project.collations ?? []).flatMap((def) => userCollation(ctx, def) ?? []);
  const types: UserType[] = (project.types ?? []).flatMap((def) => {
    const t = userType(ctx, def);
    return t ? [withDeclaredGrants(ctx, 'type', t, def.grants, `type ${def.name}`)] : [];
  });
  // Roles are recorded where grants name them first, then where policies do.
  for (const r of resources) for (const g of r.grants ?? []) namedRole(ctx, g.role, g.src);
  for (const r of resources) {
    const places = placements(r);
    for (const p of places) {
      const c = compileTable(ctx, r, p);
      tables.push(tableWithGrants(ctx, r, c.table), ...c.partitions);
      required.push(...c.requiredUnique);
      sequences.push(...c.sequences);
      for (const f of c.functions) ownFunctions.set(keys.function(f.schema, f.name, f.arguments), f);
    }
    const home = places[0]!.schema;
    const tenantSchema = home === TENANT_SCHEMA ? TENANT_SCHEMA : undefined;
    for (const st of r.customStatements) statements.push(compileStatement(ctx, r, st, home, tenantSchema));
  }
  tables = compileDistribution(ctx, resources, withInheritance(ctx, ensureUniqueKeys(ctx, tables, required)));
  const allFunctions = [...functions.values(), ...ownFunctions.values()];
  const shardedTenants = tenantSchemaSharding(ctx, tables);
  const extensions = compileExtensions(ctx, tables, shardedTenants);
  const views = (project.views ?? []).flatMap((def) => userView(ctx, def, tables) ?? []);
  // Aggregates share the functions' namespace: one of a function's name and arguments is a duplicate.
  const aggregates = (project.aggregates ?? []).flatMap((def) => {
    const key = keys.function(def.schema, def.name, aggregateArguments(def));
    const first = declaredBy.get(key);
    if (first !== undefined) {
      compileError(ctx, 'duplicate_name', `\`${first}\` and the aggregate \`${def.key}\` are both ${def.schema}.${def.name}(${aggregateArguments(def)})`, def.src, { suggestion: 'overloads of one name need different `arguments`; or give one another `name`' });
      return [];
    }
    declaredBy.set(key, `aggregate ${def.key}`);
    const a = userAggregate(ctx, def);
    return a ? [withDeclaredGrants(ctx, 'function', a, def.grants, `aggregate ${def.key}`)] : [];
  });
  const defaultPrivileges = compileDefaultPrivileges(ctx);
  const catalog = canonicalCatalog({
    formatVersion: IR_FORMAT_VERSION,
    extensions,
    schemas: [...schemasWithGrants(ctx, managedSchemas(ctx, tables, allFunctions, extensions, sequences, types, views, collations, aggregates)), ...(shardedTenants ? [shardedTenants] : [])],
    functions: allFunctions,
    tables,
    statements,
    sequences,
    collations,
    types,
    views,
    aggregates,
    roles: declaredRoles(ctx, resources),
    ...(defaultPrivileges ? { defaultPrivileges } : {}),
  });
  checkNames(ctx, catalog);
  checkSequenceOwners(ctx, catalog);
  return { catalog, origins: Object.fromEntries(ctx.origins), diagnostics: uniqueDiagnostics(ctx.diagnostics) };
}

/** Loads the SQL parser if needed, then compiles. */
export async function compileProject(project: Project, options: CompileOptions = {}): Promise<CompileResult> {
  await initSqlParser();
  return compile(project, options);
}

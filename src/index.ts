/**
 * pgdecl as a library: the same stages the command line uses, each a plain function over
 * plain data (README, "How it works").
 *
 *   const { project } = await loadProjectOrThrow(['resources.yaml']);
 *   const target = await openTarget(resolveTarget({ env: process.env, cwd: process.cwd() }));
 *   const p = await planProject(target, project);
 *   console.log(formatPlanText(p.plan));
 *   const r = await applySteps(target, p.plan.steps, { lockTimeout: '5s' });
 */

// Load and validate resource files.
export { loadProject, loadProjectOrThrow, loadProjectFromText, type LoadResult, type LoadOptions } from './validate/project.js';
export type * from './model/resource.js';
export { PgdeclError, type Diagnostic } from './model/diagnostic.js';
export type { Src, Pos, SourceIndex } from './model/source.js';
export { formatDiagnostic, formatDiagnostics, diagnosticJson, type DiagnosticJson } from './render/diagnostics.js';

// Compile to the IR, and the SQL for an empty database.
export { compile, compileProject, initSqlParser, type CompileOptions, type CompileResult } from './compile/index.js';
export type {
  Catalog,
  Table,
  Column,
  PrimaryKey,
  ForeignKey,
  Check,
  Index,
  IndexKey,
  Trigger,
  Function as CatalogFunction,
  Extension,
  Schema,
  Statement,
  Policy,
  RowLevelSecurity,
  Grant,
  PrivilegeObjectKind,
  DefaultPrivileges,
  DefaultObjects,
  Distribution,
} from './ir/catalog.js';
export { TENANT_SCHEMA, IR_FORMAT_VERSION } from './ir/catalog.js';
export { canonicalCatalog, catalogEquals, stableStringify } from './ir/canonical.js';
export { instantiateTenant, ordinaryPart, hasTenantPart } from './ir/tenant.js';
export { renderCreateScript, type CreateScriptOptions } from './render/create-script.js';

// Databases.
export type { Target } from './targets/target.js';
export { openPostgres } from './targets/postgres.js';
export { openPglite } from './targets/pglite.js';
export { resolveTarget, openTarget, parseSpec, type TargetSpec } from './targets/resolve.js';
export { redactUrl } from './targets/redact.js';

// Inspect, diff, plan, apply.
export { inspect, type Inspection, type InspectOptions } from './inspect/inspect.js';
export { diff, type DiffOptions } from './diff/diff.js';
export { CHANGE_KINDS, type Change, type ChangeKind, type TableRef } from './diff/change.js';
export { renamesFromProject, NO_RENAMES, type Renames } from './diff/renames.js';
export { plan, type PlanOptions } from './plan/plan.js';
export { planProject, remainingChanges, type ProjectPlan, type ProjectPlanOptions } from './plan/project-plan.js';
export { compileFor } from './plan/compiled.js';
export { normalize, type NormalizeOptions } from './plan/normalize.js';
export { HAZARDS, type Hazard } from './plan/hazards.js';
export { isDestructive, type Plan, type Step } from './plan/step.js';
export { fingerprint } from './plan/fingerprint.js';
export { formatPlanText } from './render/plan-text.js';
export { formatPlanSql } from './render/plan-sql.js';
export { planDocument, PLAN_FORMAT_VERSION, type PlanDocument, type PlanStepJson } from './render/plan-json.js';
export { parseSavedPlan, parseSavedPlan as readPlanDocument, looksLikePlanFile } from './plan/saved-plan-file.js';
export { verifySavedPlan, firstDifference, type SavedPlanCheck, type StepDifference, type VerifyOptions } from './plan/verify-saved.js';
export { deriveSteps, type DesiredState, type Derived } from './plan/derive.js';
export { savedDatabase, planTargetSpec, type SavedDatabase, type PlanTargetOptions } from './targets/saved-target.js';
export { applySteps, type ApplyResult, type ApplyOptions, type StepResult } from './apply/apply.js';
export { applyPlan, type ApplyPlanInput, type ApplyPlanResult, type Convergence } from './apply/apply-plan.js';
export { acquireLock, releaseLock } from './apply/lock.js';

// Versioned migrations.
export { readFolder, migrateSchema, rollbackSchema, migrationStatus, type MigrationFolder, type RunResult } from './migrations/index.js';

// Tenants.
export { listTenants, invalidTenantName } from './tenants/names.js';
export { planTenants, type TenantsPlan, type TenantGroup } from './tenants/plan.js';
export { applyTenants, type TenantResult } from './tenants/apply.js';
export { runPool, type Connection, type PoolOptions } from './fanout/pool.js';
export { resolveFleet, pickTargets, type Fleet, type FleetTarget } from './fanout/fleet-targets.js';
export { planFleet, type FleetPlan, type FleetRunOptions } from './fanout/fleet-plan.js';
export { applyFleet, type FleetApplyOptions } from './fanout/fleet-apply.js';
export { migrateFleet, statusFleet, type FleetMigrateOptions } from './fanout/fleet-migrate.js';
export type { FleetRow, FleetGroup, FleetProgress, Outcome } from './fanout/results.js';

// Pull: a database → resource files.
export { pull, pulledFile, type PullOptions, type PullResult } from './pull/index.js';

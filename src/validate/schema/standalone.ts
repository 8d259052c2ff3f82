/**
 * The schema's validator compiled ahead of time. Compiling schema/pgdecl.schema.json with Ajv
 * takes a few hundred milliseconds in every process that validates files (measured: more
 * than parsing 1,000 resources); the build writes Ajv's standalone code for it
 * (`dist/validate/schema/standalone.cjs`, scripts/build-validator.mjs), and a valid document
 * is accepted by that code without Ajv compiling anything. A document it rejects is validated
 * again by the compiled validator (./ajv.ts), whose errors point into the schema to explain
 * them; so is every document where the built code is not used (running from the sources), is
 * missing, or was built from another schema (its hash differs).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { packageFile, schemaUrl } from '../../util/package-file.js';
import { newAjv, schemaValidator } from './ajv.js';

/**
 * The built file (scripts/build-validator.mjs), for built code only: running from the sources,
 * the schema is compiled as the sources say, whatever an earlier build left in dist/.
 */
const built = (): string | undefined => (import.meta.url.endsWith('.ts') ? undefined : packageFile('dist', 'validate', 'schema', 'standalone.cjs'));

export const schemaHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** The standalone module's source for the schema text (CommonJS: Ajv's runtime helpers are required). */
export async function standaloneSource(schemaText: string): Promise<string> {
  const { default: standaloneCode } = (await import('ajv/dist/standalone/index.js')) as unknown as { default: { default?: unknown } & ((...a: unknown[]) => string) };
  const generate = (typeof standaloneCode === 'function' ? standaloneCode : (standaloneCode as { default: (...a: unknown[]) => string }).default) as (ajv: unknown, v: unknown) => string;
  const ajv = newAjv(true);
  const validate = ajv.compile(JSON.parse(schemaText) as object);
  return `${generate(ajv, validate)}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(schemaText))};\n`;
}

type Check = (value: unknown) => boolean;
let fast: Check | undefined;

/** Whether `value` satisfies the schema: the built code when it is there and current, else the compiled validator. */
export function satisfiesSchema(value: unknown): boolean {
  fast ??= builtCheck() ?? ((v) => schemaValidator().validate(v) as boolean);
  return fast(value);
}

function builtCheck(): Check | undefined {
  const file = built();
  if (file === undefined || !existsSync(file)) return undefined;
  try {
    const mod = createRequire(import.meta.url)(file) as Check & { schemaHash?: string };
    return mod.schemaHash === schemaHash(readFileSync(schemaUrl(), 'utf8')) ? (v) => mod(v) : undefined;
  } catch {
    return undefined;
  }
}

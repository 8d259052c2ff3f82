/**
 * A project's lint config: `pgdecl-lint.yaml` in the working directory (or `--config FILE`).
 *
 *   rules:
 *     prefer-timestamptz: warning     # error (the default) | warning | off
 *     renaming-column: off
 *
 * Mistakes in it are errors with the file, line and column, like those of resource files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';
import { closest } from '../util/suggest.js';
import { RULE_NAMES, type RuleName, type Severity } from './rules.js';

export const LINT_CONFIG_FILE = 'pgdecl-lint.yaml';

export type RuleSetting = Severity | 'off';

export interface LintConfig {
  /** Where it was read from, if anywhere. */
  readonly file?: string;
  readonly rules: Readonly<Record<RuleName, RuleSetting>>;
}

const SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'off'];

export function defaultConfig(): LintConfig {
  return { rules: Object.fromEntries(RULE_NAMES.map((r) => [r, 'error'])) as Record<RuleName, RuleSetting> };
}

export type ConfigResult = { readonly config: LintConfig } | { readonly diagnostics: readonly Diagnostic[] };

/** Reads `explicit`, else `pgdecl-lint.yaml` in `cwd` when it exists, else the defaults. */
export function loadLintConfig(cwd: string, explicit?: string): ConfigResult {
  const path = explicit !== undefined ? resolve(cwd, explicit) : resolve(cwd, LINT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (explicit === undefined) return { config: defaultConfig() };
    return { diagnostics: [{ code: 'lint_config_invalid', severity: 'error', message: `the lint config ${explicit} does not exist`, suggestion: `create it, or leave out --config to use ${LINT_CONFIG_FILE} when present` }] };
  }
  const shown = relative(cwd, path) || path;
  const text = readFileSync(path, 'utf8');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const p = lc.linePos(offset ?? 0);
    return { file: shown, line: p.line, column: p.col };
  };
  const diagnostics: Diagnostic[] = [];
  const bad = (offset: number | undefined, message: string, suggestion: string) =>
    diagnostics.push({ code: 'lint_config_invalid', severity: 'error', message, suggestion, pos: at(offset) });
  for (const e of doc.errors) bad(e.pos[0], `${shown} is not valid YAML: ${e.message.split('\n')[0]}`, 'fix the YAML syntax');
  if (diagnostics.length) return { diagnostics };
  const rules: Record<RuleName, RuleSetting> = { ...defaultConfig().rules };
  const root = doc.contents;
  if (root === null) return { config: { file: shown, rules } };
  if (!isMap(root)) {
    bad(root.range?.[0], `${shown} must be a mapping with a \`rules\` key`, 'write `rules:` followed by `rule-name: error|warning|off` lines');
    return { diagnostics };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'rules') {
      bad(isScalar(pair.key) ? pair.key.range?.[0] : undefined, `unknown key \`${key}\` in ${shown}`, 'the only key is `rules`');
      continue;
    }
    if (!isMap(pair.value)) {
      bad((pair.value as { range?: number[] } | null)?.range?.[0], '`rules` must map rule names to error, warning or off', 'e.g. `rules: { prefer-timestamptz: warning }`');
      continue;
    }
    for (const r of pair.value.items) {
      const name = isScalar(r.key) ? String(r.key.value) : '';
      const keyAt = isScalar(r.key) ? r.key.range?.[0] : undefined;
      if (!(RULE_NAMES as readonly string[]).includes(name)) {
        const guess = closest(name, RULE_NAMES);
        bad(keyAt, `unknown lint rule \`${name}\``, guess ? `did you mean \`${guess}\`?` : `the rules are listed by \`pgdecl lint --help\``);
        continue;
      }
      const value = isScalar(r.value) ? String(r.value.value) : '';
      if (!(SETTINGS as readonly string[]).includes(value)) {
        bad(isScalar(r.value) ? r.value.range?.[0] : keyAt, `rule \`${name}\` is set to \`${value}\``, 'set it to error, warning or off');
        continue;
      }
      rules[name as RuleName] = value as RuleSetting;
    }
  }
  return diagnostics.length ? { diagnostics } : { config: { file: shown, rules } };
}

// The test files compiled to JavaScript once per `npm test` run, so that each test process
// loads plain modules instead of compiling TypeScript through tsx's loader hooks: measured on
// this project, a test process spent 0.5–0.9 s more CPU starting through tsx (test/compile.test.ts:
// 1.9–2.4 s of CPU through tsx, 1.0–1.3 s compiled), over 86 test files run on two cores.
//
// The copy is a folder `.test-build/run-<pid>/` laid out as the repository: every folder that
// holds TypeScript (src/, test/, scripts/, bench/) is a real folder where each `x.ts` becomes `x.js`
// (esbuild, the same compiler tsx uses, reading the same tsconfig.json; source maps inline, so a
// failing test's stack names the .ts lines) beside a link to `x.ts` itself (tests that read the
// sources find them); everything else is a link to the repository's own file or folder
// (fixtures/, dist/, package.json, node_modules/…). A test that writes a golden file writes
// through the link into the repository. The folder is removed when the run ends; folders of
// runs that ended without removing theirs (killed) are removed by the next run.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

const SKIP = new Set(['.git', 'node_modules', '.test-build']);

function holdsTypeScript(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() ? !SKIP.has(e.name) && holdsTypeScript(join(dir, e.name)) : isSource(e.name)) return true;
  }
  return false;
}

const isSource = (name) => name.endsWith('.ts') && !name.endsWith('.d.ts');

/** Lays out `into` as `from`: real folders where TypeScript is, links elsewhere; returns the .ts files. */
function layOut(from, into) {
  const sources = [];
  mkdirSync(into, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    if (SKIP.has(e.name) && e.name !== 'node_modules') continue;
    const src = join(from, e.name);
    const dst = join(into, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && holdsTypeScript(src)) sources.push(...layOut(src, dst));
    else {
      symlinkSync(src, dst);
      if (isSource(e.name)) sources.push(src);
    }
  }
  return sources;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Builds the compiled copy of `root` for this run; returns its folder and how to remove it. */
export async function buildTestCopy(root) {
  const base = join(root, '.test-build');
  mkdirSync(base, { recursive: true });
  for (const n of readdirSync(base)) {
    const pid = Number(/^run-(\d+)$/.exec(n)?.[1]);
    if (!pid || !alive(pid)) rmSync(join(base, n), { recursive: true, force: true });
  }
  const dir = join(base, `run-${process.pid}`);
  const sources = layOut(root, dir);
  await build({
    entryPoints: sources,
    outdir: dir,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: false,
    bundle: false,
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'error',
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }), compiled: (file) => join(dir, relative(root, file)).replace(/\.ts$/, '.js') };
}

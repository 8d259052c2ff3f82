/**
 * The data dictionary in a real browser (headless Chromium, installed by apt-get where
 * missing): the page renders every table and column, the filter box hides the tables that do
 * not match, the ER diagram is inline, and a screenshot is not blank.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCli } from './helpers/cli.js';
import { chromium, dumpDom, screenshot } from './helpers/chromium.js';
import { colourCount, decodePng } from './helpers/png.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const browser = chromium();
let site = '';
let page = '';

/** The text of the elements with `id`, `hidden` or not, from a dumped DOM. */
function sections(dom: string): { title: string; hidden: boolean }[] {
  return [...dom.matchAll(/<section class="table[^"]*" id="table-\d+" data-search="[^"]*"( hidden="")?>\s*<h3><code>([^<]+)<\/code>/g)].map((m) => ({ title: m[2]!, hidden: m[1] !== undefined }));
}

if (!browser.path) {
  test(`browser tests skipped: ${browser.why}`, () => {
    console.log(`SKIPPED: ${browser.why}`);
  });
} else {
  test.before(async () => {
    site = mkdtempSync(join(tmpdir(), 'pgdecl-docs-'));
    const r = await runCli(['docs', 'resources.example.yaml', '-o', site], { cwd: ROOT });
    assert.is(r.code, 0, r.stderr);
    page = pathToFileURL(join(site, 'index.html')).href;
  });

  test('the rendered page names every table and column; the filter (?filter= in the address) hides what does not match', () => {
    // One browser run (each takes seconds): the filtered page still holds every section, hidden or not.
    const dom = dumpDom(`${page}?filter=${encodeURIComponent('member')}`);
    const all = sections(dom);
    assert.is(all.length, 12);
    for (const t of ['auth.accounts', 'public.users', 'reference.countries', '&lt;tenant&gt;.posts']) assert.ok(all.some((s) => s.title === t), t);
    for (const c of ['display_name', 'country_code', 'published_at']) assert.match(dom, new RegExp(`<code>${c}</code>`));
    assert.equal(all.filter((s) => !s.hidden).map((s) => s.title), ['public.memberships']);
    assert.match(dom, /<span id="count">1 of 12 tables<\/span>/, 'the script ran');
    assert.match(dom, /<div class="schema" hidden=""><h2>auth<\/h2>/, 'a schema with no table left is hidden');
    assert.match(dom, /<div class="schema"><h2>public<\/h2>/);
    assert.match(dom, /<input id="filter"[^>]*>/);
    assert.match(dom, /per tenant: rows by org_id/);
    assert.match(dom, /per tenant: one copy in every tenant schema/);
    assert.match(dom, /Where we send sign-in links\./, 'a column description');
    assert.match(dom, /<div class="diagram"><svg /, 'the diagram is inline SVG');
  });

  test('a screenshot of the page is not blank', () => {
    const file = join(site, 'page.png');
    screenshot(page, file);
    const png = decodePng(readFileSync(file));
    assert.is(png.width, 1280);
    assert.ok(colourCount(png) > 20, `only ${colourCount(png)} colours`);
  });

}

test.run();

/** The page's only style sheet and script, inlined: the page loads nothing else. */

export const STYLE = `
:root { color-scheme: light; --line: #d6dde5; --muted: #5b6675; --accent: #2f5d8a; --tenant: #f4f0fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d2530; background: #fff; }
header { position: sticky; top: 0; z-index: 2; background: #1f3550; color: #fff; padding: 10px 20px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
header h1 { font-size: 18px; margin: 0; }
header .source { color: #c8d6e6; font-size: 12px; }
#filter { margin-left: auto; padding: 6px 10px; width: 280px; border-radius: 4px; border: 1px solid #8aa; font: inherit; }
#count { font-size: 12px; color: #c8d6e6; }
main { display: grid; grid-template-columns: 240px 1fr; }
nav { border-right: 1px solid var(--line); padding: 12px; font-size: 13px; position: sticky; top: 52px; align-self: start; max-height: calc(100vh - 52px); overflow: auto; }
nav ul { list-style: none; padding-left: 8px; margin: 4px 0 12px; }
nav a { color: var(--accent); text-decoration: none; }
.content { padding: 16px 24px; min-width: 0; }
.diagram { overflow: auto; max-height: 70vh; border: 1px solid var(--line); border-radius: 6px; background: #fbfcfd; }
.diagram svg { max-width: none; height: auto; }
section.table { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
section.table.tenant { background: var(--tenant); }
section.table h3 { margin: 0 0 4px; font-size: 16px; }
.badge { display: inline-block; font-size: 11px; padding: 1px 6px; border-radius: 8px; background: #e6d9f5; color: #4a2c74; margin-left: 6px; vertical-align: middle; }
.resource { color: var(--muted); font-size: 12px; margin-left: 6px; }
.description { color: #333; margin: 4px 0 8px; }
table.columns { border-collapse: collapse; width: 100%; font-size: 13px; }
table.columns th, table.columns td { text-align: left; border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
table.columns th { color: var(--muted); font-weight: 600; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-word; }
.key { font-size: 11px; font-weight: 700; color: var(--accent); }
h4 { margin: 10px 0 4px; font-size: 13px; color: var(--muted); }
ul.defs { margin: 0; padding-left: 18px; }
[hidden] { display: none !important; }
`;

/**
 * The filter: keeps the tables whose schema, table, resource or column names contain every
 * word typed (case-insensitive), and hides the schemas left with none. The box starts with the
 * `filter` query parameter or the `#filter=` fragment, so a filtered view can be linked to.
 */
export const SCRIPT = `
(function () {
  var box = document.getElementById('filter');
  var count = document.getElementById('count');
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.table'));
  var links = Array.prototype.slice.call(document.querySelectorAll('nav li[data-table]'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('div.schema'));
  function apply() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0, visible = {};
    sections.forEach(function (s) {
      var text = s.getAttribute('data-search');
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
      s.hidden = !ok;
      if (ok) { shown++; visible[s.id] = true; }
    });
    links.forEach(function (l) { l.hidden = !visible[l.getAttribute('data-table')]; });
    groups.forEach(function (g) { g.hidden = !g.querySelector('section.table:not([hidden]), li[data-table]:not([hidden])'); });
    count.textContent = shown + ' of ' + sections.length + ' tables';
  }
  var params = new URLSearchParams(location.search);
  var start = params.get('filter');
  if (start === null && location.hash.indexOf('#filter=') === 0) start = decodeURIComponent(location.hash.slice(8));
  if (start !== null) box.value = start;
  box.addEventListener('input', apply);
  apply();
})();
`;

/**
 * The editor experience: yaml-language-server (what VS Code's YAML extension runs), started
 * as an editor would start it, reads schema/pgdecl.schema.json through the modeline on the
 * first line of a document and completes, validates and explains resource files.
 *
 * The documents are opened at a URI in the repository root (never written to disk): the
 * modeline's relative path is resolved against the document, so the server reads the
 * schema file of this checkout.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp-client.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER = fileURLToPath(new URL('../node_modules/yaml-language-server/bin/yaml-language-server', import.meta.url));
const TIMEOUT_MS = 20_000;
const MODELINE = '# yaml-language-server: $schema=./schema/pgdecl.schema.json';

interface Position {
  line: number;
  character: number;
}
interface CompletionItem {
  label: string;
  kind?: number;
  insertText?: string;
}
interface Diagnostic {
  range: { start: Position; end: Position };
  message: string;
  severity?: number;
}

let client: LspClient | undefined;
let version = 0;

async function server(): Promise<LspClient> {
  if (client) return client;
  const c = new LspClient({
    command: [process.execPath, SERVER, '--stdio'],
    cwd: ROOT,
    timeoutMs: TIMEOUT_MS,
    settings: {
      // Validation, completion and hover on; no schema associations and no schema store:
      // the modeline alone must bring the schema.
      yaml: { validate: true, completion: true, hover: true, schemas: {}, schemaStore: { enable: false }, format: { enable: false } },
      http: { proxy: '', proxyStrictSSL: false },
      '[yaml]': {},
      editor: {},
    },
  });
  client = c;
  const root = pathToFileURL(ROOT).href;
  await c.request('initialize', {
    processId: process.pid,
    clientInfo: { name: 'pgdecl-test' },
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'pgdecl' }],
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: false },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: { relatedInformation: true },
      },
    },
  });
  c.notify('initialized', {});
  return c;
}

/** Opens a document (a fresh URI each time) and returns its URI. */
async function open(text: string): Promise<string> {
  const c = await server();
  const uri = pathToFileURL(`${ROOT}lsp-test-${process.pid}-${++version}.yaml`).href;
  c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  return uri;
}

/** The position of the `|` in a document, and the document without it. */
function cursor(withBar: string): { text: string; position: Position } {
  const lines = withBar.split('\n');
  const line = lines.findIndex((l) => l.includes('|'));
  assert.ok(line >= 0, 'the document marks the cursor with |');
  const character = lines[line]!.indexOf('|');
  lines[line] = lines[line]!.replace('|', '');
  return { text: lines.join('\n'), position: { line, character } };
}

async function complete(withBar: string): Promise<string[]> {
  const { text, position } = cursor(withBar);
  const uri = await open(text);
  const result = await (await server()).request<{ items: CompletionItem[] } | CompletionItem[] | null>('textDocument/completion', {
    textDocument: { uri },
    position,
  });
  const items = Array.isArray(result) ? result : result?.items ?? [];
  return items.map((i) => i.label);
}

async function diagnostics(uri: string): Promise<Diagnostic[]> {
  const p = await (await server()).waitFor<{ uri: string; diagnostics: Diagnostic[] }>('textDocument/publishDiagnostics', (d) => d.uri === uri);
  return p.diagnostics;
}

const includes = (labels: string[], expected: string[]) => {
  const missing = expected.filter((e) => !labels.includes(e));
  assert.equal(missing, [], `missing from the completion list ${JSON.stringify(labels)}`);
};

test.after(async () => {
  await client?.stop();
});

test('the server starts, initializes and asks the editor for its settings', async () => {
  const c = await server();
  // The server pulls its configuration after `initialized`; the client answers it.
  const started = Date.now();
  while (!c.serverRequests.includes('workspace/configuration') && Date.now() - started < TIMEOUT_MS) await new Promise((r) => setTimeout(r, 20));
  assert.ok(c.serverRequests.includes('workspace/configuration'), `server requests: ${c.serverRequests.join(', ')}`);
});

test('completion in a postgres block offers its keys', async () => {
  const labels = await complete(`${MODELINE}
resources:
  Post:
    attributes:
      id: uuid_primary_key
    postgres:
      table: posts
      |
`);
  includes(labels, ['references', 'check_constraints', 'custom_indexes', 'custom_statements', 'triggers', 'manage_tenant']);
  assert.not.ok(labels.includes('table'), 'a key already there is not offered again');
  assert.not.ok(labels.includes('on_delete'), 'keys of other objects are not offered');
});

test('completion in a reference offers the foreign-key options', async () => {
  const labels = await complete(`${MODELINE}
resources:
  Post:
    relationships:
      author: { type: belongs_to, destination: User }
    postgres:
      table: posts
      references:
        author:
          |
`);
  includes(labels, ['on_delete', 'on_update', 'deferrable', 'initially_deferred', 'match_type', 'match_with', 'index']);
});

test('completion after on_delete: offers the actions', async () => {
  const labels = await complete(`${MODELINE}
resources:
  Post:
    postgres:
      table: posts
      references:
        author:
          on_delete: |
`);
  includes(labels, ['nothing', 'restrict', 'delete', 'nilify']);
  assert.not.ok(labels.includes('update'), `on_update's value is not an on_delete action: ${labels}`);
});

test('completion of an attribute offers macros and type names', async () => {
  const labels = await complete(`${MODELINE}
resources:
  Post:
    attributes:
      id: |
    postgres:
      table: posts
`);
  includes(labels, ['uuid_primary_key', 'uuid_v7_primary_key', 'integer_primary_key', 'create_timestamp', 'ci_string', 'utc_datetime_usec']);
});

test('completion of an attribute type: type names and labelled {array: T} / {range: T} / {domain: name}, never [object Object]', async () => {
  const labels = await complete(`${MODELINE}
resources:
  Post:
    attributes:
      tags:
        type: |
    postgres:
      table: posts
`);
  includes(labels, ['string', 'integer', 'uuid', 'ci_string', 'utc_datetime_usec', '{array: T}', '{range: T}', '{enum: name}', '{domain: name}', '{composite: name}']);
  assert.equal(labels.filter((l) => /object Object|undefined/.test(l)), [], `labels: ${JSON.stringify(labels)}`);
});

test('completion offers the snippets: a new resource, a custom index', async () => {
  const resource = await complete(`${MODELINE}
resources:
  |
`);
  includes(resource, ['New resource']);
  const index = await complete(`${MODELINE}
resources:
  Post:
    postgres:
      table: posts
      custom_indexes:
        - |
`);
  includes(index, ['Custom index', 'fields', 'using', 'opclass']);
});

test('a misspelled key is a diagnostic on its line', async () => {
  const text = `${MODELINE}
resources:
  Post:
    postgres:
      table: posts
      references:
        author:
          on_delet: delete
`;
  const found = await diagnostics(await open(text));
  const line = text.split('\n').findIndex((l) => l.includes('on_delet:'));
  const hit = found.filter((d) => d.range.start.line === line);
  assert.ok(hit.length > 0, `a diagnostic on line ${line + 1}: ${JSON.stringify(found)}`);
  assert.match(hit.map((d) => d.message).join('\n'), /on_delet/);
  assert.ok(found.every((d) => d.range.start.line === line), `nothing on other lines: ${JSON.stringify(found)}`);
});

test('a wrong enum value is a diagnostic too', async () => {
  const text = `${MODELINE}
resources:
  Post:
    postgres:
      table: posts
      references:
        author:
          deferrable: maybe
`;
  const found = await diagnostics(await open(text));
  const line = text.split('\n').findIndex((l) => l.includes('deferrable:'));
  assert.ok(found.some((d) => d.range.start.line === line), JSON.stringify(found));
});

test('resources.example.yaml has no diagnostics, and hover explains a key', async () => {
  const text = readFileSync(`${ROOT}resources.example.yaml`, 'utf8');
  const uri = await open(text);
  // The schema is in use: hovering `deferrable` shows its markdown description.
  const lines = text.split('\n');
  const line = lines.findIndex((l) => /^\s+deferrable: initially/.test(l));
  assert.ok(line > 0);
  const hover = await (await server()).request<{ contents: { kind: string; value: string } | string } | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line, character: lines[line]!.indexOf('deferrable') + 2 },
  });
  const value = typeof hover?.contents === 'string' ? hover.contents : hover?.contents.value ?? '';
  assert.match(value, /wait until the end of the transaction/);
  assert.equal(await diagnostics(uri), []);
});

test.run();

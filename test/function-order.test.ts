/**
 * The order a plan creates functions in (src/ir/function-calls.ts): an SQL-language function
 * after the functions its body calls, whatever their names; others, and cycles, as given.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Function } from '../src/ir/catalog.js';
import { calleesFirst } from '../src/ir/function-calls.js';

const fn = (name: string, body: string, language = 'sql', extra: Partial<Function> = {}): Function => ({ schema: 'public', name, arguments: '', returns: 'integer', language, body, volatility: 'volatile', security: 'invoker', ...extra });

test('an SQL-language body comes after the functions it calls, transitively; the rest keep their order', () => {
  const a = fn('a_total', 'RETURN b_tax(c_base())', 'sql', { sqlBody: true });
  const b = fn('b_tax', '\nSELECT c_base() * 1.2\n');
  const c = fn('c_base', 'RETURN 1', 'sql', { sqlBody: true });
  const p = fn('d_plpgsql', '\nBEGIN RETURN e_late(); END\n', 'plpgsql');
  const e = fn('e_late', 'RETURN 2', 'sql', { sqlBody: true });
  assert.equal(calleesFirst([a, b, c, p, e]).map((f) => f.name), ['c_base', 'b_tax', 'a_total', 'd_plpgsql', 'e_late']);
});

test('overloads of a called name all come first; a cycle is cut where it closes', () => {
  const caller = fn('caller', 'RETURN area(1) + area(1, 2)', 'sql', { sqlBody: true });
  const area1 = fn('area', 'RETURN 1', 'sql', { arguments: 'r integer' });
  const area2 = fn('area', 'RETURN 2', 'sql', { arguments: 'w integer, h integer' });
  assert.equal(calleesFirst([caller, area1, area2]).map((f) => `${f.name}(${f.arguments})`), ['area(r integer)', 'area(w integer, h integer)', 'caller()']);
  const x = fn('x', '\nSELECT y()\n');
  const y = fn('y', '\nSELECT x()\n');
  assert.equal(calleesFirst([x, y]).map((f) => f.name), ['y', 'x']);
});

test.run();

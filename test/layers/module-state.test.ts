// The engine holds no module state (issue 18): what a lint needs is passed in or derived from
// the values it reads, so two lints in one process, a language server's and a CLI's, cannot see
// each other. A module-level `let` is state; so is a module-level WeakMap or Map filled at run
// time (a cache keyed by the values of one lint): derived values are kept on their owner with
// engine/kept-with.ts instead. Constant tables (`const x = new Set([...])`) are not state.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const engine = join(__dirname, '..', '..', 'server', 'src', 'engine');

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Collections that are filled at run time when created empty (`new WeakMap()`, `new Map()`). */
const fillable = new Set(['Map', 'WeakMap', 'Set', 'WeakSet']);

function moduleState(path: string): string[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    const line = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    for (const declaration of list.declarations) {
      const name = declaration.name.getText();
      if (!(list.flags & ts.NodeFlags.Const)) {
        found.push(`${relative(engine, path)}:${line(declaration)} module-level ${list.flags & ts.NodeFlags.Let ? 'let' : 'var'} ${name}`);
        continue;
      }
      const value = declaration.initializer;
      if (value && ts.isNewExpression(value) && fillable.has(value.expression.getText()) && (value.arguments?.length ?? 0) === 0) {
        found.push(`${relative(engine, path)}:${line(declaration)} module-level empty ${value.expression.getText()} ${name}`);
      }
    }
  }
  return found;
}

describe('engine module state', () => {
  it('no module-level let, var, or collection filled at run time in server/src/engine', () => {
    assert.deepEqual(sources(engine).flatMap(moduleState), []);
  });

  it('the check sees what it forbids', () => {
    const probe = join(engine, 'kept-with.ts');
    assert.ok(sources(engine).includes(probe), 'the engine sources are not where the test looks');
  });
});

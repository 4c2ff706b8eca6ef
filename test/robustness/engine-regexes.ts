// Every regular expression of the engine, collected from server/src by the TypeScript parser:
// each regex literal, and each `new RegExp(...)` (whose pattern is built at run time, so it
// is listed for review rather than run). regex-guard.test.ts runs the literals against
// pathological inputs and forbids the shapes known to backtrack.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface EngineRegex {
  source: string;
  flags: string;
  /** file:line, for messages. */
  where: string;
}

export const serverSource = join(__dirname, '..', '..', 'server', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
    })
    .sort();
}

export function engineRegexes(): { literals: EngineRegex[]; constructed: string[] } {
  const literals: EngineRegex[] = [];
  const constructed: string[] = [];
  for (const path of sourceFiles(serverSource)) {
    const text = readFileSync(path, 'utf8');
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => `${relative(serverSource, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const written = (node as ts.RegularExpressionLiteral).text;
        const slash = written.lastIndexOf('/');
        literals.push({ source: written.slice(1, slash), flags: written.slice(slash + 1), where: where(node) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        constructed.push(`${where(node)} ${node.getText(file).replace(/\s+/g, ' ')}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { literals, constructed };
}

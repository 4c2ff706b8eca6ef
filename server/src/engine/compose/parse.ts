// Compose files -> the Compose model and the dockerd settings of services that run dockerd.
// Every YAML document of the file is read; the parts that parse still yield findings when
// others are broken (yaml-syntax reports the errors).

import type { Span } from '../types';
import type { Suppressions } from '../suppressions';
import type { DockerdSettings } from '../settings';
import { serviceDockerd } from './dind';
import { type ComposeDocument, type ComposeModel, maxInheritedItems, readComposeModel } from './model';
import { type ServicesRead, parseYamlDocuments, readYaml } from './yaml-reader';

export interface ParsedCompose {
  compose: ComposeDocument;
  dockerd: DockerdSettings[];
  suppressions: Suppressions;
}

/** A Compose file whose `extends` chains inherit more than maxInheritedItems: analysis-limit. */
export interface InheritanceLimit {
  limit: { message: string; span: Span };
}

export function parseCompose(uri: string, text: string): ParsedCompose {
  return parseComposeWithin(uri, text, Infinity) as ParsedCompose;
}

/**
 * The last large Compose file read by services. A keystroke changes one place of the text: the
 * parts before it are the same text at the same offsets after the same anchors, so the next
 * read of that document takes them from here instead of lexing and parsing them again. One
 * entry, the document being typed in; results are those of a fresh read
 * (test/engine/yaml-reader.test.ts compares them after random edits).
 */
let lastRead: ServicesRead | undefined;

/** The file's model, or where its flow collections nest deeper than `flowLimit` (nothing is read then). */
export function parseComposeWithin(uri: string, text: string, flowLimit: number): ParsedCompose | { tooDeep: number } | InheritanceLimit {
  const read = readYaml(text, flowLimit, lastRead);
  lastRead = 'read' in read ? read.read : undefined;
  if ('tooDeep' in read) return read;
  const documents = read.documents;
  const models = documents.map((document) => readComposeModel(document.root));
  const inheritance = models.find((model) => model.inheritanceLimit)?.inheritanceLimit;
  if (inheritance) {
    const message = `The extends chains of this file inherit more than ${maxInheritedItems.toLocaleString('en-US')} items (service "${inheritance.service}" and after): dockerd-lint resolves up to that.`;
    return { limit: { message, span: inheritance.span } };
  }
  const services = models.flatMap((model) => model.services);
  const dockerd = services.flatMap((service) => serviceDockerd(service, uri) ?? []);
  return {
    compose: { services, models, syntaxErrors: documents.flatMap((document) => document.errors) },
    dockerd,
    suppressions: yamlSuppressions(text),
  };
}

const composeNames = [/^compose\.ya?ml$/, /^docker-compose.*\.ya?ml$/, /^compose\..+\.ya?ml$/, /^.+\.compose\.ya?ml$/];

/** How far into a YAML file of another name the content check looks. */
const sniffLength = 64 * 1024;

export function detectCompose(path: string, text: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (composeNames.some((pattern) => pattern.test(name))) return true;
  if (!/\.ya?ml$/.test(name)) return false;
  const head = text.slice(0, sniffLength);
  if (!/^services[ \t]*:/m.test(head)) return false;
  return parseYamlDocuments(head).some((document) => looksLikeServices(readComposeModel(document.root)));
}

/** A top-level `services:` map whose entries use Compose service keys. */
function looksLikeServices(model: ComposeModel): boolean {
  if (model.services.length === 0) return false;
  const serviceKeys = new Set(['image', 'build', 'ports', 'volumes', 'command', 'environment', 'networks', 'depends_on', 'restart']);
  return model.services.every((service) => service.node.entries.some((entry) => serviceKeys.has(entry.key)));
}

// A directive is the line's last `#` (text after it may hold no other), at the start or after
// a blank. Found with lastIndexOf, then matched anchored: the single unanchored pattern this
// replaces backtracked quadratically over a long run of blanks (issue 16 item 6).
const suppressionPattern = /^#\s*dockerd-lint-disable(-next-line)?(?:[ \t]([^]*))?$/;

/** `# dockerd-lint-disable-next-line RULE[, RULE]` and `# dockerd-lint-disable RULE` (whole file). */
export function yamlSuppressions(text: string): Suppressions {
  const suppressions: Suppressions = { byLine: new Map(), wholeFile: new Set() };
  if (!text.includes('dockerd-lint-disable')) return suppressions;
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    const hash = line.lastIndexOf('#');
    if (hash < 0 || (hash > 0 && !/\s/.test(line[hash - 1]))) return;
    const match = suppressionPattern.exec(line.slice(hash));
    if (!match) return;
    const ids = (match[2] ?? '').split(/[\s,]+/).filter((id) => id !== '');
    const rules = ids.length > 0 ? ids : ['*'];
    if (match[1]) {
      const set = suppressions.byLine.get(index + 1) ?? new Set<string>();
      for (const id of rules) set.add(id);
      suppressions.byLine.set(index + 1, set);
    } else {
      for (const id of rules) suppressions.wholeFile.add(id);
    }
  });
  return suppressions;
}

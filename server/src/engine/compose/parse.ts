// Compose files -> the Compose model and the dockerd settings of services that run dockerd.
// Every YAML document of the file is read; the parts that parse still yield findings when
// others are broken (yaml-syntax reports the errors).

import { CST, Lexer } from 'yaml';
import { type SuppressionDirective, type Suppressions, parseDirective } from '../suppressions';
import { LineIndex } from '../text';
import type { Span } from '../types';
import type { UnreadInput } from '../document';
import type { DockerdSettings } from '../settings';
import { serviceDockerd } from './dind';
import type { ProjectEnvironment } from './dotenv';
import type { ComposeDocument, ComposeModel } from './model';
import { maxInheritedItems, readComposeModel } from './model-reader';
import { type YamlReadMemory, parseYamlDocuments, readYaml } from './yaml-reader';

export interface ParsedContainers {
  containers: ComposeDocument;
  dockerd: DockerdSettings[];
  suppressions: Suppressions;
  unread?: readonly UnreadInput[];
}

/** A Compose file whose `extends` chains inherit more than maxInheritedItems: analysis-limit. */
export interface InheritanceLimit {
  limit: { message: string; span: Span };
}

export function parseCompose(uri: string, text: string, env?: ProjectEnvironment): ParsedContainers {
  return parseComposeWithin(uri, text, Infinity, { env }) as ParsedContainers;
}

/** The file's model, or where its flow collections nest deeper than `flowLimit` (nothing is read then). */
export function parseComposeWithin(
  uri: string,
  text: string,
  flowLimit: number,
  { env, memory }: { env?: ProjectEnvironment; memory?: YamlReadMemory } = {},
): ParsedContainers | { tooDeep: number } | InheritanceLimit {
  const read = readYaml(text, flowLimit, memory);
  if ('tooDeep' in read) return read;
  const documents = read.documents;
  const models = documents.map((document) => readComposeModel(document.root, env));
  const inheritance = models.find((model) => model.inheritanceLimit)?.inheritanceLimit;
  if (inheritance) {
    const message = `The extends chains of this file inherit more than ${maxInheritedItems.toLocaleString('en-US')} items (service "${inheritance.service}" and after): dockerd-lint resolves up to that.`;
    return { limit: { message, span: inheritance.span } };
  }
  const services = models.flatMap((model) => model.services);
  const dockerd = services.flatMap((service) => serviceDockerd(service, uri, 'compose') ?? []);
  return {
    containers: { services, models, syntaxErrors: documents.flatMap((document) => document.errors) },
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

/**
 * Suppression comments (syntax: ../suppressions.ts) from yaml's comment tokens, so a
 * `# dockerd-lint-disable` inside a block scalar or a quoted string (a healthcheck script) is
 * the text it is, not a directive. `-line` covers the comment's line, `-next-line` the line below.
 */
export function yamlSuppressions(text: string): Suppressions {
  return commentSuppressions(text, yamlComments(text));
}

/** The directives of a file's comment tokens (`#` included), whatever the syntax that found them. */
export function commentSuppressions(text: string, comments: Iterable<{ text: string; span: Span }>): Suppressions {
  const directives: SuppressionDirective[] = [];
  if (!text.includes('dockerd-lint-disable')) return { directives };
  const lines = new LineIndex(text);
  for (const comment of comments) {
    const directive = parseDirective(comment.text);
    if (!directive) continue;
    const line = lines.position(comment.span.start).line;
    const covered = directive.form === 'next-line' ? line + 1 : line;
    directives.push({ ...directive, span: comment.span, firstLine: covered, lastLine: covered });
  }
  return { directives };
}

/** The comment tokens of a YAML text, with their offsets counted as yaml's Parser counts them. */
function* yamlComments(text: string): Generator<{ text: string; span: Span }> {
  let offset = 0;
  let scalarNext = false;
  for (const lexeme of new Lexer().lex(text)) {
    if (scalarNext) {
      // The source of a scalar, whatever its first character.
      scalarNext = false;
      offset += lexeme.length;
      continue;
    }
    const type = CST.tokenType(lexeme);
    if (type === 'scalar') scalarNext = true;
    else if (type === 'doc-mode' || type === 'flow-error-end') continue;
    else {
      if (type === 'comment') yield { text: lexeme, span: { start: offset, end: offset + lexeme.length } };
      offset += lexeme.length;
    }
  }
}

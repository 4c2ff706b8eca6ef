// The linted Compose files as their projects see them (compose/project.ts): each member file of
// a project holds the merged services it defines first, with values set elsewhere marked with
// their file. Files of no project, and projects of one file that read nothing else, are as parsed.

import type { ComposeFile, ParsedFile } from '../document';
import type { ProjectEnvironment } from './dotenv';
import type { ComposeDocument, ComposeModel } from './model';
import { type ComposeProject, type ReadCompanion, composeProjects, heldBy } from './project';

export interface ProjectFiles {
  /** The parsed files with project members replaced by their views. */
  files: ReadonlyMap<string, ParsedFile>;
  /** URIs of the files that hold a project view. */
  views: Set<string>;
  projects: ComposeProject[];
  /** For each project, the URIs of its files that hold a view, in the project's order: one stack of the connectivity model. */
  members: string[][];
}

/** How lint.ts parses a Compose file (its budgets apply to companions too), passed in to keep the layers acyclic. */
type ParseCompose = (source: { uri: string; text: string; kind: 'compose'; env?: ProjectEnvironment }) => ParsedFile | undefined;

/** `namedBy`: folders whose .env names its Compose files by COMPOSE_FILE (they may lie elsewhere). */
export function composeProjectFiles(parsed: ReadonlyMap<string, ParsedFile>, read: ReadCompanion, parse: ParseCompose, namedBy: readonly string[] = []): ProjectFiles {
  const composeUris = [...parsed.values()].filter((file) => file.kind === 'compose' && !file.limit).map((file) => file.uri);
  if (composeUris.length === 0) return { files: parsed, views: new Set(), projects: [], members: [] };
  const companions = new Map<string, ComposeDocument | undefined>();
  // Each project's .env is one variables object: files read with it are kept per object.
  const withEnv = new WeakMap<ProjectEnvironment, Map<string, ComposeDocument | undefined>>();
  const readCached = new Map<string, string | undefined>();
  const readOnce: ReadCompanion = (uri) => {
    if (!readCached.has(uri)) readCached.set(uri, parsed.has(uri) ? parsed.get(uri)!.text : read(uri));
    return readCached.get(uri);
  };
  const lookup = (uri: string, env?: ProjectEnvironment): ComposeDocument | undefined => {
    const file = parsed.get(uri);
    const withVariables = env !== undefined && env.variables.size > 0;
    if (file && (!withVariables || file.kind !== 'compose' || file.limit)) return file.kind === 'compose' && !file.limit ? file.containers : undefined;
    // Read again with the .env's variables: a linted file's own model judged every variable unset.
    let cache = companions;
    if (withVariables) {
      if (!withEnv.has(env)) withEnv.set(env, new Map());
      cache = withEnv.get(env)!;
    }
    if (!cache.has(uri)) {
      const text = readOnce(uri);
      const companion = text === undefined ? undefined : parse({ uri, text, kind: 'compose', env });
      cache.set(uri, companion?.kind === 'compose' && !companion.limit ? companion.containers : undefined);
    }
    return cache.get(uri);
  };
  const projects = composeProjects(composeUris, lookup, readOnce, namedBy);
  const files = new Map(parsed);
  const views = new Set<string>();
  const held: string[][] = [];
  for (const project of projects) {
    const members = [...new Set([...project.files, ...project.services.map((service) => service.uri!)])].filter((uri) => files.get(uri)?.kind === 'compose');
    // A service defined first in a file outside the lint is held by the project's first linted file.
    const holder = (uri: string | undefined) => (uri && members.includes(uri) ? uri : members[0]);
    for (const uri of members) {
      const file = files.get(uri) as ComposeFile;
      if (file.limit) continue;
      const services = project.services.filter((service) => holder(service.uri) === uri).map((service) => heldBy(service, uri));
      // The file's own top-level map stays: fixes declare volumes there.
      const model: ComposeModel = { node: file.containers.models[0]?.node, services, networks: project.model.networks, volumes: project.model.volumes };
      files.set(uri, { ...file, containers: { services, models: [model], syntaxErrors: file.containers.syntaxErrors } });
      views.add(uri);
    }
    held.push(members.filter((uri) => views.has(uri)));
  }
  return { files, views, projects, members: held };
}

// The linted Compose files as their projects see them (compose/project.ts): each member file of
// a project holds the merged services it defines first, with values set elsewhere marked with
// their file. Files of no project, and projects of one file that read nothing else, are as parsed.

import type { ComposeFile, ParsedFile } from '../document';
import type { SourceFile } from '../lint';
import type { ComposeDocument, ComposeModel } from './model';
import { type ComposeProject, type ReadCompanion, composeProjects } from './project';

export interface ProjectFiles {
  /** The parsed files with project members replaced by their views. */
  files: ReadonlyMap<string, ParsedFile>;
  /** URIs of the files that hold a project view. */
  views: Set<string>;
  projects: ComposeProject[];
}

export function composeProjectFiles(parsed: ReadonlyMap<string, ParsedFile>, read: ReadCompanion, parse: (source: SourceFile) => ParsedFile | undefined): ProjectFiles {
  const composeUris = [...parsed.values()].filter((file) => file.kind === 'compose' && !file.limit).map((file) => file.uri);
  if (composeUris.length === 0) return { files: parsed, views: new Set(), projects: [] };
  const companions = new Map<string, ComposeDocument | undefined>();
  const readCached = new Map<string, string | undefined>();
  const readOnce: ReadCompanion = (uri) => {
    if (!readCached.has(uri)) readCached.set(uri, parsed.has(uri) ? parsed.get(uri)!.text : read(uri));
    return readCached.get(uri);
  };
  const lookup = (uri: string): ComposeDocument | undefined => {
    const file = parsed.get(uri);
    if (file) return file.kind === 'compose' && !file.limit ? file.compose : undefined;
    if (!companions.has(uri)) {
      const text = readOnce(uri);
      const companion = text === undefined ? undefined : parse({ uri, text, kind: 'compose' });
      companions.set(uri, companion?.kind === 'compose' && !companion.limit ? companion.compose : undefined);
    }
    return companions.get(uri);
  };
  const projects = composeProjects(composeUris, lookup, readOnce).filter((project) => project.files.length > 1 || project.companions.length > 0);
  const files = new Map(parsed);
  const views = new Set<string>();
  for (const project of projects) {
    const members = [...new Set([...project.files, ...project.services.map((service) => service.uri!)])].filter((uri) => files.get(uri)?.kind === 'compose');
    // A service defined first in a file outside the lint is held by the project's first linted file.
    const holder = (uri: string | undefined) => (uri && members.includes(uri) ? uri : members[0]);
    for (const uri of members) {
      const file = files.get(uri) as ComposeFile;
      if (file.limit) continue;
      const services = project.services.filter((service) => holder(service.uri) === uri);
      const model: ComposeModel = { services, networks: project.model.networks, volumes: project.model.volumes };
      files.set(uri, { ...file, compose: { services, models: [model], syntaxErrors: file.compose.syntaxErrors } });
      views.add(uri);
    }
  }
  return { files, views, projects };
}

// The container surfaces beside Compose (CI files, Kubernetes manifests, GitLab Runner's
// config): each tells its files by name and content and reads them into the container model
// (compose/model.ts) that the container rules and the connectivity model read. A kind added to
// types.ts ContainerKind needs its reader here, and lint.ts and detect.ts find it.

import type { InheritanceLimit, ParsedContainers } from './compose/parse';
import type { YamlReadMemory } from './compose/yaml-reader';
import { gitlabRunnerReader } from './gitlab-runner/read';
import { kubernetesReader } from './kubernetes/read';
import { gitlabCiReader } from './gitlab-ci';
import type { ContainerKind } from './types';
import { githubActionsReader } from './github-actions/read';

export interface ContainerSurfaceReader {
  /** Whether the file at `path` (slashes) with `text` is of this kind: by name first, then a bounded look at its content. */
  detect(path: string, text: string): boolean;
  /** The file's containers, or where its collections nest deeper than `flowLimit` (nothing is read then). */
  read(uri: string, text: string, flowLimit: number, context?: SurfaceReadContext): ParsedContainers | { tooDeep: number } | InheritanceLimit;
}

/** What a reader may use beyond the file's text. */
export interface SurfaceReadContext {
  /** Reads the files the file includes (a pipeline's local includes). */
  readCompanion?: (uri: string) => string | undefined;
  /** The last read of this document while it is typed in, for a YAML reader to take unchanged parts from. */
  memory?: YamlReadMemory;
}

export type SurfaceKind = Exclude<ContainerKind, 'compose'>;

/** Tried in this order before Compose's own content check, so a CI file with a `services:` key is not taken for Compose. */
export const surfaceReaders: { readonly [K in SurfaceKind]: ContainerSurfaceReader } = {
  'gitlab-runner': gitlabRunnerReader,
  kubernetes: kubernetesReader,
  'github-actions': githubActionsReader,
  'gitlab-ci': gitlabCiReader,
};

export function surfaceReader(kind: SurfaceKind): ContainerSurfaceReader {
  return (surfaceReaders as Readonly<Record<string, ContainerSurfaceReader>>)[kind];
}

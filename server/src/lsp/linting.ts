// One lint of an open document: the document plus the files of its host (open or on disk),
// through the engine, with the editor's configuration. The last run per document is kept
// so code actions and hover answer from the findings the user sees.

import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import { type LintHooks, type SourceFile, lintFiles } from '../engine/lint';
import { kindByGlobs, resolveHostGroups } from '../engine/project-config';
import { rulesById } from '../engine/rules';
import type { FileKind, Finding } from '../engine/types';
import type { EffectiveConfig } from './settings';
import { machineRootOf } from '../engine/workspace';
import { noteLintSize } from './v8-policy';
import { type WorkspaceIndex, localPath, maxIndexedFileSize } from './workspace-index';

/** At most this many other files are read for one document's host. */
const maxCompanions = 64;

export interface LintRun {
  uri: string;
  version: number;
  /** Undefined when the document is of no kind dockerd-lint knows. */
  kind?: FileKind;
  findings: Finding[];
  /** Texts the findings' offsets refer to, by URI (the document and its companions). */
  texts: Map<string, string>;
  /** Versions of the open documents among them; files read from disk are absent. */
  versions: Map<string, number>;
  sources: SourceFile[];
  config: EffectiveConfig;
}

export class Linter {
  private readonly runs = new Map<string, LintRun>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly index: WorkspaceIndex,
    private readonly hooks: LintHooks,
  ) {}

  lastRun(uri: string, version?: number): LintRun | undefined {
    const run = this.runs.get(uri);
    return run && (version === undefined || run.version === version) ? run : undefined;
  }

  forget(uri: string): void {
    this.runs.delete(uri);
  }

  /** The URIs whose lint read `uri` (documents to re-lint when it changes on disk). */
  readersOf(uri: string): string[] {
    return [...this.runs.values()].filter((run) => run.uri !== uri && run.texts.has(uri)).map((run) => run.uri);
  }

  async lint(document: TextDocument, config: EffectiveConfig): Promise<LintRun> {
    const kind = this.kindOf(document.uri, config);
    const own: SourceFile = { uri: document.uri, text: document.getText(), kind };
    const sources = [own, ...(await this.companionSources(document.uri, config))];
    const run = this.run(document.uri, document.version, kind, sources, config);
    this.runs.set(document.uri, run);
    return run;
  }

  /** Lints a set of files as one batch (workspace lint), returning every file's findings. */
  lintBatch(sources: SourceFile[], config: EffectiveConfig): Map<string, { kind: FileKind; findings: Finding[] }> {
    noteLintSize(sources.reduce((length, source) => length + source.text.length, 0));
    const options = { ...config.options, hostGroups: this.hostGroups(sources.map((s) => s.uri), config) };
    const results = lintFiles(sources, options, this.hooks);
    return new Map(results.map((result) => [result.uri, { kind: result.kind, findings: this.visible(result.findings, result.kind, config) }]));
  }

  kindOf(uri: string, config: EffectiveConfig): FileKind | undefined {
    const relativePath = this.relativePath(uri);
    return relativePath === undefined ? undefined : kindByGlobs(relativePath, config.kinds);
  }

  private run(uri: string, version: number, kind: FileKind | undefined, sources: SourceFile[], config: EffectiveConfig): LintRun {
    const own = config.enable ? this.lintBatch(sources, config).get(uri) : undefined;
    const versions = new Map<string, number>();
    for (const source of sources) {
      const open = this.documents.get(source.uri);
      if (open) versions.set(source.uri, source.uri === uri ? version : open.version);
    }
    const texts = new Map(sources.map((source) => [source.uri, source.text]));
    return { uri, version, kind: own?.kind ?? kind, findings: own?.findings ?? [], texts, versions, sources, config };
  }

  /** VS Code's JSON and YAML support already underline syntax errors; ours would double them. */
  private visible(findings: Finding[], kind: FileKind, config: EffectiveConfig): Finding[] {
    if (config.reportSyntaxErrors || kind === 'systemd') return findings;
    return findings.filter((finding) => rulesById.get(finding.ruleId)?.meta.about !== 'syntax');
  }

  private hostGroups(uris: string[], config: EffectiveConfig) {
    if (config.hostGroups.length === 0) return undefined;
    return resolveHostGroups(config.hostGroups, uris, (uri) => this.relativePath(uri));
  }

  private relativePath(uri: string): string | undefined {
    const path = localPath(uri);
    if (path === undefined) return undefined;
    const folder = this.index.folderOf(path);
    return folder ? relative(folder, path).split(sep).join('/') : undefined;
  }

  private async companionSources(uri: string, config: EffectiveConfig): Promise<SourceFile[]> {
    const companions = this.companionsOf(uri, config).slice(0, maxCompanions);
    const sources: SourceFile[] = [];
    for (const file of companions) {
      const open = this.documents.get(file.uri);
      if (open) {
        sources.push({ uri: file.uri, text: open.getText(), kind: file.kind });
        continue;
      }
      try {
        const text = await readFile(file.path, 'utf8');
        if (text.length <= maxIndexedFileSize) sources.push({ uri: file.uri, text, kind: file.kind });
      } catch {
        // Deleted since it was indexed: the watcher will tell.
      }
    }
    return sources;
  }

  /** The indexed files one dockerd may read together with `uri`. */
  private companionsOf(uri: string, config: EffectiveConfig) {
    const indexed = this.index.all().filter((file) => file.uri !== uri);
    if (config.hostGroups.length > 0) {
      const groups = this.hostGroups([uri, ...indexed.map((file) => file.uri)], config) ?? [];
      const mine = groups.find((group) => group.includes(uri));
      if (mine) return indexed.filter((file) => mine.includes(file.uri));
    }
    const path = localPath(uri);
    if (path === undefined) return [];
    const own = this.index.get(uri);
    if (own?.kind === 'compose') return [];
    // The same grouping the engine's merge uses, so every file it could merge is read.
    const rootOf = (path: string) => machineRootOf(path.split(sep).join('/'));
    const root = rootOf(path);
    return indexed.filter((file) => file.kind !== 'compose' && rootOf(file.path) === root);
  }
}

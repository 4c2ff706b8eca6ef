// One lint of an open document: the document plus the files of its machine (open or on disk),
// through the engine, with the editor's configuration. The last run per document is kept
// so code actions and hover answer from the findings the user sees. The Linter owns the state
// the engine does not keep: the Compose read of the document being typed in, and the texts
// of files on disk (its machine's, its Compose project's), held until the file watcher
// reports a change (disk-texts.ts: not re-read per keystroke).

import { relative, sep } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import { certificateNamesReader } from '../certificate-names';
import { CompanionReads, confinedReader } from '../companion-reader';
import type { YamlReadMemory } from '../engine/compose/yaml-reader';
import { type LintHooks, type SourceFile, lintFiles } from '../engine/lint';
import { hostGroupOf } from '../engine/config';
import { kindByGlobs } from '../engine/project-config';
import { rulesById } from '../engine/rules';
import { type FileKind, type Finding, isContainerKind } from '../engine/types';
import type { EffectiveConfig } from './settings';
import { machineRootOf } from '../engine/workspace';
import { noteLintSize } from './v8-policy';
import { DiskTexts } from './disk-texts';
import { type WorkspaceIndex, localPath } from './workspace-index';

/** At most this many other files are read for one document's host. */
const maxCompanions = 64;
/** A machine's hover reads at most this many container files (and characters) to find its clients, and keeps at most this many that name it. */
const maxScannedClientFiles = 1000;
const maxScannedClientChars = 16 * 1024 * 1024;
const maxClientFiles = 16;

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
  /** The configuration the lint ran with (its options with host groups resolved and the run's companion reader), for views of the same run (hover). */
  config: EffectiveConfig;
  /**
   * A machine file's run: the workspace's container files (Compose, CI, Kubernetes) whose text
   * names one of `addresses` (its listeners'), for the hover's model of who reaches them. Read
   * when a hover asks, never linted with the document: its findings stay the machine's own.
   */
  clientSources?: (addresses: readonly string[]) => SourceFile[];
}

export class Linter {
  private readonly runs = new Map<string, LintRun>();
  /** The Compose read of the last document linted: one entry, the document being typed in. */
  private readMemory: { uri: string; memory: YamlReadMemory } | undefined;
  private readonly disk = new DiskTexts();
  /** Reads confined to the workspace folders, made again when the folders change. */
  private confined: { folders: readonly string[]; read: (uri: string) => string | undefined } | undefined;

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
    if (this.readMemory?.uri === uri) this.readMemory = undefined;
  }

  /** The client now reports changes to the watched globs: their texts may be kept. */
  filesWatched(): void {
    this.disk.watching();
  }

  /** A file changed, appeared or went away on disk (file watcher), or every file may have (`undefined`). */
  diskChanged(uri?: string): void {
    this.disk.changed(uri);
    // A folder's real path may have changed too: the confined reader takes it again.
    if (uri === undefined) this.confined = undefined;
  }

  /** The URIs whose lint read `uri` (documents to re-lint when it changes on disk). */
  readersOf(uri: string): string[] {
    return [...this.runs.values()].filter((run) => run.uri !== uri && run.texts.has(uri)).map((run) => run.uri);
  }

  lint(document: TextDocument, config: EffectiveConfig): LintRun {
    const kind = this.kindOf(document.uri, config);
    if (this.readMemory?.uri !== document.uri) this.readMemory = { uri: document.uri, memory: {} };
    const own: SourceFile = { uri: document.uri, text: document.getText(), kind, readMemory: this.readMemory.memory };
    const sources = [own, ...this.companionSources(document.uri, config)];
    // A Compose document is judged in its project: open documents first, else files read inside the workspace folders.
    const reads = new CompanionReads((uri) => this.documents.get(uri)?.getText() ?? this.readOnDisk(uri));
    const run = this.run(document.uri, document.version, kind, sources, {
      ...config,
      options: { ...config.options, readCompanion: reads.read, readCertificateNames: certificateNamesReader(reads.read) },
    });
    // The project's files are texts of the run too: a change to one of them re-lints this document.
    for (const [companionUri, text] of reads.texts) if (text !== undefined && !run.texts.has(companionUri)) run.texts.set(companionUri, text);
    if (run.kind !== undefined && !isContainerKind(run.kind)) {
      run.clientSources = (addresses) => {
        const clients = this.containerSourcesNaming(addresses, new Set(sources.map((source) => source.uri)));
        // A change on disk to one of them re-lints this document, and so renews its hover.
        for (const client of clients) if (!run.texts.has(client.uri)) run.texts.set(client.uri, client.text);
        return clients;
      };
    }
    this.runs.set(document.uri, run);
    return run;
  }

  /** Lints a set of files as one batch (workspace lint), returning every file's findings. */
  lintBatch(sources: SourceFile[], config: EffectiveConfig): Map<string, { kind: FileKind; findings: Finding[] }> {
    noteLintSize(sources.reduce((length, source) => length + source.text.length, 0));
    const results = lintFiles(sources, config.options, this.hooks);
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

  private relativePath(uri: string): string | undefined {
    const path = localPath(uri);
    if (path === undefined) return undefined;
    const folder = this.index.folderOf(path);
    return folder ? relative(folder, path).split(sep).join('/') : undefined;
  }

  private companionSources(uri: string, config: EffectiveConfig): SourceFile[] {
    const sources: SourceFile[] = [];
    for (const file of this.companionsOf(uri, config).slice(0, maxCompanions)) {
      // Deleted since it was indexed, or refused (moved out of the folders, no longer a regular file): the watcher will tell.
      const text = this.documents.get(file.uri)?.getText() ?? this.readOnDisk(file.uri);
      if (text !== undefined) sources.push({ uri: file.uri, text, kind: file.kind });
    }
    return sources;
  }

  /**
   * The indexed container files, besides `skipped`, whose text names one of `addresses`: a
   * client can reach a machine only by an address it writes, so a file that names none of them
   * cannot hold one of its clients. Texts come from the open documents or the kept disk texts.
   */
  private containerSourcesNaming(addresses: readonly string[], skipped: ReadonlySet<string>): SourceFile[] {
    const needles = [...new Set(addresses.map((address) => address.toLowerCase()))].filter((needle) => needle.length > 0);
    if (needles.length === 0) return [];
    const candidates = this.index
      .all()
      .filter((file) => isContainerKind(file.kind) && !skipped.has(file.uri))
      .slice(0, maxScannedClientFiles);
    const found: SourceFile[] = [];
    let scanned = 0;
    for (const file of candidates) {
      const text = this.documents.get(file.uri)?.getText() ?? this.readOnDisk(file.uri);
      if (text === undefined) continue;
      scanned += text.length;
      if (scanned > maxScannedClientChars) break;
      const lower = text.toLowerCase();
      if (!needles.some((needle) => lower.includes(needle))) continue;
      found.push({ uri: file.uri, text, kind: file.kind });
      if (found.length >= maxClientFiles) break;
    }
    return found;
  }

  /** A file inside the workspace folders, as kept since the watcher last reported it, else read now. */
  private readOnDisk(uri: string): string | undefined {
    const folders = this.index.folderPaths();
    if (this.confined?.folders !== folders) this.confined = { folders, read: confinedReader(folders) };
    return this.disk.read(uri, this.confined.read);
  }

  /** The indexed files one dockerd may read together with `uri`. */
  private companionsOf(uri: string, config: EffectiveConfig) {
    const indexed = this.index.all().filter((file) => file.uri !== uri);
    const path = localPath(uri);
    if (path === undefined) return [];
    // The machine the engine will group this file into, by the same resolved host groups.
    const groups = config.options.hostGroups ?? [];
    const groupOf = (fileUri: string, filePath: string) => hostGroupOf(fileUri, filePath.split(sep).join('/'), groups);
    const mine = groupOf(uri, path);
    if (mine !== undefined) return indexed.filter((file) => groupOf(file.uri, file.path) === mine);
    const own = this.index.get(uri);
    if (own && isContainerKind(own.kind)) return [];
    // The same grouping the engine's merge uses, so every file it could merge is read.
    const rootOf = (path: string) => machineRootOf(path.split(sep).join('/'));
    const root = rootOf(path);
    return indexed.filter((file) => !isContainerKind(file.kind) && rootOf(file.path) === root);
  }
}

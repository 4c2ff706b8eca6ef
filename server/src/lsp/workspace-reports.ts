// The diagnostics a pulling client gets through `workspace/diagnostic`: the last word on every
// file the server judged, whether "Lint workspace" linted it on disk or the client pulled it
// as an open document. One store, one result id per report, so the client never holds two
// channels for a file (a push beside a pull doubled the counts and outlived edits, issue 19).

import type { Diagnostic, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';

interface Report {
  resultId: string;
  items: Diagnostic[];
  /** The open document's version the items are for; null for a file read from disk. */
  version: number | null;
}

export class WorkspaceReports {
  private readonly reports = new Map<string, Report>();
  private sequence = 0;

  /** Records the problems of `uri` and returns the result id that names them. */
  set(uri: string, items: Diagnostic[], version: number | null = null): string {
    const resultId = `${++this.sequence}`;
    this.reports.set(uri, { resultId, items, version });
    return resultId;
  }

  /** The problems last recorded for `uri` (none when it was never judged). */
  itemsOf(uri: string): Diagnostic[] {
    return this.reports.get(uri)?.items ?? [];
  }

  /**
   * Replaces the reports with a whole-workspace result: a file it no longer lists (deleted, or
   * no longer of a known kind) gets an empty report, so the client drops its problems. The
   * reports of open documents (`isOpen`) stay: their own pulls keep them.
   */
  replaceAll(results: ReadonlyMap<string, Diagnostic[]>, isOpen: (uri: string) => boolean): void {
    for (const uri of this.reports.keys()) if (!results.has(uri) && !isOpen(uri)) this.set(uri, []);
    for (const [uri, items] of results) if (!isOpen(uri)) this.set(uri, items);
  }

  /**
   * The reports the client does not hold yet: those whose result id it does not name. A file
   * it names that the server never judged (a server restarted since) is reported empty.
   */
  changedSince(previousResultIds: readonly { uri: string; value: string }[]): WorkspaceDocumentDiagnosticReport[] {
    const held = new Map(previousResultIds.map((previous) => [previous.uri, previous.value]));
    for (const uri of held.keys()) if (!this.reports.has(uri)) this.set(uri, []);
    const changed: WorkspaceDocumentDiagnosticReport[] = [];
    for (const [uri, report] of this.reports) {
      if (held.get(uri) === report.resultId) continue;
      changed.push({ kind: 'full', uri, version: report.version, resultId: report.resultId, items: report.items });
    }
    return changed;
  }
}

// The status bar item: what the server is doing (from its status notification), and whether
// it is running at all. Clicking it shows the output channel.

import { StatusBarAlignment, ThemeColor, window, type Disposable, type StatusBarItem } from 'vscode';
import type { ServerStatus } from '../../server/src/protocol';

const icons: Record<ServerStatus['state'], string> = { idle: '$(check)', busy: '$(sync~spin)', error: '$(error)' };

export class ServerStatusItem implements Disposable {
  private readonly item: StatusBarItem;

  constructor(showOutputCommand: string) {
    this.item = window.createStatusBarItem('dockerdLint.status', StatusBarAlignment.Right, 100);
    this.item.name = 'dockerd-lint';
    this.item.command = showOutputCommand;
    this.show({ state: 'busy', message: 'starting' });
    this.item.show();
  }

  show(status: ServerStatus): void {
    this.item.text = `${icons[status.state]} dockerd-lint`;
    this.item.tooltip = `dockerd-lint: ${status.state}${status.message ? ` (${status.message})` : ''}`;
    this.item.backgroundColor = status.state === 'error' ? new ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

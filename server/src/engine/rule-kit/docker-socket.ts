// docker.socket as systemd reads it for the host a file belongs to: shared by the rules that
// judge what the socket listens on and who may open it.

import type { ParsedFile } from '../document';
import type { RuleContext } from '../rules/types';
import type { DockerdSettings } from '../settings';
import { type DockerSocketState, dockerSocketState } from '../systemd/socket-unit';
import { hostInfoOf, serviceUsesSocket, socketFiles } from '../workspace';

export interface DockerSocket {
  /** The merged host `file` belongs to, if any. */
  host?: DockerdSettings;
  /** The socket's files in systemd's order (the unit, one masking the others, then drop-ins); `file` alone outside a host. */
  files: ParsedFile[];
  state: DockerSocketState;
}

/** Undefined when the host's docker.service does not take -H fd://: nothing serves on the socket then. */
export function dockerSocketFor(file: ParsedFile, context: RuleContext): DockerSocket | undefined {
  const host = context.hostOf(file.uri);
  const info = host && hostInfoOf(host);
  if (info && !serviceUsesSocket(info.service)) return undefined;
  const files = info ? socketFiles(info.files, file.systemd?.unitName) : [file];
  return { host, files, state: dockerSocketState(files) };
}

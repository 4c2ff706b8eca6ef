// docker.socket as systemd reads it for the host a file belongs to: shared by the rules that
// judge what the socket listens on and who may open it.

import type { SystemdFile } from '../document';
import type { RuleContext } from '../rules/types';
import { type DockerSocketState, dockerSocketState } from '../systemd/socket-unit';
import { type Machine, serviceUsesSocket, socketFiles } from '../workspace';

export interface DockerSocket {
  /** The machine `file` belongs to, if any. */
  machine?: Machine;
  /** The socket's files in systemd's order (the unit, one masking the others, then drop-ins); `file` alone outside a machine. */
  files: SystemdFile[];
  state: DockerSocketState;
}

/** Undefined when the machine's docker.service does not take -H fd://: nothing serves on the socket then. */
export function dockerSocketFor(file: SystemdFile, context: RuleContext): DockerSocket | undefined {
  const machine = context.machine;
  if (machine && !serviceUsesSocket(machine.service)) return undefined;
  const files = machine ? socketFiles(machine.files, file.systemd.unitName) : [file];
  return { machine, files, state: dockerSocketState(files) };
}

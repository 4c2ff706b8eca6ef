import { pathOf } from '../paths';
import type { FileRule } from './types';

export const defaultFileUnused: FileRule<'systemd'> = {
  meta: {
    id: 'default-file-unused',
    severity: 'info',
    title: 'DOCKER_OPTS that no docker.service reads',
    summary:
      "Under systemd, /etc/default/docker (or /etc/sysconfig/docker) only matters when the unit reads it with EnvironmentFile= and passes $DOCKER_OPTS to dockerd. Docker CE's docker.service does not; options written there silently have no effect.",
    howToFix: 'Move the options to /etc/docker/daemon.json, or to a docker.service drop-in.',
    preset: 'recommended',
    fixable: false,
    kinds: ['systemd'],
  },
  scope: 'file',
  check(file, context) {
    const options = file.systemd?.optionsVariable;
    if (!options || options.words.length === 0) return;
    const service = context.machine?.service;
    if (service?.dockerd?.used.some((use) => use.definition.uri === file.uri && use.name === options.name)) return;
    const path = pathOf(file.uri);
    const sysconfig = path.includes('/sysconfig/');
    const where = sysconfig ? '/etc/sysconfig/docker' : '/etc/default/docker';
    // Which packaged units do read it, so the reader can tell whether theirs is one.
    const readers = sysconfig ? "RHEL/CentOS 7's docker package (dockerd-current) does read it, as $OPTIONS" : "Debian's and Ubuntu's docker.io unit does read it";
    const message =
      service?.origin === 'workspace'
        ? `${options.name} is set here, but the docker.service of this host (its ExecStart= in ${service.dockerd ? pathOf(service.dockerd.file.uri) : 'the unit'}) does not pass $${options.name} to dockerd: these options have no effect.`
        : `${options.name} is set here, but no unit in the workspace reads ${where} (EnvironmentFile= and $${options.name} in ExecStart=): with Docker CE's docker.service these options have no effect. (${readers}.)`;
    context.report({ span: options.value.span, message });
  },
};

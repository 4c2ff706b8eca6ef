// The hover on a listener: how dockerd listens there, where that is set, and who reaches it
// (the connectivity model, engine/explain.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { pathOf } from '../../server/src/engine/paths';
import { listenerMarkdown, listenersAt } from '../../server/src/engine/explain';
import { connectivityOfFiles } from '../../server/src/engine/lint';

const daemonJson =
  '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://10.0.0.5:2376"],\n  "tlscacert": "/etc/docker/certs/ca.pem",\n  "tlscert": "/etc/docker/certs/server-cert.pem",\n  "tlskey": "/etc/docker/certs/server-key.pem"\n}\n';
const dropIn = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --tlsverify\n';
const compose =
  'services:\n  runner:\n    image: example/runner\n    environment:\n      - DOCKER_HOST=tcp://10.0.0.5:2376\n      - DOCKER_TLS_VERIFY=1\n      - DOCKER_CERT_PATH=/certs\n    volumes: [./certs:/certs:ro]\n  old:\n    image: example/old\n    environment: [DOCKER_HOST=tcp://10.0.0.5:2376]\n';

const sources = [
  { uri: 'file:///w/etc/docker/daemon.json', text: daemonJson },
  { uri: 'file:///w/etc/systemd/system/docker.service.d/override.conf', text: dropIn },
  { uri: 'file:///w/ci/compose.yaml', text: compose },
];

function hoverAt(uri: string, text: string, needle: string) {
  const { connectivity } = connectivityOfFiles(sources, defaultLintOptions());
  const at = listenersAt(connectivity, uri, text.indexOf(needle) + 2);
  return at && { span: text.slice(at.span.start, at.span.end), markdown: listenerMarkdown(connectivity, at.daemon, at.listeners, pathOf) };
}

describe('listener hover', () => {
  it('a hosts element of daemon.json: TLS mode, the files that set it, who reaches it and who cannot', () => {
    const hover = hoverAt(sources[0].uri, daemonJson, '"tcp://10.0.0.5:2376"');
    assert.ok(hover);
    assert.equal(hover.span, '"tcp://10.0.0.5:2376"');
    assert.match(
      hover.markdown,
      /^- dockerd listens on `tcp:\/\/10\.0\.0\.5:2376` with TLS and client certificates; set in daemon\.json and override\.conf; reached by: runner; cannot connect: old \(the client speaks plain HTTP/,
    );
  });
  it('the unix socket: no TLS words, set in daemon.json', () => {
    const hover = hoverAt(sources[0].uri, daemonJson, '"unix://');
    assert.match(hover!.markdown, /^- dockerd listens on `unix:\/\/\/var\/run\/docker\.sock`; set in daemon\.json; reached by: no client in the files$/);
  });
  it('a dind service name: every listener the entrypoint adds, the certificate names, its clients', () => {
    const text =
      'services:\n  dind:\n    image: docker:27-dind\n    hostname: dind\n  runner:\n    image: example/runner\n    environment: [DOCKER_HOST=tcp://dind:2376, DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH=/c]\n    volumes: [certs:/c]\n';
    const { connectivity } = connectivityOfFiles([{ uri: 'file:///s/compose.yaml', text }], defaultLintOptions());
    const at = listenersAt(connectivity, 'file:///s/compose.yaml', text.indexOf('dind:') + 1)!;
    const markdown = listenerMarkdown(connectivity, at.daemon, at.listeners, pathOf);
    assert.match(markdown, /dockerd listens on `tcp:\/\/0\.0\.0\.0:2376` with TLS and client certificates \(added by the docker:dind entrypoint\); set in compose\.yaml; reached by: runner/);
    assert.match(markdown, /Its generated certificate carries dind, docker, localhost/);
  });
  it('an -H value in a drop-in', () => {
    const unit = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:2375\n';
    const files = [
      { uri: 'file:///m/etc/systemd/system/docker.service.d/override.conf', text: unit },
      { uri: 'file:///m/etc/docker/daemon.json', text: '{ "log-level": "info" }\n' },
    ];
    const { connectivity } = connectivityOfFiles(files, defaultLintOptions());
    const at = listenersAt(connectivity, files[0].uri, unit.indexOf('tcp://') + 3)!;
    assert.equal(unit.slice(at.span.start, at.span.end), 'tcp://0.0.0.0:2375');
    assert.match(
      listenerMarkdown(connectivity, at.daemon, at.listeners, pathOf),
      /^- dockerd listens on `tcp:\/\/0\.0\.0\.0:2375` with no TLS; set in override\.conf; reached by: no client in the files$/,
    );
  });
  it('nothing elsewhere', () => {
    const { connectivity } = connectivityOfFiles(sources, defaultLintOptions());
    assert.equal(listenersAt(connectivity, sources[0].uri, daemonJson.indexOf('tlscacert')), undefined);
  });
});

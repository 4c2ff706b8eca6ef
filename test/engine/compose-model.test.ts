// The Compose reader: detection, interpolation, shell words, ports, volumes, environment,
// anchors and merge keys, dind's implied dockerd options, suppressions.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDindImage } from '../../server/src/engine/compose/dind';
import { interpolate } from '../../server/src/engine/compose/interpolate';
import { mappedVerbatim, spanIn } from '../../server/src/engine/compose/mapped-string';
import { detectCompose, parseCompose, yamlSuppressions } from '../../server/src/engine/compose/parse';
import { splitShellWords } from '../../server/src/engine/compose/shell-words';

const uri = 'file:///w/compose.yaml';

function slice(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

describe('Compose detection', () => {
  for (const path of ['/p/compose.yaml', '/p/compose.yml', '/p/docker-compose.yml', '/p/docker-compose.prod.yaml', '/p/compose.override.yaml', '/p/ci.compose.yaml']) {
    it(`by name: ${path}`, () => assert.equal(detectCompose(path, ''), true));
  }
  it('by content: a services map of Compose services', () => {
    assert.equal(detectCompose('/p/stack.yml', 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n'), true);
  });
  it('not: a YAML file whose services are something else', () => {
    assert.equal(detectCompose('/p/ansible.yml', 'services:\n  - name: nginx\n    state: started\n'), false);
    assert.equal(detectCompose('/p/k8s.yaml', 'apiVersion: v1\nkind: Service\nspec:\n  ports: []\n'), false);
    assert.equal(detectCompose('/p/app.yml', 'services:\n  db:\n    host: localhost\n'), false);
    assert.equal(detectCompose('/p/compose.json', 'services:\n  web:\n    image: nginx\n'), false);
  });
});

describe('interpolation', () => {
  const run = (text: string) => interpolate(mappedVerbatim(text, 0));
  it('$$ is a literal dollar', () => assert.equal(run('echo $$HOME').value.text, 'echo $HOME'));
  it(':- and - use the default, and say so', () => {
    const result = run('${SOCK:-/var/run/docker.sock}:/s');
    assert.equal(result.value.text, '/var/run/docker.sock:/s');
    assert.match(result.notes[0], /default of \$\{SOCK:-\/var\/run\/docker.sock\}/);
    assert.equal(spanIn(result.value, 0, 20).start, 8, 'the default keeps its source offsets');
    assert.equal(run('${A-x}').value.text, 'x');
  });
  it('nested defaults', () => assert.equal(run('${A:-${B:-tcp://0.0.0.0:2375}}').value.text, 'tcp://0.0.0.0:2375'));
  it('unset and required variables are unresolved', () => {
    assert.equal(run('${A}/docker.sock').value.text, '/docker.sock');
    assert.equal(run('$XDG_RUNTIME_DIR/docker.sock').unresolved, true);
    assert.equal(run('${A:?set A}').unresolved, true);
    assert.equal(run('${A:+on}').value.text, '');
  });
});

describe('shell words', () => {
  it('quotes, escapes and spans as written', () => {
    const source = `dockerd -H "tcp://0.0.0.0:2375" --label 'a b' x\\ y`;
    const words = splitShellWords(mappedVerbatim(source, 0));
    assert.deepEqual(
      words.map((word) => word.text.text),
      ['dockerd', '-H', 'tcp://0.0.0.0:2375', '--label', 'a b', 'x y'],
    );
    assert.equal(slice(source, words[2].span), '"tcp://0.0.0.0:2375"');
    assert.equal(slice(source, spanIn(words[2].text)), 'tcp://0.0.0.0:2375');
  });
});

describe('Compose model', () => {
  it('ports: short, IPv6, ranges, protocol and long syntax', () => {
    const text =
      'services:\n  a:\n    image: x\n    ports:\n      - "[::1]:2375-2376:2375-2376/tcp"\n      - 2375\n      - "::2375"\n      - target: 2375\n        published: "8000-8001"\n        host_ip: 0.0.0.0\n        protocol: udp\n';
    const [service] = parseCompose(uri, text).containers.services;
    const [ipv6, bare, emptyIp, long] = service.ports;
    assert.equal(ipv6.hostIp?.text, '::1');
    assert.equal(slice(text, ipv6.hostIp!.span), '::1');
    assert.deepEqual(ipv6.published?.range, { from: 2375, to: 2376 });
    assert.equal(slice(text, ipv6.target.span), '2375-2376');
    assert.equal(bare.published, undefined);
    assert.equal(bare.target.text, '2375');
    assert.equal(emptyIp.hostIp, undefined);
    assert.equal(long.syntax, 'long');
    assert.equal(long.protocol, 'udp');
    assert.deepEqual(long.published?.range, { from: 8000, to: 8001 });
  });

  it('volumes: binds, named, anonymous, Windows paths, modes, long syntax', () => {
    const text =
      'services:\n  a:\n    image: x\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro,z\n      - data:/data\n      - /anon\n      - C:\\Users\\me:/home\n      - type: bind\n        source: ./src\n        target: /src\n        read_only: true\n';
    const [service] = parseCompose(uri, text).containers.services;
    const [socket, named, anonymous, windows, long] = service.volumes;
    assert.equal(socket.type, 'bind');
    assert.equal(socket.readOnly, true);
    assert.equal(slice(text, socket.source!.span), '/var/run/docker.sock');
    assert.equal(named.type, 'volume');
    assert.equal(anonymous.source, undefined);
    assert.equal(anonymous.target?.text, '/anon');
    assert.equal(windows.source?.text, 'C:\\Users\\me');
    assert.equal(windows.type, 'bind');
    assert.equal(long.readOnly, true);
    assert.equal(long.source?.text, './src');
  });

  it('environment: list and map forms, values from the shell, interpolated values', () => {
    const text = 'services:\n  a:\n    image: x\n    environment:\n      - A=1\n      - B\n      - C=${C:-x}\n  b:\n    image: x\n    environment:\n      D: ""\n      E:\n';
    const [a, b] = parseCompose(uri, text).containers.services;
    assert.deepEqual(
      a.environment.map((variable) => [variable.name, variable.value?.text]),
      [
        ['A', '1'],
        ['B', undefined],
        ['C', 'x'],
      ],
    );
    assert.deepEqual(
      b.environment.map((variable) => [variable.name, variable.value?.text]),
      [
        ['D', ''],
        ['E', undefined],
      ],
    );
  });

  it('anchors and merge keys: own keys win, the first merged map wins, the use site is kept', () => {
    const text = 'x-a: &a\n  image: from-a\n  privileged: true\nx-b: &b\n  image: from-b\n  pid: host\nservices:\n  s:\n    <<: [*a, *b]\n    privileged: false\n';
    const [service] = parseCompose(uri, text).containers.services;
    assert.equal(service.image?.text, 'from-a');
    assert.equal(service.privileged?.text, 'false');
    assert.equal(service.pid?.text, 'host');
    assert.equal(slice(text, service.pid!.via!.use), '*b');
    assert.equal(slice(text, service.image!.via!.use), '*a');
  });

  it('an alias inside its own anchor and an unknown alias do not crash', () => {
    const text = 'services:\n  s: &s\n    image: x\n    labels: *s\n  t:\n    <<: *nope\n';
    const parsed = parseCompose(uri, text);
    assert.equal(parsed.containers.services.length, 2);
    assert.ok(parsed.containers.syntaxErrors.length > 0);
  });

  it('extends within the file: the child inherits, marked as inherited', () => {
    const text = 'services:\n  base:\n    image: docker:dind\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  child:\n    extends:\n      service: base\n    ports: ["2375:2375"]\n';
    const [, child] = parseCompose(uri, text).containers.services;
    assert.equal(child.image?.text, 'docker:dind');
    assert.equal(child.environment[0].inherited, 'base');
    assert.equal(child.ports[0].inherited, undefined);
  });

  it('multi-document files: every document is read', () => {
    const parsed = parseCompose(uri, 'services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n');
    assert.deepEqual(
      parsed.containers.services.map((service) => service.name),
      ['a', 'b'],
    );
  });
});

describe('dind dockerd settings', () => {
  const settingsOf = (service: string) => parseCompose(uri, `services:\n  d:\n${service}`).dockerd;
  it('the image default turns on TLS on 2376', () => {
    const [settings] = settingsOf('    image: docker:27-dind\n');
    assert.equal(settings.complete, true);
    assert.deepEqual(
      settings.entries.map((entry) => [entry.name, entry.value, entry.origin]),
      [
        ['hosts', 'unix:///var/run/docker.sock', 'implied'],
        ['hosts', 'tcp://0.0.0.0:2376', 'implied'],
        ['tlsverify', true, 'implied'],
        ['tlscacert', '/certs/server/ca.pem', 'implied'],
        ['tlscert', '/certs/server/cert.pem', 'implied'],
        ['tlskey', '/certs/server/key.pem', 'implied'],
      ],
    );
  });
  it("an empty DOCKER_TLS_CERTDIR gives plaintext 2375, followed by the command's flags", () => {
    const [settings] = settingsOf('    image: docker:dind\n    environment: [DOCKER_TLS_CERTDIR=]\n    command: --debug\n');
    assert.deepEqual(
      settings.entries.map((entry) => [entry.name, entry.value, entry.origin]),
      [
        ['hosts', 'unix:///var/run/docker.sock', 'implied'],
        ['hosts', 'tcp://0.0.0.0:2375', 'implied'],
        ['debug', true, 'flag'],
      ],
    );
  });
  it('a command starting with dockerd gets no entrypoint defaults', () => {
    const [settings] = settingsOf('    image: docker:dind\n    command: ["dockerd", "-H", "tcp://0.0.0.0:2376", "--tlsverify"]\n');
    assert.deepEqual(
      settings.entries.map((entry) => entry.origin),
      ['flag', 'flag'],
    );
  });
  it('a shell command or another entrypoint is not dockerd', () => {
    assert.equal(settingsOf('    image: docker:dind\n    command: sh -c "sleep 1"\n').length, 0);
    assert.equal(settingsOf('    image: docker:dind\n    entrypoint: ["/bin/sh"]\n').length, 0);
    assert.equal(settingsOf('    image: example/x\n    entrypoint: /usr/local/bin/dockerd\n    command: --tls=false\n').length, 1);
  });
  it('dind image names', () => {
    for (const image of ['docker:dind', 'docker:27-dind-rootless', 'docker.io/library/docker:28.0-dind', 'mirror.gcr.io/library/docker:dind']) assert.equal(isDindImage(image), true, image);
    for (const image of ['docker:27-cli', 'example/dind:latest', 'docker', 'localhost:5000/docker']) assert.equal(isDindImage(image), false, image);
  });
});

describe('suppression comments', () => {
  it('next line and whole file, several ids', () => {
    const suppressions = yamlSuppressions('# dockerd-lint-disable privileged\nservices:\n  # dockerd-lint-disable-next-line docker-socket-mount, sensitive-host-mount\n  a: {}\n');
    assert.deepEqual(
      suppressions.directives.map((d) => [d.form, d.rules, d.firstLine]),
      [
        ['file', ['privileged'], 0],
        ['next-line', ['docker-socket-mount', 'sensitive-host-mount'], 3],
      ],
    );
  });
});

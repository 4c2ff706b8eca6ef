// More section-A rules on systemd surfaces (drop-ins, DOCKER_OPTS).
import { type InvalidCase, type ValidCase, ruleTester } from '../helpers/rule-tester';

const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
const unit = (args: string) => ({ [dropIn]: `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd ${args}\n` });
const certs = '--tlscacert=/c/ca.pem --tlscert=/c/cert.pem --tlskey=/c/key.pem';

function onSystemd(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  ruleTester(ruleId, cases);
}

onSystemd('tcp-all-interfaces', {
  valid: [{ name: 'loopback with TLS', files: unit(`-H fd:// -H tcp://127.0.0.1:2376 --tlsverify ${certs}`) }],
  invalid: [
    {
      name: 'all interfaces even with TLS, on a continuation line',
      files: { [dropIn]: `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// \\\n  -H tcp://0.0.0.0:2376 --tlsverify ${certs}\n` },
      errors: [{ line: 4 }],
      output: {},
    },
    { name: 'DOCKER_OPTS', files: { 'etc/default/docker': `DOCKER_OPTS="-H tcp://0.0.0.0:2376 --tlsverify ${certs}"\n` }, errors: [{ line: 1 }], output: {} },
  ],
});

onSystemd('tls-without-client-verify', {
  valid: [{ name: '--tlsverify', files: unit(`-H tcp://127.0.0.1:2376 --tlsverify ${certs}`) }],
  invalid: [
    {
      name: '--tlsverify=false turns TLS on without client certificates',
      files: unit(`-H tcp://127.0.0.1:2376 --tlsverify=false ${certs}`),
      errors: [{ line: 3 }],
      output: {
        'etc/systemd/system/docker.service.d/override.conf':
          '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376 --tlsverify=true --tlscacert=/c/ca.pem --tlscert=/c/cert.pem --tlskey=/c/key.pem\n',
      },
    },
  ],
});

onSystemd('invalid-host', {
  valid: [{ name: 'fd:// and unix://', files: unit('-H fd:// -H unix:///run/docker.sock') }],
  invalid: [{ name: 'ssh:// is client-side only', files: unit('-H fd:// -H ssh://admin@host'), errors: [{ line: 3 }] }],
});

onSystemd('insecure-registry', {
  valid: [{ name: 'no insecure registry', files: unit('-H fd://') }],
  invalid: [
    {
      name: 'a CIDR covering everything',
      files: unit('-H fd:// --insecure-registry=0.0.0.0/0'),
      errors: [{ line: 3 }],
      output: { 'etc/systemd/system/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n' },
    },
  ],
});

// A quick local measurement (not a test): does a 10,000-line anchor-heavy Compose file lint in
// about the time the yaml package takes to parse it? Run: npx tsx scripts/bench-compose-anchors.ts [LINES]

import { type Document, parseAllDocuments } from 'yaml';
import { lintText } from '../server/src/engine/lint';
import { defaultLintOptions } from '../server/src/engine/config';

// 10,000-line anchor-heavy Compose file: shared anchors merged into every service, aliases of lists.
let text =
  'x-common: &common\n  restart: unless-stopped\n  privileged: true\n  environment: &env\n    DOCKER_HOST: tcp://dind:2375\n    A: "1"\n  volumes: &vols\n    - /var/run/docker.sock:/var/run/docker.sock:ro\n    - ./data:/data\nx-ports: &ports\n  - "2375:2375"\nservices:\n';
let i = 0;
const targetLines = Number(process.argv[2] ?? 10000);
while (text.split('\n').length < targetLines) {
  text += `  svc${i}:\n    <<: *common\n    image: example/app:${i}\n    ports: *ports\n    cap_add: [SYS_ADMIN]\n    environment: *env\n    volumes: *vols\n    labels:\n      n: "${i}"\n`;
  i++;
}
console.log(`lines=${text.split('\n').length} services=${i} bytes=${text.length}`);
const options = defaultLintOptions();
const time = (label: string, run: () => unknown, reps = 5) => {
  run();
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  console.log(`${label}: median ${samples[Math.floor(reps / 2)].toFixed(1)} ms`);
  return samples[Math.floor(reps / 2)];
};
const parse = time('yaml parseAllDocuments', () => parseAllDocuments(text));
const toJs = time('yaml parseAllDocuments + toJS (merge)', () => (parseAllDocuments(text, { merge: true }) as Document[]).map((d) => d.toJS({ maxAliasCount: -1 })));
let findings = 0;
const lint = time('dockerd-lint lintText (parse + model + all rules)', () => {
  findings = lintText({ uri: 'file:///b/compose.yaml', text }, options)!.findings.length;
});
console.log(`findings=${findings} lint/parse=${(lint / parse).toFixed(2)} toJS/parse=${(toJs / parse).toFixed(2)}`);

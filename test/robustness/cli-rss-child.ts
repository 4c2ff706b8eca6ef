// One measurement of the CLI's walk and reads over a folder (hostile-tree.test.ts): time and
// peak RSS growth of collecting and reading its sources.
//   node --import tsx test/robustness/cli-rss-child.ts FOLDER MEGABYTES
import { collectPaths, readSource } from '../../server/src/cli/files';

const [folder, megabytes] = process.argv.slice(2);
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const sources = collectPaths([folder]).map(readSource);
const ms = performance.now() - started;
const peak = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ ms, rssGrowth: Math.max(0, peak - rssBefore), bytes: Number(megabytes) * 1024 * 1024, files: sources.length }) + '\n');

// Runs `dockerd-lint certs` in a child process for the tests (the CLI entry dispatches here).
import { runCertsCommand } from '../../server/src/cli/certs-command';

runCertsCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`crashed: ${(error as Error).stack}\n`);
    process.exitCode = 3;
  },
);

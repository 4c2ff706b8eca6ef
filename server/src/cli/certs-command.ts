// Placeholder until the certificate helper's version lands: same signature.

export async function runCertsCommand(args: string[]): Promise<number> {
  void args;
  process.stderr.write('dockerd-lint certs: not built yet\n');
  return 2;
}

import { type ContainerKind, containerKinds } from '../types';
import { placeOf, serviceLabelStart } from '../compose/report';
import type { FileRule } from './types';

/** Last `_`-separated words that name a secret: POSTGRES_PASSWORD, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY. */
const secretWords = new Set(['PASSWORD', 'PASSWD', 'TOKEN', 'SECRET', 'KEY']);

export function secretLookingName(name: string): boolean {
  const words = name.toUpperCase().split('_');
  return secretWords.has(words[words.length - 1]) || (words.length > 1 && /^(API|PRIVATE|SECRET|ACCESS)KEY$/.test(words[words.length - 1]));
}

export const literalSecretInEnvironment: FileRule<ContainerKind> = {
  meta: {
    id: 'literal-secret-in-environment',
    cwe: [798],
    securitySeverity: 7.5,
    severity: 'warning',
    title: 'Secret written into the Compose file',
    summary: 'A password, token or key written as a literal in environment: is in the repository, its history and every copy of it, and in docker inspect of the container.',
    howToFix: 'Take it from the environment (${VAR}, from a .env file kept out of the repository), or from a secret file (NAME_FILE with Compose secrets).',
    preset: 'strict',
    fixable: false,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.containers?.services ?? []) {
      for (const variable of service.environment) {
        if (variable.inherited || !variable.value || !secretLookingName(variable.name)) continue;
        const written = variable.value.text;
        // `${VAR}` (or any interpolation) comes from outside the file; an empty value sets nothing.
        if (written.trim() === '' || variable.value.node.text.text.includes('$')) continue;
        if (/^(true|false|yes|no|on|off)$/i.test(written.trim())) continue;
        // The value itself is never printed: the message would copy the secret into CI logs.
        context.report({
          ...placeOf(file.uri, variable),
          message: `${serviceLabelStart(service)} sets ${variable.name} to a literal value in the file: it is in the repository and its history. Use \${${variable.name}} from the environment or a .env file kept out of the repository, or a secret (${variable.name}_FILE).`,
        });
      }
    }
  },
};

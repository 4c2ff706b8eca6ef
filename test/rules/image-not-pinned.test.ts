import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';
const strict = { options: { preset: 'strict' as const } };
const digest = 'sha256:' + 'a'.repeat(64);

ruleTester('image-not-pinned', {
  valid: [
    { name: 'off in the recommended preset', files: { [compose]: 'services:\n  app:\n    image: alpine:3.20\n' } },
    { ...strict, name: 'pinned by digest, with or without a tag', files: { [compose]: `services:\n  a:\n    image: alpine:3.20@${digest}\n  b:\n    image: alpine@${digest}\n` } },
    { ...strict, name: 'built here: the image names the result', files: { [compose]: 'services:\n  app:\n    build: .\n    image: example/app:dev\n' } },
    { ...strict, name: 'an image from a variable without a default is not judged', files: { [compose]: 'services:\n  app:\n    image: ${APP_IMAGE}\n' } },
  ],
  invalid: [
    {
      ...strict,
      name: 'a tag, and no tag at all',
      files: { [compose]: 'services:\n  a:\n    image: alpine:3.20\n  b:\n    image: nginx\n' },
      errors: [
        { line: 3, column: 12, severity: 'info', message: 'pulls alpine:3.20 by tag' },
        { line: 5, message: 'nginx@sha256:' },
      ],
      output: null,
    },
    {
      ...strict,
      name: 'a digest that is not a sha256 of 64 hex digits',
      files: { [compose]: 'services:\n  a:\n    image: alpine@sha256:abc\n' },
      errors: [{ line: 3 }],
      output: null,
    },
  ],
});

import { type ContainerKind, containerKinds } from '../types';
import { notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import { inherited, servicesWithBases } from '../rule-kit/hardening';
import type { FileRule } from './types';

export const imageNotPinned: FileRule<ContainerKind> = {
  meta: {
    id: 'image-not-pinned',
    cwe: [494],
    severity: 'info',
    title: 'Image not pinned by digest',
    summary: 'A tag (even a version tag) can be moved to other content by whoever controls the registry or the tag: the next pull runs code nobody reviewed.',
    howToFix: 'Pin the image by digest (image: name:tag@sha256:...), and update the digest on purpose.',
    preset: 'strict',
    fixable: false,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const { service, chain } of servicesWithBases(file)) {
      // `build:` makes the image here: its name is the result, not something pulled.
      if (chain.some((s) => s.builds)) continue;
      const image = inherited(chain, (s) => s.image);
      if (!image || image.unresolved || image.text.trim() === '' || /@sha256:[0-9a-f]{64}$/i.test(image.text.trim())) continue;
      context.report({
        ...placeOf(file.uri, image),
        message:
          `${serviceLabelStart(service)} pulls ${image.text.trim()} by tag: pin it by digest (${image.text.trim()}@sha256:...) so that a moved tag cannot change what runs.` + notesSuffix(image.notes),
      });
    }
  },
};

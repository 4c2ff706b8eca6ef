import { fileKinds } from '../types';
import { listItems } from '../settings';
import { fixOf, replaceHostEdits } from '../rule-kit/fixes';
import type { DockerdRule } from './types';

export const registryMirrorPlainHttp: DockerdRule = {
  meta: {
    id: 'registry-mirror-plain-http',
    cwe: [319, 494],
    severity: 'warning',
    title: 'Registry mirror over plain HTTP',
    summary: 'A registry mirror reached over http:// serves the images dockerd pulls without encryption or server authentication: anyone on the path can swap them.',
    howToFix: "Use the mirror's https:// address.",
    preset: 'recommended',
    fixable: true,
    kinds: [...fileKinds],
  },
  scope: 'dockerd',
  check(settings, context) {
    for (const item of listItems(settings, 'registry-mirrors')) {
      if (typeof item.value !== 'string' || !/^http:\/\//i.test(item.value.trim())) continue;
      const secure = item.value.trim().replace(/^http:\/\//i, 'https://');
      context.report({
        uri: item.entry.uri,
        span: item.span,
        message: `dockerd pulls through the mirror ${item.value} over plain HTTP: anyone on the path can serve tampered images.`,
        fixes: fixOf(`Use ${secure}`, item.entry.uri, replaceHostEdits(context, item, secure), true),
      });
    }
  },
};

import { missingTlsFiles, tlsState } from '../dockerd/tls';
import { lastEntry } from '../settings';
import { defaultTlsPaths, fileKinds } from '../types';
import { setOptionsFix } from '../rule-kit/fixes';
import { listWords, refusesToStart, relatedEntries, unseenFlagsNote } from '../rule-kit/messages';
import type { DockerdRule } from './types';

export const tlsMaterialMissing: DockerdRule = {
  meta: {
    id: 'tls-material-missing',
    severity: 'error',
    title: 'TLS turned on without its certificate files',
    summary:
      'dockerd applies default certificate paths only when a flag turned TLS on. TLS turned on in daemon.json alone needs tlscert and tlskey (and tlscacert to verify clients) in the file, or dockerd fails with "could not load X509 key pair".',
    howToFix: 'Add the missing tlscacert, tlscert and tlskey options, with the paths of the server certificate, its key and the client CA.',
    preset: 'recommended',
    fixable: true,
    stopsDockerd: true,
    kinds: [...fileKinds],
  },
  scope: 'dockerd',
  check(settings, context) {
    const tls = tlsState(settings);
    // Only when TLS is on; a lone file's key pair may serve TLS turned on by an unseen flag.
    if (!tls.enabled && settings.complete) return;
    const missing = missingTlsFiles(settings, tls);
    if (missing.length === 0) return;
    const paths = context.env.tlsPaths ?? defaultTlsPaths;
    const enabler = lastEntry(settings, 'tlsverify') ?? lastEntry(settings, 'tls');
    const halfPair = lastEntry(settings, missing[0] === 'tlskey' ? 'tlscert' : 'tlskey');
    const onlyFile = tls.enabled && tls.enabledOnlyByConfigFile;
    const reported = onlyFile ? enabler : halfPair;
    if (!reported) return;
    const keyPairMissing = missing.some((name) => name !== 'tlscacert');
    const consequence = !keyPairMissing
      ? 'dockerd then has no CA of yours to check client certificates against'
      : onlyFile
        ? `${refusesToStart}: "invalid TLS configuration: could not load X509 key pair" (TLS turned on in daemon.json gets no default certificate paths)`
        : `dockerd falls back to ${missing[0] === 'tlskey' ? 'key.pem' : 'cert.pem'} under its certificate folder (~/.docker), or to none, and then fails to load the key pair`;
    context.report({
      // Without tlscacert dockerd still starts (measured with dockerd 20.10); only a missing key pair stops it.
      stopsDockerd: keyPairMissing && tls.enabled,
      uri: reported.uri,
      span: reported.entrySpan,
      message: `TLS is on but ${listWords(missing)} ${missing.length > 1 ? 'are' : 'is'} not set: ${consequence}.${unseenFlagsNote(settings, 'TLS')}`,
      related: relatedEntries(reported, [...tls.deciding, ...(['tlscacert', 'tlscert', 'tlskey'] as const).map((name) => lastEntry(settings, name)).filter((entry) => entry !== undefined)]),
      fixes: setOptionsFix(
        context,
        reported,
        missing.map((name) => ({ name, value: paths[name] })),
        `Add ${listWords(missing)} (certificates from ${paths.tlscert.slice(0, paths.tlscert.lastIndexOf('/')) || '/'})`,
        true,
      ),
    });
  },
};

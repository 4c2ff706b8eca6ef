// Whether dockerd serves TLS and verifies clients, read as dockerd combines its options
// (moby/moby at b985e2313a: daemon/command/options.go, daemon.go):
// - TLS is on with `--tls[=true]`, `"tls": true`, or any `--tlsverify` / `"tlsverify"` at all;
// - client verification is on whenever TLS is on, unless tlsverify is explicitly false;
// - DOCKER_TLS_VERIFY in dockerd's environment does not turn TLS on.

import { keptWith } from '../kept-with';
import { type DockerdSettings, type SettingEntry, lastEntry } from '../settings';

export interface TlsState {
  enabled: boolean;
  verifiesClients: boolean;
  /** The `tls: false` / `--tls=false` written on purpose (with no tlsverify turning TLS back on). */
  offBy?: SettingEntry;
  /** `tlsverify: false` / `--tlsverify=false`: TLS on, clients not authenticated. */
  verifyExplicitlyOff?: SettingEntry;
  /** True when only daemon.json turned TLS on: then no default certificate paths apply. */
  enabledOnlyByConfigFile: boolean;
  /** `tls` or `tlsverify` written at all (dockerd's cfg.TLS != nil): skips the 15 s start-up delay. */
  explicitlySet: boolean;
  /** The entries that decided the state, for related information. */
  deciding: SettingEntry[];
}

/** Per entry list: connectivity and several rules ask each daemon's TLS state; again should the list grow. */
const tlsStateOfEntries = keptWith<{ length: number; state: TlsState }>('tls state');

export function tlsState(settings: DockerdSettings): TlsState {
  return tlsStateOfEntries(
    settings.entries,
    () => ({ length: settings.entries.length, state: readTlsState(settings) }),
    (held) => held.length !== settings.entries.length,
  ).state;
}

function readTlsState(settings: DockerdSettings): TlsState {
  const tls = lastEntry(settings, 'tls');
  const tlsverify = lastEntry(settings, 'tlsverify');
  const tlsOn = tls?.value === true;
  const enabled = tlsverify !== undefined || tlsOn;
  const verifyOff = tlsverify?.value === false ? tlsverify : undefined;
  const enablers = [tlsOn ? tls : undefined, tlsverify].filter((e): e is SettingEntry => e !== undefined);
  return {
    enabled,
    verifiesClients: enabled && verifyOff === undefined,
    offBy: tls?.value === false && tlsverify === undefined ? tls : undefined,
    verifyExplicitlyOff: verifyOff,
    enabledOnlyByConfigFile: enabled && enablers.every((entry) => entry.origin === 'config-file'),
    explicitlySet: tls !== undefined || tlsverify !== undefined,
    deciding: [tls, tlsverify].filter((e): e is SettingEntry => e !== undefined),
  };
}

export type TlsFileOption = 'tlscacert' | 'tlscert' | 'tlskey';

/** Whether the option names a file: an empty or null value names none. */
export function hasTlsFile(settings: DockerdSettings, name: TlsFileOption): boolean {
  const entry = lastEntry(settings, name);
  return entry !== undefined && entry.value !== '' && entry.value !== null;
}

/**
 * The TLS file options dockerd will lack. TLS turned on only in daemon.json gets no default
 * paths (daemon.go:645-653), so every file must be in the settings; a key pair must be
 * named together wherever TLS was turned on.
 */
export function missingTlsFiles(settings: DockerdSettings, state: TlsState = tlsState(settings)): TlsFileOption[] {
  const has = (name: TlsFileOption) => hasTlsFile(settings, name);
  const needed: TlsFileOption[] = state.verifiesClients ? ['tlscacert', 'tlscert', 'tlskey'] : ['tlscert', 'tlskey'];
  if (state.enabled && state.enabledOnlyByConfigFile) return needed.filter((name) => !has(name));
  // Flags bring default paths; only half a key pair is a mistake then.
  if (has('tlscert') !== has('tlskey')) return [has('tlscert') ? 'tlskey' : 'tlscert'];
  return [];
}

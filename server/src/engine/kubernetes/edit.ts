// Manifests are YAML edited as Compose files are (the same text edits on the same tree), except
// that a pod's containers have no Compose list keys: their hardening settings are
// `securityContext` fields, so the hardening fixes that add such a key are not offered.

import { composeEditor } from '../compose/edit';
import type { ComposeEditor } from '../surface-editor';

export const kubernetesEditor: ComposeEditor = { ...composeEditor, addListItem: () => undefined };

// Workflows are YAML edited as Compose files are (the same text edits on the same tree), except
// that a job's containers have no Compose list keys: cap_drop, security_opt and the like are
// `options:` flags there, so the hardening fixes that add such a key are not offered.

import { composeEditor } from '../compose/edit';
import type { ComposeEditor } from '../surface-editor';

export const githubActionsEditor: ComposeEditor = { ...composeEditor, addListItem: () => undefined };

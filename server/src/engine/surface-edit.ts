// The surface editors, by file kind: the one way rules and fixes edit a file (the interfaces
// are in surface-editor.ts, so that the editors do not import this registry).

import { composeEditor, editorWithoutComposeLists } from './compose/edit';
import { daemonJsonEditor } from './daemon-json/edit';
import { gitlabRunnerEditor } from './gitlab-runner/edit';
import type { SurfaceEditors } from './surface-editor';
import { systemdEditor } from './systemd/edit';
import type { FileKind } from './types';

const editors: SurfaceEditors = {
  'daemon-json': daemonJsonEditor,
  systemd: systemdEditor,
  compose: composeEditor,
  'gitlab-runner': gitlabRunnerEditor,
  kubernetes: editorWithoutComposeLists,
  'github-actions': editorWithoutComposeLists,
  'gitlab-ci': composeEditor,
};

export function editorFor<K extends FileKind>(kind: K): SurfaceEditors[K] {
  return editors[kind];
}

import { defineRule } from './support/define.js';
import { count, deletedNote, layerNote } from './support/evidence.js';
import { fail, pass } from './support/types.js';

export const noSecretsInLayers = defineRule({
  id: 'no-secrets-in-layers',
  title: 'No secrets in image files',
  severity: 'critical',
  needs: ['filesystem'],
  categories: ['security'],
  rationale:
    'Every file written to a layer stays in the image: anyone who can pull it can extract the layer with `docker save`, ' +
    'even when a later step deleted the file, because deleting only hides it from the container. A credential found ' +
    'in an image has leaked and must be rotated.',
  fix:
    'Mount secrets for the one step that needs them instead of copying them, then rebuild and rotate the leaked ones.\n' +
    'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n' +
    '# docker build --secret id=npmrc,src=$HOME/.npmrc .',
  check: ({ filesystem: { secrets } }) => {
    if (secrets.length === 0) return pass('no secrets found in image files');
    return fail(
      `${count(secrets.length, 'secret')} in image files${deletedNote(secrets)}`,
      secrets.map(
        ({ preview, path, layerIndex, deleted }) => `${preview} at ${path} (${layerNote(layerIndex, deleted)})`,
      ),
    );
  },
});

import { defineRule } from './support/define.js';
import { count, deletedNote, layerNote } from './support/evidence.js';
import { fail, pass } from './support/types.js';

export const noSensitiveFiles = defineRule({
  id: 'no-sensitive-files',
  title: 'No sensitive files from the build context',
  severity: 'high',
  needs: ['filesystem'],
  categories: ['security'],
  rationale:
    'A `COPY . .` without a tight .dockerignore ships whatever lies in the build context: .git history, .env files, ' +
    'SSH keys, cloud credentials, Terraform state. Anyone who can pull the image can read them, even after a later ' +
    'step deleted them.',
  fix:
    'Exclude them in .dockerignore and pass build-time credentials as BuildKit secret mounts.\n' +
    '# .dockerignore\n' +
    '.git\n' +
    '.env*\n' +
    '*.pem\n' +
    '**/id_*\n' +
    '.aws\n' +
    '.ssh\n' +
    '*.tfstate*\n' +
    '.npmrc\n' +
    '# Dockerfile\n' +
    'RUN --mount=type=secret,id=aws,target=/root/.aws/credentials ./fetch-assets.sh',
  check: ({ filesystem: { sensitiveFiles } }) => {
    if (sensitiveFiles.length === 0) return pass('no sensitive files from the build context');
    return fail(
      `${count(sensitiveFiles.length, 'sensitive file')} from the build context${deletedNote(sensitiveFiles)}`,
      sensitiveFiles.map(
        ({ kind, path, layerIndex, deleted }) => `${kind} ${path} (${layerNote(layerIndex, deleted)})`,
      ),
    );
  },
});

import { formatBytes } from '../shared/text.js';
import { defineRule } from './support/define.js';
import { count } from './support/evidence.js';
import { fail, pass } from './support/types.js';

export const noDevLeftovers = defineRule({
  id: 'no-dev-leftovers',
  title: "No files from a developer's machine",
  severity: 'medium',
  needs: ['filesystem'],
  categories: ['security', 'efficiency'],
  rationale:
    'Version-control history (.git, .svn, .hg), editor settings (.vscode, .idea), Finder metadata (.DS_Store), ' +
    'cloud CLI folders (.aws, .azure, .gcp), npm and tool caches and the Dockerfile itself come along with a ' +
    '`COPY . .` and a loose .dockerignore. The container never reads them; they add bytes and tell an attacker ' +
    'about the source, the build and the accounts behind it.',
  fix:
    'List them in .dockerignore, or copy only what the application needs.\n' +
    '# .dockerignore\n' +
    '.git\n' +
    '.svn\n' +
    '.hg\n' +
    '.vscode\n' +
    '.idea\n' +
    '**/.DS_Store\n' +
    '.aws\n' +
    '.azure\n' +
    '.gcp\n' +
    '.npm\n' +
    '.cache\n' +
    'Dockerfile*\n' +
    'docker-compose*.yml',
  check: ({ filesystem: { devLeftovers, sensitiveFiles } }) => {
    // no-sensitive-files reports these paths already (a .git directory, .docker/config.json), with a higher severity.
    const reported = new Set(sensitiveFiles.map(({ path }) => path));
    const leftovers = devLeftovers.filter(({ path }) => !reported.has(path));
    if (leftovers.length === 0) return pass("no files from a developer's machine");
    const bytes = leftovers.reduce((sum, leftover) => sum + leftover.bytes, 0);
    return fail(
      `${count(leftovers.length, 'file or directory', 'files or directories')} from a developer's machine, ` +
        `${formatBytes(bytes)}`,
      leftovers.map(
        ({ kind, path, bytes: size, files }) => `${kind} ${path}: ${formatBytes(size)} (${count(files, 'file')})`,
      ),
    );
  },
});

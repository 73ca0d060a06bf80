import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConfigFacts, FilesystemFacts } from '../../../../src/facts.js';
import { RULES, type RuleId } from '../../../../src/rules/index.js';
import { DEFAULT_RULE_OPTIONS } from '../../../../src/rules/support/types.js';
import { factsWithFilesystem, tool } from '../../helpers/facts.js';

const DOCS_DIR = fileURLToPath(new URL('../../../../docs/rules/', import.meta.url));

const DEBIAN = { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' };
const APT = [tool('/usr/bin/apt'), tool('/usr/bin/apt-get'), tool('/usr/bin/dpkg')];
const MISSING_USER = 'user "appuser" is not in /etc/passwd: the container will not start (unable to find user appuser)';

/** The facts behind each filesystem rule's `## Example finding`: filesystem overrides, then config overrides. */
const EXAMPLES: Partial<Record<RuleId, [Partial<FilesystemFacts>, Partial<ConfigFacts>?]>> = {
  'no-setuid-binaries': [{ setuid: ['/bin/mount', '/bin/su', '/usr/bin/passwd', '/usr/bin/sudo'], setgid: ['/usr/bin/expiry', '/usr/sbin/unix_chkpwd'] }],
  'no-world-writable': [{ worldWritable: ['/app/config', '/app/config/settings.json', '/entrypoint.sh'] }],
  'no-package-manager': [{ packageManagers: [...APT, tool('/usr/local/bin/pip'), tool('/usr/local/bin/pip3')] }],
  'no-sudo': [{ privilegeTools: [tool('/bin/su'), tool('/usr/bin/sudo')], setuid: ['/bin/su', '/usr/bin/sudo'] }],
  'no-build-tools': [{ buildTools: ['as', 'cc', 'g++', 'gcc', 'ld', 'make'].map((name) => tool(`/usr/bin/${name}`)) }],
  'no-dev-tools': [{ devTools: ['eslint', 'jest', 'nodemon'].map((name) => tool(`/app/node_modules/.bin/${name}`)) }],
  'no-secrets-in-layers': [
    {
      secrets: [
        { kind: 'private-key', path: '/app/certs/server.key', layerIndex: 4, deleted: false, preview: 'private-key: ----…(1675 chars)', line: 1 },
        { kind: 'npmrc-auth', path: '/root/.npmrc', layerIndex: 3, deleted: true, preview: 'npmrc-auth: npm_…(40 chars)', line: 2 },
      ],
    },
  ],
  'no-sensitive-files': [
    {
      sensitiveFiles: [
        { kind: 'git-directory', path: '/app/.git', layerIndex: 4, deleted: false },
        { kind: 'dotenv', path: '/app/.env', layerIndex: 4, deleted: false },
        { kind: 'aws-credentials', path: '/root/.aws/credentials', layerIndex: 2, deleted: true },
      ],
    },
  ],
  'no-package-cache': [
    {
      packageCaches: [
        { path: '/var/lib/apt/lists', bytes: 18_212_000, files: 120 },
        { path: '/root/.cache/pip', bytes: 4_310_000, files: 57 },
      ],
      packageCacheBytes: 22_522_000,
    },
  ],
  'wasted-space': [
    {
      wastedBytes: 71_800_000,
      wastedFiles: [
        {
          path: '/tmp/go1.22.5.linux-amd64.tar.gz',
          bytes: 68_900_000,
          layerIndexes: [2],
          createdBy: ['RUN /bin/sh -c curl -fsSLo /tmp/go1.22.5.linux-amd64.tar.gz https://go.dev/dl/go1.22.5.linux-amd64.tar.gz # buildkit'],
        },
        {
          path: '/app/dist/main.js',
          bytes: 2_400_000,
          layerIndexes: [4, 6],
          createdBy: ['RUN /bin/sh -c npm run build # buildkit', 'RUN /bin/sh -c npm run build:prod # buildkit'],
        },
      ],
    },
    { sizeBytes: 412_000_000 },
  ],
  'user-exists': [{ userResolution: { user: 'appuser', resolves: false, uid: null, reason: MISSING_USER } }, { user: 'appuser' }],
  'layers-readable': [
    {
      layers: [
        { index: 0, source: `blobs/sha256/${'3f'.repeat(32)}`, compression: 'gzip', readable: true, fileBytes: 7_800_000, entryCount: 512, createdBy: null },
        { index: 1, source: `blobs/sha256/${'9c'.repeat(32)}`, compression: 'none', readable: false, problem: 'tar header at byte 1536: the size field "0000012x4" is not a number', fileBytes: 4_096, entryCount: 3, createdBy: null },
        { index: 2, source: `blobs/sha256/${'e1'.repeat(32)}`, compression: 'zstd', readable: false, fileBytes: 0, entryCount: 0, createdBy: null },
      ],
    },
  ],
  'minimal-base': [{ os: DEBIAN, shells: [tool('/bin/bash'), tool('/bin/dash'), tool('/bin/sh')], packageManagers: APT }, { sizeBytes: 187_400_000 }],
};

function documentedExample(id: string): unknown {
  const page = readFileSync(`${DOCS_DIR}${id}.md`, 'utf8');
  const json = /## Example finding\n```json\n([\s\S]*?)\n```/.exec(page)?.[1];
  if (json === undefined) throw new Error(`docs/rules/${id}.md has no JSON example finding`);
  return JSON.parse(json);
}

describe('docs example findings of the filesystem rules', () => {
  it.each(Object.entries(EXAMPLES))('%s: the page shows what the rule reports', (id, [filesystem, config]) => {
    const rule = RULES.find((candidate) => candidate.id === id)!;
    const verdict = rule.check(factsWithFilesystem(filesystem, config), DEFAULT_RULE_OPTIONS);
    const finding = { rule: id, status: verdict.status, severity: rule.severity, message: verdict.message, evidence: verdict.evidence };
    expect(documentedExample(id)).toEqual(finding);
  });
});

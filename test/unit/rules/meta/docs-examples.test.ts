import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConfigFacts, FilesystemFacts, ImageFacts, RuntimeFacts } from '../../../../src/facts.js';
import { RULES, type RuleId } from '../../../../src/rules/index.js';
import { DEFAULT_RULE_OPTIONS, type RuleOptions } from '../../../../src/rules/support/types.js';
import { factsWithFilesystem, historyEntry, makeFacts, tool } from '../../helpers/facts.js';
import { makeRuntime } from '../../helpers/runtime.js';
import { ignoreFile, withDockerfile } from '../../helpers/dockerfile.js';
import { judgeRule } from '../../../../src/evaluate/evaluate.js';
import { vulnerability, vulnerabilityReport } from '../../helpers/vulnerabilities.js';

const DOCS_DIR = fileURLToPath(new URL('../../../../docs/rules/', import.meta.url));

const DEBIAN = { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' };
const APT = [tool('/usr/bin/apt'), tool('/usr/bin/apt-get'), tool('/usr/bin/dpkg')];
const APT_INSTALL = 'RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl # buildkit';
const APT_INSTALL_CLEAN =
  'RUN /bin/sh -c apt-get update && apt-get install -y jq && rm -rf /var/lib/apt/lists/* # buildkit';
const MISSING_USER = 'user "appuser" is not in /etc/passwd: the container will not start (unable to find user appuser)';

/** The facts behind each filesystem rule's `## Example finding`: filesystem overrides, then config overrides. */
const FILESYSTEM_EXAMPLES = {
  'no-setuid-binaries': [
    {
      setuid: ['/bin/mount', '/bin/su', '/usr/bin/passwd', '/usr/bin/sudo'],
      setgid: ['/usr/bin/expiry', '/usr/sbin/unix_chkpwd'],
    },
  ],
  'no-world-writable': [{ worldWritable: ['/app/config', '/app/config/settings.json', '/entrypoint.sh'] }],
  'no-package-manager': [{ packageManagers: [...APT, tool('/usr/local/bin/pip'), tool('/usr/local/bin/pip3')] }],
  'no-sudo': [{ privilegeTools: [tool('/bin/su'), tool('/usr/bin/sudo')], setuid: ['/bin/su', '/usr/bin/sudo'] }],
  'no-build-tools': [{ buildTools: ['as', 'cc', 'g++', 'gcc', 'ld', 'make'].map((name) => tool(`/usr/bin/${name}`)) }],
  'no-dev-tools': [{ devTools: ['eslint', 'jest', 'nodemon'].map((name) => tool(`/app/node_modules/.bin/${name}`)) }],
  'no-secrets-in-layers': [
    {
      secrets: [
        {
          kind: 'private-key',
          path: '/app/certs/server.key',
          layerIndex: 4,
          deleted: false,
          preview: 'private-key: ----…(1675 chars)',
          line: 1,
        },
        {
          kind: 'npmrc-auth',
          path: '/root/.npmrc',
          layerIndex: 3,
          deleted: true,
          preview: 'npmrc-auth: npm_…(40 chars)',
          line: 2,
        },
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
        { path: '/var/lib/apt/lists', bytes: 18_212_000, files: 120, layerIndexes: [1] },
        { path: '/root/.cache/pip', bytes: 4_310_000, files: 57, layerIndexes: [3] },
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
          createdBy: [
            'RUN /bin/sh -c curl -fsSLo /tmp/go1.22.5.linux-amd64.tar.gz https://go.dev/dl/go1.22.5.linux-amd64.tar.gz # buildkit',
          ],
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
  'user-exists': [
    { userResolution: { user: 'appuser', resolves: false, uid: null, reason: MISSING_USER } },
    { user: 'appuser' },
  ],
  'layers-readable': [
    {
      layers: [
        {
          index: 0,
          source: `blobs/sha256/${'3f'.repeat(32)}`,
          compression: 'gzip',
          readable: true,
          fileBytes: 7_800_000,
          entryCount: 512,
          createdBy: null,
        },
        {
          index: 1,
          source: `blobs/sha256/${'9c'.repeat(32)}`,
          compression: 'none',
          readable: false,
          problem: 'tar header at byte 1536: the size field "0000012x4" is not a number',
          fileBytes: 4_096,
          entryCount: 3,
          createdBy: null,
        },
        {
          index: 2,
          source: `blobs/sha256/${'e1'.repeat(32)}`,
          compression: 'unknown',
          readable: false,
          foreign: true,
          fileBytes: 0,
          entryCount: 0,
          createdBy: null,
        },
      ],
    },
  ],
  'minimal-base': [
    { os: DEBIAN, shells: [tool('/bin/bash'), tool('/bin/dash'), tool('/bin/sh')], packageManagers: APT },
    { sizeBytes: 187_400_000 },
  ],
  'no-empty-password': [{ shadow: { path: '/etc/shadow', emptyPassword: ['guest', 'ftp'] } }],
  'unique-ids': [
    {
      duplicateIds: [
        { kind: 'uid', id: 0, names: ['root', 'toor'] },
        { kind: 'gid', id: 1000, names: ['app', 'staff'] },
      ],
    },
  ],
  'no-dev-leftovers': [
    {
      devLeftovers: [
        { kind: 'git-directory', path: '/app/.git', bytes: 4_210_000, files: 310 },
        { kind: 'ds-store', path: '/app/.DS_Store', bytes: 6_148, files: 1 },
        { kind: 'vscode-settings', path: '/app/.vscode', bytes: 2_100, files: 3 },
        { kind: 'dockerfile', path: '/app/Dockerfile', bytes: 612, files: 1 },
        { kind: 'cache-directory', path: '/root/.cache', bytes: 1_830_000, files: 42 },
      ],
      sensitiveFiles: [{ kind: 'git-directory', path: '/app/.git', layerIndex: 4, deleted: false }],
    },
  ],
  'supported-base-os': [{ os: { id: 'debian', versionId: '10', prettyName: 'Debian GNU/Linux 10 (buster)' } }],
  'supported-runtimes': [
    {
      inventory: {
        packages: [
          {
            name: 'python3.11',
            version: '3.11.2-6+deb12u6',
            type: 'deb',
            path: '/var/lib/dpkg/status',
            layerIndex: 0,
            purl: 'pkg:deb/debian/python3.11@3.11.2-6%2Bdeb12u6',
          },
          {
            name: 'stdlib',
            version: '1.22.5',
            type: 'golang',
            path: '/usr/local/bin/migrate',
            layerIndex: 3,
            purl: 'pkg:golang/stdlib@1.22.5',
          },
        ],
        notInventoried: [],
      },
      languageRuntimes: [
        { runtime: 'node', version: '18.20.4', path: '/usr/local/include/node/node_version.h', layerIndex: 1 },
      ],
    },
  ],
  'package-install-cleanup': [
    {
      layers: [
        {
          index: 0,
          source: `blobs/sha256/${'3f'.repeat(32)}`,
          compression: 'gzip',
          readable: true,
          fileBytes: 74_800_000,
          entryCount: 8_512,
          createdBy: '/bin/sh -c #(nop) ADD file:0f1e2d in / ',
        },
        {
          index: 1,
          source: `blobs/sha256/${'9c'.repeat(32)}`,
          compression: 'gzip',
          readable: true,
          fileBytes: 31_400_000,
          entryCount: 1_240,
          createdBy: APT_INSTALL,
        },
        {
          index: 2,
          source: `blobs/sha256/${'e1'.repeat(32)}`,
          compression: 'gzip',
          readable: true,
          fileBytes: 2_100_000,
          entryCount: 40,
          createdBy: APT_INSTALL_CLEAN,
        },
      ],
      packageCaches: [{ path: '/var/lib/apt/lists', bytes: 18_212_000, files: 120, layerIndexes: [1] }],
      packageCacheBytes: 18_212_000,
    },
    {
      history: [
        historyEntry('/bin/sh -c #(nop) ADD file:0f1e2d in / ', 74_800_000),
        historyEntry('/bin/sh -c #(nop)  CMD ["bash"]'),
        historyEntry(APT_INSTALL, 31_400_000),
        historyEntry(APT_INSTALL_CLEAN, 2_100_000),
      ],
    },
  ],
  'no-ssh': [{ sshDaemons: [tool('/usr/sbin/sshd')] }, { exposedPorts: ['22/tcp', '8080/tcp'] }],
} satisfies Partial<Record<RuleId, [Partial<FilesystemFacts>, Partial<ConfigFacts>?]>>;

/** Rule options of an example beside the defaults: the day a date-dependent example is judged on. */
const EXAMPLE_OPTIONS: Partial<Record<RuleId, Partial<RuleOptions>>> = {
  'supported-base-os': { now: '2026-11-30' },
  'supported-runtimes': { now: '2026-11-30' },
  'vulnerability-scan': { now: '2026-11-30' },
};

const withConfig = (config: Partial<ConfigFacts>, ref?: string): ImageFacts =>
  makeFacts({ config, ...(ref ? { ref } : {}) });
const withRuntime = (runtime: Partial<RuntimeFacts>, config: Partial<ConfigFacts> = {}): ImageFacts => ({
  ...makeFacts({ config }),
  runtime: makeRuntime(runtime),
});
const MANY_LAYERS = [
  historyEntry('COPY .bin/busybox /bin/busybox', 1_100_000),
  ...Array.from({ length: 20 }, (_, i) =>
    historyEntry(`COPY many-layers/part.txt /data/part-${String(i + 3).padStart(2, '0')}.txt`, 4_000),
  ),
  historyEntry('COPY .bin/big.bin /data/big.bin', 8_400_000),
];

/** The facts behind every other rule's example: configuration and runtime facts as the collectors record them. */
const OTHER_EXAMPLES: Record<Exclude<RuleId, keyof typeof FILESYSTEM_EXAMPLES>, () => ImageFacts> = {
  'non-root-user': () => withConfig({ user: '' }),
  'healthcheck-defined': () =>
    withConfig({
      healthcheck: {
        defined: false,
        disabled: false,
        test: null,
        intervalSeconds: null,
        timeoutSeconds: null,
        startPeriodSeconds: null,
        retries: null,
      },
    }),
  'oci-labels': () =>
    withConfig({
      labels: {
        'org.opencontainers.image.source': 'https://example.com/api',
        'org.opencontainers.image.version': '1.4.2',
      },
    }),
  'image-size': () => withConfig({ sizeBytes: 512_300_000 }),
  'layer-count': () => withConfig({ layerCount: 22, history: MANY_LAYERS }),
  'exec-form': () =>
    withConfig({ entrypoint: null, cmd: ['/bin/sh', '-c', '/bin/busybox httpd -f -p 8080 -h /'], cmdShellForm: true }),
  'no-secrets-in-env': () =>
    withConfig({
      envSecrets: [
        {
          kind: 'aws-access-key-id',
          source: 'env',
          name: 'AWS_ACCESS_KEY_ID',
          location: 'ENV AWS_ACCESS_KEY_ID',
          preview: 'AKIA…(20 chars)',
        },
        {
          kind: 'secret-like-name',
          source: 'env',
          name: 'DB_PASSWORD',
          location: 'ENV DB_PASSWORD',
          preview: 'fixt…(25 chars)',
        },
        {
          kind: 'npm-token',
          source: 'build-arg',
          name: 'NPM_TOKEN',
          location: 'history #3 (RUN) build arg NPM_TOKEN',
          preview: 'npm_…(40 chars)',
          historyIndex: 3,
        },
      ],
    }),
  'no-latest-tag': () => withConfig({ repoTags: ['example/api:1.4.2', 'example/api:latest'] }, 'example/api'),
  'prefer-copy': () =>
    withConfig({
      history: [
        historyEntry('/bin/sh -c #(nop) ADD file:0f1e2d in / '),
        historyEntry('/bin/sh -c #(nop) ADD https://example.com/tool-1.2.3.tar.gz /tmp/'),
        historyEntry('/bin/sh -c #(nop) ADD app.conf /etc/app/app.conf'),
      ],
    }),
  'no-apt-upgrade': () =>
    withConfig({
      history: [
        historyEntry('/bin/sh -c #(nop) ADD file:0f1e2d in / '),
        historyEntry('RUN /bin/sh -c apt-get update && apt-get -y upgrade # buildkit'),
      ],
    }),
  'starts-cleanly': () =>
    withRuntime({ running: false, exitCode: 3, observedSeconds: 0.4, lastLogLines: ['config missing: DATABASE_URL'] }),
  'runtime-non-root': () =>
    withRuntime({ processes: [{ pid: 2101, uid: 0, command: '/bin/busybox httpd -f -p 8080 -h /' }], uids: [0] }),
  'healthcheck-passes': () =>
    withRuntime({
      health: {
        status: 'unhealthy',
        secondsToHealthy: null,
        lastProbeOutput: 'probe failed: upstream not reachable',
        failingStreak: 2,
      },
    }),
  'readonly-rootfs': () =>
    withRuntime({
      readOnlyRootfs: {
        status: 'incompatible',
        evidence: ['exited with code 1 after 0.1s', "sh: can't create /app/app.log: Read-only file system"],
      },
    }),
  'graceful-shutdown': () =>
    withRuntime({
      pid1Command: '/bin/sh -c /bin/busybox sleep 3600',
      stop: { signal: 'SIGTERM', graceSeconds: 10, seconds: 10, exitCode: 137, graceful: false },
    }),
  'logs-to-stdout': () => withRuntime({ logFiles: ['/app/app.log'] }),
  'bounded-writes': () =>
    withRuntime({ writes: { writableLayerBytes: 157_300_000, logBytes: 1_800_000, logCapReached: true } }),
  'no-system-volumes': () => withConfig({ volumes: ['/proc', '/var/lib/app/data', '/var/run/docker.sock'] }),
  'dockerfile-valid': () => withDockerfile('FROM node:20\nRUNN npm ci\nCOPY <<EOF /app/config\nport=8080\n'),
  'base-image-pinned': () =>
    withDockerfile(
      'ARG NODE=node:20-slim\nFROM ${NODE} AS build\nRUN npm ci\n' +
        'FROM gcr.io/distroless/nodejs20-debian12@sha256:' +
        'a'.repeat(64) +
        '\nCOPY --from=build /app /app\nFROM build AS test\n',
    ),
  'multi-stage-build': () =>
    withDockerfile(
      'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server .\nCMD ["/server"]\n',
    ),
  'dependencies-locked': () =>
    withDockerfile('FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\n', {
      dependencyFiles: [
        { path: 'package.json', ignored: false },
        { path: 'package-lock.json', ignored: false },
      ],
    }),
  'dockerignore-optimised': () => ({
    ...withDockerfile('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n', {
      dockerignore: ignoreFile('node_modules', '.git'),
      sensitive: [
        { path: '.git/', kind: 'git-directory', ignored: true },
        { path: '.env', kind: 'dotenv', ignored: false },
      ],
    }),
  }),
  'buildkit-features': () =>
    withDockerfile('FROM node:20\nARG NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789\nRUN npm ci\n'),
  'final-user-not-root': () =>
    withDockerfile('FROM debian:12\nRUN useradd -r -u 10001 app\nUSER app\nUSER root\nRUN apt-get update\n'),
  'apt-no-recommends': () =>
    withDockerfile('FROM debian:12\nRUN apt-get update && apt-get install -y curl ca-certificates\n'),
  'no-curl-pipe-shell': () => withDockerfile('FROM debian:12\nRUN curl -fsSL https://example.com/install.sh | sh\n'),
  'no-add-url': () => withDockerfile('FROM debian:12\nADD https://example.com/tool-1.2.3.tar.gz /tmp/\n'),
  'run-pipefail': () =>
    withDockerfile('FROM debian:12\nRUN curl -fsSL https://example.com/data.tgz | tar -xz -C /data\n'),
  'vulnerability-scan': () => ({
    ...makeFacts(),
    vulnerabilities: vulnerabilityReport([
      vulnerability('CVE-2024-5535', 'critical', '3.0.14-1~deb12u1'),
      vulnerability('CVE-2024-6119', 'high', '3.0.14-1~deb12u1'),
      vulnerability('CVE-2023-50387', 'high', null, 'libsystemd0', '252.30-1~deb12u2'),
      vulnerability('CVE-2024-2511', 'medium', '3.0.14-1~deb12u1'),
      vulnerability('CVE-2011-3374', 'negligible', null, 'apt', '2.6.1'),
    ]),
  }),
};

/** Every rule's example, from one of the two tables; a rule without one fails to compile. */
const EXAMPLES = Object.fromEntries(
  RULES.map((rule) => {
    const filesystem = (
      FILESYSTEM_EXAMPLES as Partial<Record<RuleId, [Partial<FilesystemFacts>, Partial<ConfigFacts>?]>>
    )[rule.id];
    const build = filesystem
      ? () => factsWithFilesystem(filesystem[0], filesystem[1])
      : OTHER_EXAMPLES[rule.id as keyof typeof OTHER_EXAMPLES];
    return [rule.id, build];
  }),
) as Record<RuleId, (() => ImageFacts) | undefined>;

function documentedExample(id: string): unknown {
  const page = readFileSync(`${DOCS_DIR}${id}.md`, 'utf8');
  const json = /## Example finding\n```json\n([\s\S]*?)\n```/.exec(page)?.[1];
  if (json === undefined) throw new Error(`docs/rules/${id}.md has no JSON example finding`);
  return JSON.parse(json);
}

describe('docs example findings: every rule’s page shows what the rule reports on its example facts', () => {
  it.each(RULES.map((rule) => rule.id))('%s', (id) => {
    const rule = RULES.find((candidate) => candidate.id === id)!;
    const build = EXAMPLES[id];
    expect(build, `no example facts for ${id} in this test`).toBeDefined();
    const verdict = judgeRule(rule, build!(), { ...DEFAULT_RULE_OPTIONS, ...EXAMPLE_OPTIONS[id] });
    const finding = {
      rule: id,
      status: verdict.status,
      severity: rule.severity,
      message: verdict.message,
      evidence: verdict.evidence,
    };
    if (process.env.PRINT_EXAMPLES) console.log(`EXAMPLE ${id}\n${JSON.stringify(finding, null, 2)}`);
    expect(documentedExample(id)).toEqual(finding);
  });
});

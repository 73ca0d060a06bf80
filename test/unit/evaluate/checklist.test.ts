import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/evaluate/evaluate.js';
import { CHECKLIST, checklistRows } from '../../../src/evaluate/checklist.js';
import type { ChecklistRow, Finding } from '../../../src/evaluate/result.js';
import { RULES } from '../../../src/rules/index.js';
import type { Status } from '../../../src/rules/support/types.js';
import { makeFacts, makeFilesystem } from '../helpers/facts.js';
import { ignoreFile, withDockerfile } from '../helpers/dockerfile.js';
import { makeRuntime } from '../helpers/runtime.js';
import { vulnerabilityReport } from '../helpers/vulnerabilities.js';

const finding = (rule: string, status: Status, message = `${rule} ${status}`): Finding =>
  ({
    rule,
    title: rule,
    status,
    severity: 'medium',
    message,
    evidence: [],
    evidenceOmitted: 0,
    fingerprint: '0000000000000000',
  }) as Finding;

const rowFor = (rows: readonly ChecklistRow[], item: string) => rows.find((row) => row.item === item)!;

describe('CHECKLIST', () => {
  it('has the 19 items of the production checklist, in order, each naming only registered rules', () => {
    expect(CHECKLIST).toHaveLength(19);
    expect(CHECKLIST[0]!.item).toBe('Base image pinned with SHA256');
    expect(CHECKLIST[18]!.item).toBe('BuildKit features leveraged');
    const ids = new Set<string>(RULES.map((rule) => rule.id));
    for (const { rules } of CHECKLIST) for (const id of rules) expect(ids).toContain(id);
  });
  it('says why an item has no rules', () => {
    for (const item of CHECKLIST) if (item.rules.length === 0) expect(item.unchecked).toBeTruthy();
  });
  it('decides the filesystem items by the filesystem rules', () => {
    const rulesOf = (item: string) => CHECKLIST.find((entry) => entry.item === item)!;
    expect(rulesOf('Multi-stage build used')).toEqual({
      item: 'Multi-stage build used',
      rules: ['no-build-tools', 'no-dev-tools', 'multi-stage-build'],
    });
    expect(rulesOf('Non-root user configured').rules).toEqual([
      'non-root-user',
      'user-exists',
      'runtime-non-root',
      'unique-ids',
    ]);
    expect(rulesOf('Minimal image (distroless/alpine/slim)')).toEqual({
      item: 'Minimal image (distroless/alpine/slim)',
      rules: ['minimal-base', 'no-package-manager', 'no-package-cache', 'wasted-space'],
    });
    expect(rulesOf('No secrets in layers')).toEqual({
      item: 'No secrets in layers',
      rules: ['no-secrets-in-env', 'no-secrets-in-layers', 'layers-readable'],
    });
    expect(rulesOf('.dockerignore optimised')).toEqual({
      item: '.dockerignore optimised',
      rules: ['no-sensitive-files', 'no-dev-leftovers', 'dockerignore-optimised'],
    });
    expect(rulesOf('No sudo/setuid binaries')).toEqual({
      item: 'No sudo/setuid binaries',
      rules: ['no-setuid-binaries', 'no-sudo', 'no-world-writable'],
    });
  });
});

describe('checklistRows', () => {
  it('takes the worst status of the rules behind a row', () => {
    const rows = checklistRows([
      finding('no-apt-upgrade', 'pass'),
      finding('prefer-copy', 'warn', 'ADD used'),
      finding('no-latest-tag', 'pass'),
    ]);
    const row = rowFor(rows, 'Build reproducible (pinned deps)');
    expect(row.status).toBe('warn');
    expect(row.detail).toBe('ADD used');
    const failing = checklistRows([finding('no-apt-upgrade', 'fail', 'upgrade'), finding('prefer-copy', 'warn')]);
    expect(rowFor(failing, 'Build reproducible (pinned deps)').status).toBe('fail');
  });
  it('counts a rule error as a failure', () => {
    expect(rowFor(checklistRows([finding('exec-form', 'error')]), 'exec form for ENTRYPOINT/CMD').status).toBe('fail');
  });
  it('skips rows without rules and names the reason', () => {
    const row = rowFor(
      checklistRows([], [{ item: 'Vulnerability scan passed', rules: [], unchecked: 'not checked here' }]),
      'Vulnerability scan passed',
    );
    expect(row).toMatchObject({ status: 'skip', detail: 'not checked here' });
  });
  it('decides the vulnerability scan by vulnerability-scan, and without a report says what to run', () => {
    expect(CHECKLIST.find((entry) => entry.item === 'Vulnerability scan passed')).toEqual({
      item: 'Vulnerability scan passed',
      rules: ['vulnerability-scan'],
    });
    const rows = evaluate(makeFacts()).checklist;
    expect(rowFor(rows, 'Vulnerability scan passed')).toMatchObject({
      status: 'skip',
      detail: expect.stringContaining('--vuln-report vulns.json') as string,
    });
  });
  it('marks a pass that covers only part of the item', () => {
    const partial = [
      {
        item: 'Non-root user configured',
        rules: ['non-root-user'],
        unchecked: 'the UID of running processes needs runtime checks',
      },
    ] as const;
    const row = rowFor(
      checklistRows([finding('non-root-user', 'pass', 'runs as UID 10001')], partial),
      'Non-root user configured',
    );
    expect(row.status).toBe('pass');
    expect(row.detail).toBe('runs as UID 10001 (the UID of running processes needs runtime checks)');
  });
  it('decides the runtime items by the runtime rules', () => {
    const rows = checklistRows([
      finding('readonly-rootfs', 'fail', 'fails with a read-only root filesystem'),
      finding('graceful-shutdown', 'pass', 'stopped 0.1s after SIGTERM'),
      finding('starts-cleanly', 'pass', 'started'),
      finding('logs-to-stdout', 'skip', 'needs the runtime checks'),
    ]);
    expect(rowFor(rows, 'Read-only root filesystem compatible')).toMatchObject({
      status: 'fail',
      detail: 'fails with a read-only root filesystem',
    });
    expect(rowFor(rows, 'Signals handled correctly').status).toBe('pass');
    expect(rowFor(rows, 'Logs to stdout only')).toMatchObject({ status: 'skip', detail: 'needs the runtime checks' });
  });
  it('names the rules a pass skipped, so a half-checked item does not read as checked', () => {
    const rows = checklistRows([
      finding('non-root-user', 'pass', 'runs as numeric UID 10001'),
      finding('user-exists', 'skip', 'needs the filesystem scan'),
      finding('no-secrets-in-env', 'pass', 'no secret candidates in ENV or build history'),
      finding('no-secrets-in-layers', 'skip', 'needs the filesystem scan'),
    ]);
    expect(rowFor(rows, 'Non-root user configured')).toMatchObject({
      status: 'pass',
      detail: 'runs as numeric UID 10001 (user-exists skipped: needs the filesystem scan)',
    });
    expect(rowFor(rows, 'No secrets in layers')).toMatchObject({
      status: 'pass',
      detail: 'no secret candidates in ENV or build history (no-secrets-in-layers skipped: needs the filesystem scan)',
    });
  });
  it('says a shared skip reason once', () => {
    const rows = checklistRows(
      ['no-setuid-binaries', 'no-sudo', 'no-world-writable'].map((id) =>
        finding(id, 'skip', 'needs the filesystem scan'),
      ),
    );
    expect(rowFor(rows, 'No sudo/setuid binaries')).toMatchObject({
      status: 'skip',
      detail: 'needs the filesystem scan',
    });
    const mixed = checklistRows([
      finding('minimal-base', 'pass', 'scratch base: no /etc/os-release'),
      finding('no-package-manager', 'skip', 'needs the filesystem scan'),
      finding('no-package-cache', 'skip', 'needs the filesystem scan'),
    ]);
    expect(rowFor(mixed, 'Minimal image (distroless/alpine/slim)').detail).toBe(
      'scratch base: no /etc/os-release (no-package-manager, no-package-cache skipped: needs the filesystem scan)',
    );
  });
  it('shows only the deciding messages when a rule fails', () => {
    const rows = checklistRows([
      finding('non-root-user', 'pass', 'runs as named user app'),
      finding('user-exists', 'fail', 'user "app" is not in /etc/passwd'),
    ]);
    expect(rowFor(rows, 'Non-root user configured')).toMatchObject({
      status: 'fail',
      detail: 'user "app" is not in /etc/passwd',
    });
  });
});

/** Items the image decides, and the Dockerfile refines when it is given. */
const DOCKERFILE_REFINED = ['Multi-stage build used', '.dockerignore optimised'];

describe('checklist rows from the real rules', () => {
  const FILESYSTEM_ROWS = [
    'Multi-stage build used',
    'Minimal image (distroless/alpine/slim)',
    '.dockerignore optimised',
    'No sudo/setuid binaries',
  ];

  it('skips the filesystem items with one reason when the scan did not run', () => {
    const rows = evaluate(makeFacts()).checklist;
    for (const item of FILESYSTEM_ROWS)
      expect(rowFor(rows, item)).toMatchObject({
        status: 'skip',
        detail: DOCKERFILE_REFINED.includes(item)
          ? 'needs the filesystem scan; needs the Dockerfile: pass --dockerfile PATH'
          : 'needs the filesystem scan',
      });
    expect(rowFor(rows, 'Non-root user configured')).toMatchObject({
      status: 'pass',
      detail:
        'runs as numeric UID 10001 (user-exists, unique-ids skipped: needs the filesystem scan; runtime-non-root skipped: needs the runtime checks)',
    });
    expect(rowFor(rows, 'No secrets in layers').detail).toContain(
      'no-secrets-in-layers, layers-readable skipped: needs the filesystem scan',
    );
  });

  it('decides them when the scan ran', () => {
    const rows = evaluate(makeFacts({ filesystem: makeFilesystem() })).checklist;
    for (const item of [...FILESYSTEM_ROWS, 'No secrets in layers']) {
      const row = rowFor(rows, item);
      expect(row.status).toBe('pass');
      if (DOCKERFILE_REFINED.includes(item))
        expect(row.detail).toMatch(
          /\((?:multi-stage-build|dockerignore-optimised) skipped: needs the Dockerfile: pass --dockerfile PATH\)$/,
        );
      else expect(row.detail).not.toContain('skipped');
    }
    expect(rowFor(rows, 'Non-root user configured').detail).toBe(
      'runs as numeric UID 10001; USER resolves to UID 10001; every UID in /etc/passwd and GID in /etc/group is unique (runtime-non-root skipped: needs the runtime checks)',
    );
  });

  it('fails the filesystem items an image gets wrong', () => {
    const filesystem = makeFilesystem({
      setuid: ['/usr/bin/passwd'],
      sensitiveFiles: [{ kind: 'dotenv', path: '/app/.env', layerIndex: 2, deleted: true }],
    });
    const rows = evaluate(makeFacts({ filesystem })).checklist;
    expect(rowFor(rows, 'No sudo/setuid binaries').status).toBe('fail');
    expect(rowFor(rows, '.dockerignore optimised').status).toBe('fail');
    expect(rowFor(rows, 'Multi-stage build used').status).toBe('pass');
  });
});

describe('checklist rows with and without the Dockerfile', () => {
  const DOCKERFILE_ITEMS = ['Base image pinned with SHA256', 'Dependencies pinned with lock files'];

  it('says exactly what to pass for the items only the Dockerfile decides', () => {
    const rows = evaluate(makeFacts({ filesystem: makeFilesystem() })).checklist;
    for (const item of DOCKERFILE_ITEMS)
      expect(rowFor(rows, item)).toMatchObject({
        status: 'skip',
        detail: expect.stringContaining('pass --dockerfile PATH') as string,
      });
    // The history says BuildKit built it: partial evidence, a warning that names the flag, never a pass.
    expect(rowFor(rows, 'BuildKit features leveraged')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('pass --dockerfile PATH') as string,
    });
  });

  it('decides every item when the Dockerfile, its context and a vulnerability report are given', () => {
    const facts = withDockerfile(
      '# syntax=docker/dockerfile:1\nFROM golang:1.22@sha256:' +
        'b'.repeat(64) +
        ' AS build\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n' +
        'COPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /out/app .\n' +
        'FROM scratch\nCOPY --from=build /out/app /app\nUSER 10001\nENTRYPOINT ["/app"]\n',
      {
        dockerignore: ignoreFile('.git', '.env*', '*.pem', '*.key', '**/id_*', 'Dockerfile'),
        dependencyFiles: [
          { path: 'go.mod', ignored: false },
          { path: 'go.sum', ignored: false },
        ],
      },
      {
        ...makeFacts({ filesystem: makeFilesystem() }),
        runtime: makeRuntime(),
        vulnerabilities: vulnerabilityReport(),
      },
    );
    const rows = evaluate(facts).checklist;
    expect(rows).toHaveLength(19);
    for (const row of rows)
      expect({ item: row.item, status: row.status }).not.toEqual({ item: row.item, status: 'skip' });
    expect(rowFor(rows, 'Vulnerability scan passed').status).toBe('pass');
    for (const item of [...DOCKERFILE_ITEMS, 'BuildKit features leveraged', ...DOCKERFILE_REFINED])
      expect({ item, status: rowFor(rows, item).status }).toEqual({ item, status: 'pass' });
  });
});

import { describe, expect, it } from 'vitest';
import { evaluate, EVIDENCE_CAP } from '../../../src/evaluate/evaluate.js';
import type { Finding } from '../../../src/evaluate/result.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import type { BaseFacts, FilesystemFacts, ImageFacts, LayerFacts } from '../../../src/facts.js';
import { historyEntry as step, makeFacts, makeFilesystem, tool } from '../helpers/facts.js';

// An image FROM debian (2 history steps, 1 layer) with three steps of its own: the base boundary a scan would give.
const HISTORY = [
  step('/bin/sh -c #(nop) ADD file:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9 in / ', 74_000_000),
  step('/bin/sh -c #(nop)  CMD ["bash"]'),
  step('/bin/sh -c #(nop)  ENV API_TOKEN=[REDACTED]'),
  step('/bin/sh -c apt-get update && apt-get install -y gcc', 90_000_000),
  step('/bin/sh -c #(nop) COPY dir:1f2e3d4c5b6a79880796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0 in /app ', 5_000),
  step('/bin/sh -c #(nop)  USER root'),
  step('/bin/sh -c #(nop)  CMD ["/app/run"]'),
];
const BASE: BaseFacts = { layers: 1, historySteps: 2, source: 'heuristic' };
const layer = (index: number, historyIndex: number): LayerFacts => ({
  index,
  source: `blobs/sha256/layer${index}`,
  compression: 'none',
  readable: true,
  fileBytes: 1,
  entryCount: 1,
  createdBy: HISTORY[historyIndex]!.createdBy,
  historyIndex,
});

function facts(filesystem: Partial<FilesystemFacts>, config: Partial<ImageFacts['config']> = {}): ImageFacts {
  return makeFacts({
    config: { history: HISTORY, layerCount: 3, base: BASE, user: '10001', ...config },
    filesystem: makeFilesystem({ layers: [layer(0, 0), layer(1, 3), layer(2, 4)], ...filesystem }),
  });
}

const finding = (image: ImageFacts, rule: string, judgement = {}): Finding =>
  evaluate(image, judgement).findings.find((found) => found.rule === rule)!;

const debianSetuid = {
  setuid: ['/usr/bin/passwd', '/usr/bin/su'],
  pathLayers: { '/usr/bin/passwd': 0, '/usr/bin/su': 0 },
};

describe('attribution of findings to the base image or the own steps', () => {
  it('a finding whose every path is in the base layers is the base image’s', () => {
    const setuid = finding(facts(debianSetuid), 'no-setuid-binaries');
    expect(setuid).toMatchObject({ status: 'fail', origin: 'base', evidenceOrigin: ['base', 'base'] });
  });

  it('one path from an own layer makes it own, and names the build step', () => {
    const image = facts({
      setuid: ['/usr/bin/passwd', '/usr/local/bin/helper'],
      pathLayers: { '/usr/bin/passwd': 0, '/usr/local/bin/helper': 1 },
    });
    expect(finding(image, 'no-setuid-binaries')).toMatchObject({
      origin: 'own',
      evidenceOrigin: ['base', 'build step 3: RUN apt-get update && apt-get install -y gcc'],
    });
  });

  it('tools, secrets and sensitive files by the layer that holds them', () => {
    const image = facts({
      buildTools: [tool('/usr/bin/gcc')],
      secrets: [{ kind: 'private-key', path: '/app/key.pem', layerIndex: 2, deleted: false, preview: 'private-key …' }],
      sensitiveFiles: [{ kind: 'dotenv', path: '/etc/skel/.env', layerIndex: 0, deleted: false }],
      pathLayers: { '/usr/bin/gcc': 1 },
    });
    expect(finding(image, 'no-build-tools')).toMatchObject({ origin: 'own' });
    expect(finding(image, 'no-secrets-in-layers')).toMatchObject({
      origin: 'own',
      evidenceOrigin: [expect.stringMatching(/^build step 4: COPY dir:/)],
    });
    expect(finding(image, 'no-sensitive-files')).toMatchObject({ origin: 'base', evidenceOrigin: ['base'] });
  });

  it('a general-purpose base is the base image’s finding, also when it fails for its size', () => {
    const general = {
      os: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
      shells: [tool('/bin/bash')],
      packageManagers: [tool('/usr/bin/apt-get')],
      pathLayers: { '/etc/os-release': 0, '/bin/bash': 0, '/usr/bin/apt-get': 0 },
    };
    const image = facts(general);
    const minimal = finding(image, 'minimal-base');
    expect(minimal.status).toBe('warn');
    expect(minimal).toMatchObject({ origin: 'base', evidenceOrigin: ['base', 'base', 'base'] });
    expect(finding(image, 'no-package-manager')).toMatchObject({ origin: 'base' });
    const big = facts({ ...general, layers: [{ ...layer(0, 0), fileBytes: 150_000_000 }] }, { sizeBytes: 150_000_000 });
    expect(finding(big, 'minimal-base')).toMatchObject({ status: 'fail', origin: 'base' });
  });

  it('USER, ENV and CMD by the last history step that set them', () => {
    const image = facts(
      {},
      {
        user: 'root',
        envSecrets: [
          { kind: 'secret-like-name', source: 'env', name: 'API_TOKEN', location: 'ENV API_TOKEN', preview: 'ab…' },
        ],
      },
    );
    expect(finding(image, 'non-root-user')).toMatchObject({
      origin: 'own',
      evidenceOrigin: ['build step 5: USER root'],
    });
    expect(finding(image, 'no-secrets-in-env')).toMatchObject({
      origin: 'own',
      evidenceOrigin: ['build step 2: ENV API_TOKEN=[REDACTED]'],
    });
    const baseUser = makeFacts({
      config: {
        history: [...HISTORY.slice(0, 1), step('/bin/sh -c #(nop)  USER root'), ...HISTORY.slice(2, 5)],
        user: 'root',
        base: BASE,
      },
    });
    expect(finding(baseUser, 'non-root-user')).toMatchObject({ origin: 'base', evidenceOrigin: ['base'] });
  });

  it('a missing USER, a missing label, the size: the image as a whole, so its own', () => {
    const image = facts({ layers: [{ ...layer(0, 0), fileBytes: 900_000_000 }] }, { user: '', labels: {} });
    expect(finding(image, 'non-root-user')).toMatchObject({ origin: 'own', evidenceOrigin: ['image'] });
    expect(finding(image, 'oci-labels').origin).toBe('own');
    expect(finding(image, 'image-size')).toMatchObject({ origin: 'own', evidenceOrigin: ['image'] });
  });

  it('an end-of-life distribution and an SSH daemon of the base are the base image’s', () => {
    const image = facts(
      {
        os: { id: 'debian', versionId: '9', prettyName: 'Debian GNU/Linux 9 (stretch)' },
        sshDaemons: [tool('/usr/sbin/sshd')],
        pathLayers: { '/etc/os-release': 0, '/usr/sbin/sshd': 0 },
      },
      { exposedPorts: [] },
    );
    const today = { rules: { ...DEFAULT_RULE_OPTIONS, now: '2026-11-30' } };
    expect(finding(image, 'supported-base-os', today)).toMatchObject({ status: 'fail', origin: 'base' });
    expect(finding(image, 'no-ssh')).toMatchObject({ status: 'fail', origin: 'base', evidenceOrigin: ['base'] });
    const exposed = facts({}, { exposedPorts: ['22/tcp'], history: [...HISTORY, step('EXPOSE 22/tcp')] });
    expect(finding(exposed, 'no-ssh')).toMatchObject({
      origin: 'own',
      evidenceOrigin: ['build step 7: EXPOSE 22/tcp'],
    });
  });

  it('the dockle rules: accounts, leftovers, volumes and runtimes by the file or step behind them', () => {
    const today = { rules: { ...DEFAULT_RULE_OPTIONS, now: '2026-11-30' } };
    const python = (version: string, layerIndex: number) => ({
      name: 'python3.9',
      version,
      type: 'deb' as const,
      path: '/var/lib/dpkg/status',
      layerIndex,
      purl: `pkg:deb/debian/python3.9@${version}`,
    });
    const image = facts(
      {
        shadow: { path: '/etc/shadow', emptyPassword: ['guest'] },
        duplicateIds: [
          { kind: 'uid', id: 0, names: ['root', 'toor'] },
          { kind: 'gid', id: 50, names: ['staff', 'games'] },
        ],
        devLeftovers: [
          { kind: 'vscode-settings', path: '/app/.vscode', bytes: 120, files: 2 },
          { kind: 'ds-store', path: '/srv/.DS_Store', bytes: 6148, files: 1 },
        ],
        inventory: { packages: [python('3.9.2-1', 0)], notInventoried: [] },
        pathLayers: { '/etc/shadow': 0, '/etc/passwd': 2, '/etc/group': 0, '/app/.vscode': 2, '/srv/.DS_Store': 0 },
      },
      { volumes: ['/proc'], history: [...HISTORY, step('/bin/sh -c #(nop)  VOLUME [/proc]')] },
    );
    expect(finding(image, 'no-empty-password')).toMatchObject({ origin: 'base', evidenceOrigin: ['base'] });
    expect(finding(image, 'unique-ids')).toMatchObject({
      origin: 'own',
      evidenceOrigin: [expect.stringMatching(/^build step 4: COPY /), 'base'],
    });
    expect(finding(image, 'no-dev-leftovers')).toMatchObject({
      origin: 'own',
      evidenceOrigin: [expect.stringMatching(/^build step 4: COPY /), 'base'],
    });
    expect(finding(image, 'no-system-volumes').evidenceOrigin).toEqual(['build step 7: VOLUME [/proc]']);
    // Python 3.9 ended in 2025: its release line follows the package's layer, not the status file's.
    expect(finding(image, 'supported-runtimes', today)).toMatchObject({
      status: 'fail',
      origin: 'base',
      evidenceOrigin: ['base', 'base'],
    });
    const upgraded = facts({ inventory: { packages: [python('3.9.2-2', 1)], notInventoried: [] } });
    expect(finding(upgraded, 'supported-runtimes', today)).toMatchObject({
      origin: 'own',
      evidenceOrigin: [expect.stringMatching(/^build step 3: RUN apt-get/), expect.stringMatching(/^build step 3: /)],
    });
  });

  it('history evidence by its step number', () => {
    const image = facts({}, { history: [...HISTORY, step('ADD https://example.com/x.tgz /tmp/ # buildkit', 10)] });
    expect(finding(image, 'prefer-copy')).toMatchObject({
      origin: 'own',
      evidenceOrigin: ['build step 7: ADD https://example.com/x.tgz /tmp/'],
    });
  });

  it('a step that recorded no command (docker import) is named by its number alone', () => {
    const imported = [step('', 74_000_000), step('/bin/sh -c #(nop)  USER root')];
    const image = makeFacts({
      config: { history: imported, user: 'root', base: { layers: 0, historySteps: 0, source: 'none' } },
    });
    expect(finding(image, 'non-root-user').evidenceOrigin).toEqual(['build step 1: USER root']);
    const own = facts(
      { setuid: ['/usr/bin/su'], pathLayers: { '/usr/bin/su': 0 } },
      { history: [step('', 1), ...HISTORY.slice(1)], base: { layers: 0, historySteps: 0, source: 'none' } },
    );
    expect(finding(own, 'no-setuid-binaries').evidenceOrigin).toEqual(['build step 0']);
  });

  it('a path the facts do not place (facts cached before pathLayers) is unknown, so its own', () => {
    const image = facts({ setuid: ['/usr/bin/passwd'], pathLayers: undefined });
    expect(finding(image, 'no-setuid-binaries')).toMatchObject({ origin: 'own', evidenceOrigin: ['unknown'] });
  });

  it('judges the origin on all the evidence, also what the report leaves out', () => {
    const paths = Array.from({ length: EVIDENCE_CAP + 2 }, (_, i) => `/usr/bin/tool${i}`);
    const pathLayers = Object.fromEntries(paths.map((path, i) => [path, i === paths.length - 1 ? 2 : 0]));
    const setuid = finding(facts({ setuid: paths, pathLayers }), 'no-setuid-binaries');
    expect(setuid.origin).toBe('own');
    expect(setuid.evidenceOrigin).toEqual(Array.from({ length: EVIDENCE_CAP }, () => 'base'));
  });

  it('without a base boundary (facts recorded before it), no finding has an origin', () => {
    const image = makeFacts({ config: { user: 'root' } });
    expect(finding(image, 'non-root-user')).not.toHaveProperty('origin');
    expect(evaluate(image)).not.toHaveProperty('baseSplit');
  });

  it('passes, skips and what the configuration accepted or turned off carry no origin', () => {
    const image = facts(debianSetuid);
    expect(finding(image, 'no-world-writable')).not.toHaveProperty('origin');
    const off = finding(image, 'no-setuid-binaries', {
      policy: {
        source: '.imgaudit.yml',
        ruleOverrides: { 'no-setuid-binaries': 'off' },
        allow: { setuid: [], secrets: [] },
      },
    });
    expect(off.status).toBe('skip');
    expect(off).not.toHaveProperty('origin');
    expect(off).not.toHaveProperty('evidenceOrigin');
  });

  it('leaves fingerprints as they were: a baseline made before still matches', () => {
    const withBase = finding(facts(debianSetuid), 'no-setuid-binaries');
    const without = finding(facts(debianSetuid, { base: undefined }), 'no-setuid-binaries');
    expect(without).not.toHaveProperty('origin');
    expect(withBase.fingerprint).toBe(without.fingerprint);
  });
});

const ownCount = (result: ReturnType<typeof evaluate>) =>
  result.findings.filter((found) => found.origin === 'own').length;

describe('baseFindings: what base findings do to the gate and the report', () => {
  // A high base finding (root set by the base) and a medium own one (gcc).
  const image = makeFacts({
    config: {
      history: [HISTORY[0]!, step('/bin/sh -c #(nop)  USER root'), HISTORY[1]!, HISTORY[3]!],
      user: 'root',
      base: { layers: 1, historySteps: 3, source: 'base-image', reference: 'debian:12' },
    },
    filesystem: makeFilesystem({
      layers: [layer(0, 0), { ...layer(1, 3), historyIndex: 3 }],
      buildTools: [tool('/usr/bin/gcc')],
      pathLayers: { '/usr/bin/gcc': 1 },
    }),
  });
  const gate = { failOn: 'medium' as const, failUnder: 0 };

  it('gate (default): a base finding fails the gate like any other', () => {
    const result = evaluate(image, { gate });
    expect(result.gateReasons).toEqual(['high finding non-root-user', 'medium finding no-build-tools']);
    expect(result.baseSplit).toEqual({ base: 1, own: ownCount(result), hidden: 0, baseFindings: 'gate' });
    // package-install-cleanup blames the same own step as no-build-tools.
    expect(result.findings.find((found) => found.rule === 'package-install-cleanup')).toMatchObject({
      origin: 'own',
      evidenceOrigin: ['build step 3: RUN apt-get update && apt-get install -y gcc'],
    });
  });

  it('report: shown, but only the own finding gates; the score is the whole image’s', () => {
    const result = evaluate(image, { gate, baseFindings: 'report' });
    expect(result.gateReasons).toEqual(['medium finding no-build-tools']);
    expect(result.findings.find((found) => found.rule === 'non-root-user')?.origin).toBe('base');
    expect(result.score).toBe(evaluate(image, { gate }).score);
  });

  it('report: an image whose only failure is inherited passes', () => {
    const result = evaluate(image, { gate: { failOn: 'high', failUnder: 0 }, baseFindings: 'report' });
    expect(result.passed).toBe(true);
    expect(evaluate(image, { gate: { failOn: 'high', failUnder: 0 } }).passed).toBe(false);
  });

  it('hide: base findings leave the report too, still counted in the score and the checklist', () => {
    const shown = evaluate(image, { gate });
    const hidden = evaluate(image, { gate, baseFindings: 'hide' });
    expect(hidden.findings.map((found) => found.rule)).not.toContain('non-root-user');
    expect(hidden.findings).toHaveLength(shown.findings.length - 1);
    expect(hidden.score).toBe(shown.score);
    expect(hidden.checklist).toEqual(shown.checklist);
    expect(hidden.baseSplit).toEqual({ base: 1, own: ownCount(shown), hidden: 1, baseFindings: 'hide' });
    expect(hidden.gateReasons).toEqual(['medium finding no-build-tools']);
  });

  it('a failing score still fails the gate whatever the base findings do', () => {
    const result = evaluate(image, { gate: { failOn: 'none', failUnder: 99 }, baseFindings: 'report' });
    expect(result.passed).toBe(false);
  });
});

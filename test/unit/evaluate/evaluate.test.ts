import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/evaluate/evaluate.js';
import { RULES } from '../../../src/rules/index.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts, makeFilesystem } from '../helpers/facts.js';

const FILESYSTEM_RULES = [
  'no-setuid-binaries',
  'no-world-writable',
  'no-package-manager',
  'no-sudo',
  'no-build-tools',
  'no-dev-tools',
  'no-secrets-in-layers',
  'no-sensitive-files',
  'no-package-cache',
  'wasted-space',
  'user-exists',
  'minimal-base',
  'no-empty-password',
  'unique-ids',
  'no-dev-leftovers',
  'supported-base-os',
  'supported-runtimes',
  'layers-readable',
];

/** They need the runtime phase; one of them also reads the layer scan. */
const RUNTIME_RULES: readonly string[] = [
  'starts-cleanly',
  'runtime-non-root',
  'healthcheck-passes',
  'readonly-rootfs',
  'graceful-shutdown',
  'logs-to-stdout',
  'bounded-writes',
];

/** They read the Dockerfile (and its context); buildkit-features falls back to the history without one. */
const DOCKERFILE_RULES: Readonly<Record<string, readonly string[]>> = {
  'dockerfile-valid': ['dockerfile'],
  'base-image-pinned': ['dockerfile'],
  'multi-stage-build': ['dockerfile'],
  'dependencies-locked': ['dockerfile', 'buildContext'],
  'dockerignore-optimised': ['dockerfile', 'buildContext'],
  'buildkit-features': ['config'],
  'final-user-not-root': ['dockerfile'],
  'apt-no-recommends': ['dockerfile'],
  'no-curl-pipe-shell': ['dockerfile'],
  'no-add-url': ['dockerfile'],
  'run-pipefail': ['dockerfile'],
};
const DOCKERFILE_IDS = Object.keys(DOCKERFILE_RULES);

/** They judge a vulnerability scanner's report (`--vuln-report`). */
const REPORT_RULES: Readonly<Record<string, readonly string[]>> = { 'vulnerability-scan': ['vulnerabilities'] };
const REPORT_IDS = Object.keys(REPORT_RULES);

describe('the rules, by what they need', () => {
  it('come after the configuration rules and before the runtime rules, then the Dockerfile rules, then the report rules', () => {
    const ids: string[] = RULES.map((rule) => rule.id);
    const start = ids.indexOf(FILESYSTEM_RULES[0]!);
    const runtimeEnd = start + FILESYSTEM_RULES.length + RUNTIME_RULES.length;
    expect(ids.slice(start, start + FILESYSTEM_RULES.length)).toEqual(FILESYSTEM_RULES);
    expect(ids.slice(start + FILESYSTEM_RULES.length, runtimeEnd)).toEqual(RUNTIME_RULES);
    expect(ids.slice(runtimeEnd)).toEqual([...DOCKERFILE_IDS, ...REPORT_IDS]);
  });

  it('declare what they need: the filesystem scan, or the runtime phase', () => {
    for (const rule of RULES) {
      const needs =
        (DOCKERFILE_RULES[rule.id] ?? REPORT_RULES[rule.id])
          ? (DOCKERFILE_RULES[rule.id] ?? REPORT_RULES[rule.id])
          : FILESYSTEM_RULES.includes(rule.id)
            ? ['filesystem']
            : RUNTIME_RULES.includes(rule.id) && rule.id !== 'healthcheck-passes'
              ? ['runtime']
              : ['config'];
      expect({ id: rule.id, needs: rule.needs }).toEqual({ id: rule.id, needs });
    }
  });

  it.each(FILESYSTEM_RULES)(
    '%s skips when the filesystem scan did not run, said by evaluate() for every rule alike',
    (id) => {
      for (const facts of [makeFacts(), makeFacts({ filesystem: null })]) {
        const finding = evaluate(facts).findings.find((candidate) => candidate.rule === id)!;
        expect([finding.status, finding.message]).toEqual(['skip', 'needs the filesystem scan']);
      }
    },
  );

  it.each(RUNTIME_RULES.filter((id) => id !== 'healthcheck-passes'))(
    '%s skips when the runtime phase did not run',
    (id) => {
      const finding = evaluate(makeFacts({ filesystem: makeFilesystem() })).findings.find(
        (candidate) => candidate.rule === id,
      )!;
      expect([finding.status, finding.message]).toEqual(['skip', 'needs the runtime checks']);
    },
  );

  it.each(DOCKERFILE_IDS.filter((id) => id !== 'buildkit-features'))(
    '%s skips without a Dockerfile and says to pass --dockerfile',
    (id) => {
      const finding = evaluate(makeFacts()).findings.find((candidate) => candidate.rule === id)!;
      expect(finding.status).toBe('skip');
      expect(finding.message).toContain('--dockerfile');
    },
  );

  it.each(FILESYSTEM_RULES)('%s passes the good, scratch-like image', (id) => {
    const rule = RULES.find((candidate) => candidate.id === id)!;
    // A scratch-like image has no /etc/shadow and no language runtime: nothing to judge, so those rules say skip.
    const expected = id === 'no-empty-password' || id === 'supported-runtimes' ? 'skip' : 'pass';
    expect(rule.check(makeFacts({ filesystem: makeFilesystem() }), DEFAULT_RULE_OPTIONS).status).toBe(expected);
  });

  it('leaves the configuration rules alone when the scan ran', () => {
    const configRules = RULES.filter(
      (rule) =>
        !FILESYSTEM_RULES.includes(rule.id) &&
        !RUNTIME_RULES.includes(rule.id) &&
        !REPORT_IDS.includes(rule.id) &&
        (!DOCKERFILE_IDS.includes(rule.id) || rule.id === 'buildkit-features'),
    );
    for (const rule of configRules)
      expect(rule.check(makeFacts({ filesystem: makeFilesystem() }), DEFAULT_RULE_OPTIONS).status).not.toBe('skip');
  });
});

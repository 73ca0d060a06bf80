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

describe('the rules, by what they need', () => {
  it('come after the configuration rules and before the runtime rules, in this order', () => {
    const ids: string[] = RULES.map((rule) => rule.id);
    const start = ids.indexOf(FILESYSTEM_RULES[0]!);
    expect(ids.slice(start, start + FILESYSTEM_RULES.length)).toEqual(FILESYSTEM_RULES);
    expect(ids.slice(start + FILESYSTEM_RULES.length)).toEqual(RUNTIME_RULES);
  });

  it('declare what they need: the filesystem scan, or the runtime phase', () => {
    for (const rule of RULES) {
      const needs = FILESYSTEM_RULES.includes(rule.id)
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

  it.each(FILESYSTEM_RULES)('%s passes the good, scratch-like image', (id) => {
    const rule = RULES.find((candidate) => candidate.id === id)!;
    // A scratch-like image has no /etc/shadow and no language runtime: nothing to judge, so those rules say skip.
    const expected = id === 'no-empty-password' || id === 'supported-runtimes' ? 'skip' : 'pass';
    expect(rule.check(makeFacts({ filesystem: makeFilesystem() }), DEFAULT_RULE_OPTIONS).status).toBe(expected);
  });

  it('leaves the configuration rules alone when the scan ran', () => {
    const configRules = RULES.filter((rule) => !FILESYSTEM_RULES.includes(rule.id) && !RUNTIME_RULES.includes(rule.id));
    for (const rule of configRules)
      expect(rule.check(makeFacts({ filesystem: makeFilesystem() }), DEFAULT_RULE_OPTIONS).status).not.toBe('skip');
  });
});

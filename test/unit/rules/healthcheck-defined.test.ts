import { describe, expect, it } from 'vitest';
import type { HealthcheckFacts, ImageFacts } from '../../../src/facts.js';
import { healthcheckDefined, PODMAN_OCI_NOTE } from '../../../src/rules/healthcheck-defined.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const NO_CHECK: HealthcheckFacts = {
  defined: false,
  disabled: false,
  test: null,
  intervalSeconds: null,
  timeoutSeconds: null,
  startPeriodSeconds: null,
  retries: null,
};

const verdictFor = (healthcheck: HealthcheckFacts) =>
  judgeRule(healthcheckDefined, makeFacts({ config: { healthcheck } }), DEFAULT_RULE_OPTIONS);

describe('healthcheck-defined', () => {
  it('passes with the test command as evidence', () => {
    const verdict = judgeRule(healthcheckDefined, makeFacts(), DEFAULT_RULE_OPTIONS);
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toEqual(['CMD /app/server --health']);
  });

  it('passes a CMD-SHELL check', () => {
    const verdict = verdictFor({
      ...NO_CHECK,
      defined: true,
      test: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
    });
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence[0]).toContain('curl -f http://localhost:8080/health');
  });

  it('fails when no HEALTHCHECK is defined', () => {
    expect(verdictFor(NO_CHECK).status).toBe('fail');
  });

  it('fails on podman with a note on its OCI format, which drops HEALTHCHECK', () => {
    const facts = { ...makeFacts({ config: { healthcheck: NO_CHECK } }), engine: { kind: 'podman', version: '4.3.1' } };
    const verdict = judgeRule(healthcheckDefined, facts as ImageFacts, DEFAULT_RULE_OPTIONS);
    expect(verdict).toMatchObject({ status: 'fail', evidence: [PODMAN_OCI_NOTE] });
    expect(PODMAN_OCI_NOTE).toContain('--format docker');
    const onDocker = { ...facts, engine: { kind: 'docker', version: '26.1.5' } } as ImageFacts;
    expect(judgeRule(healthcheckDefined, onDocker, DEFAULT_RULE_OPTIONS).evidence).toEqual([]);
  });

  it('fails when HEALTHCHECK NONE disables an inherited check', () => {
    const verdict = verdictFor({ ...NO_CHECK, disabled: true, test: ['NONE'] });
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual(['HEALTHCHECK NONE']);
  });
});

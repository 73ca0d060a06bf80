import { describe, expect, it } from 'vitest';
import { ociLabels } from '../../../src/rules/oci-labels.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

describe('oci-labels', () => {
  it('passes and lists the required labels that are present', () => {
    const verdict = judgeRule(ociLabels, makeFacts(), DEFAULT_RULE_OPTIONS);
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toEqual(DEFAULT_RULE_OPTIONS.requiredLabels);
  });

  it('fails with the missing and empty label names as evidence', () => {
    const labels = {
      'org.opencontainers.image.source': 'https://github.com/example/api',
      'org.opencontainers.image.version': '  ',
      'org.opencontainers.image.created': '2026-11-20T09:12:30Z',
    };
    const verdict = judgeRule(ociLabels, makeFacts({ config: { labels } }), DEFAULT_RULE_OPTIONS);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual(['org.opencontainers.image.version', 'org.opencontainers.image.revision']);
  });

  it('fails an image without labels', () => {
    const verdict = judgeRule(ociLabels, makeFacts({ config: { labels: {} } }), DEFAULT_RULE_OPTIONS);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toHaveLength(DEFAULT_RULE_OPTIONS.requiredLabels.length);
  });

  it('reads the required labels from the options', () => {
    const options = { ...DEFAULT_RULE_OPTIONS, requiredLabels: ['org.opencontainers.image.licenses'] };
    const verdict = judgeRule(ociLabels, makeFacts(), options);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual(['org.opencontainers.image.licenses']);
    expect(judgeRule(ociLabels, makeFacts(), { ...DEFAULT_RULE_OPTIONS, requiredLabels: [] }).status).toBe('pass');
  });
});

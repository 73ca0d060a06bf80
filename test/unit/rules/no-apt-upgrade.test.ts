import { describe, expect, it } from 'vitest';
import { noAptUpgrade } from '../../../src/rules/no-apt-upgrade.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { historyEntry, makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const BASE = historyEntry('/bin/sh -c #(nop) ADD file:5b1e63e2d4c4b9a0a2f3c8d6e7f1a9b0 in / ', 7_800_000);
const verdictFor = (step: string) =>
  judgeRule(noAptUpgrade, makeFacts({ config: { history: [BASE, historyEntry(step, 1_000)] } }), DEFAULT_RULE_OPTIONS);

describe('no-apt-upgrade', () => {
  it('passes the good image', () => {
    expect(judgeRule(noAptUpgrade, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it.each([
    'RUN /bin/sh -c apt-get update && apt-get -y upgrade # buildkit',
    '/bin/sh -c apt-get update && apt-get upgrade -y',
    '/bin/sh -c apt-get -qq dist-upgrade',
    '/bin/sh -c apt-get -o Dpkg::Options::=--force-confold -y upgrade',
    'RUN /bin/sh -c apt update && apt full-upgrade -y # buildkit',
    'RUN /bin/sh -c apt upgrade # buildkit',
    '/bin/sh -c set -eux; /usr/bin/apt-get -y --no-install-recommends upgrade; rm -rf /var/lib/apt/lists/*',
    'RUN /bin/sh -c apk upgrade --no-cache # buildkit',
    'RUN /bin/sh -c apk --no-cache upgrade # buildkit',
    '/bin/sh -c yum -y update && yum clean all',
    '/bin/sh -c yum upgrade -y',
    '/bin/sh -c dnf -y upgrade',
    '/bin/sh -c dnf update -y',
    '/bin/sh -c zypper --non-interactive up',
    '/bin/sh -c zypper -n update',
    'RUN |1 NPM_TOKEN=<redacted> /bin/sh -c apt-get update && apt-get -y upgrade # buildkit',
  ])('fails %s', (step) => {
    const verdict = verdictFor(step);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toHaveLength(1);
    expect(verdict.evidence[0]).toMatch(/^history #1: /);
  });

  it.each([
    'RUN /bin/sh -c apt-get update # buildkit',
    'RUN /bin/sh -c apt-get update && apt-get install -y --only-upgrade openssl # buildkit',
    '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends unattended-upgrades',
    'RUN /bin/sh -c apk add --no-cache --upgrade openssl # buildkit',
    '/bin/sh -c yum check-update || true',
    '/bin/sh -c dnf install -y python3-pip && pip install --upgrade pip',
    'RUN /bin/sh -c npm update # buildkit',
    'COPY apt-get-upgrade.md /docs/ # buildkit',
  ])('passes %s', (step) => {
    expect(verdictFor(step).status).toBe('pass');
  });

  it('judges hostile steps at once: a run of bare -o options (exponential before) and a run of tool names', () => {
    expect(verdictFor(`/bin/sh -c dnf${' -o'.repeat(60)} x`).status).toBe('pass');
    expect(verdictFor(`/bin/sh -c ${'=dnf -'.repeat(20_000)}`).status).toBe('pass');
    expect(verdictFor('/bin/sh -c dnf -o -o upgrade').status).toBe('fail');
  });

  it('skips an image without build history', () => {
    expect(judgeRule(noAptUpgrade, makeFacts({ config: { history: [] } }), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});

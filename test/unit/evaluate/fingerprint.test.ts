import { describe, expect, it } from 'vitest';
import { findingFingerprint, normaliseEvidence } from '../../../src/evaluate/fingerprint.js';

describe('findingFingerprint', () => {
  it('is 16 hex characters and depends on the rule', () => {
    const a = findingFingerprint('no-setuid-binaries', ['setuid /usr/bin/su']);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(findingFingerprint('no-world-writable', ['setuid /usr/bin/su'])).not.toBe(a);
  });

  it('ignores what a rebuild changes: layer numbers, sizes, history positions, hashes', () => {
    const before = findingFingerprint('no-secrets-in-layers', [
      'npm-token: npm_…(40 chars) at /app/.npmrc (layer 7, deleted in a later layer but still extractable)',
    ]);
    const after = findingFingerprint('no-secrets-in-layers', [
      'npm-token: npm_…(41 chars) at /app/.npmrc (layer 9, deleted in a later layer but still extractable)',
    ]);
    expect(after).toBe(before);
    expect(
      normaliseEvidence(
        '/app/x.bin: 3.0 MB in layer(s) 9, 10 (COPY file:00e64b9536a1ce83aac0bd4f9ab829d09338b1c4fca8a6034d8b7344562c4688 in /x)',
      ),
    ).toBe('/app/x.bin: <size> in layer <n> (COPY file:<hash> in /x)');
    expect(normaliseEvidence('history #3: RUN apt-get upgrade')).toBe('history <n>: RUN apt-get upgrade');
  });

  it('changes when the subject changes, not when the order does', () => {
    const one = findingFingerprint('no-setuid-binaries', ['setuid /usr/bin/su', 'setuid /usr/bin/passwd']);
    expect(findingFingerprint('no-setuid-binaries', ['setuid /usr/bin/passwd', 'setuid /usr/bin/su'])).toBe(one);
    expect(findingFingerprint('no-setuid-binaries', ['setuid /usr/bin/su', 'setuid /usr/bin/newgrp'])).not.toBe(one);
  });
});

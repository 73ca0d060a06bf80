import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../src/facts.js';
import { preferCopy } from '../../../src/rules/prefer-copy.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { historyEntry, makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const ROOTFS = historyEntry(
  '/bin/sh -c #(nop) ADD file:5b1e63e2d4c4b9a0a2f3c8d6e7f1a9b0c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3 in / ',
  7_800_000,
);
const BASE_CMD = historyEntry('/bin/sh -c #(nop)  CMD ["/bin/sh"]');
const verdictFor = (history: HistoryEntry[]) =>
  judgeRule(preferCopy, makeFacts({ config: { history } }), DEFAULT_RULE_OPTIONS);

describe('prefer-copy', () => {
  it('passes the good image: its first step is the base rootfs import', () => {
    expect(judgeRule(preferCopy, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it('ignores a BuildKit-built base rootfs (ADD <tarball> / as the first step)', () => {
    expect(
      verdictFor([historyEntry('ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # buildkit', 7_800_000), BASE_CMD]).status,
    ).toBe('pass');
  });

  it('warns on a later ADD file:… in / (only the first step is the base rootfs)', () => {
    const later = historyEntry(
      '/bin/sh -c #(nop) ADD file:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9 in / ',
      2_000,
    );
    const verdict = verdictFor([ROOTFS, BASE_CMD, later]);
    expect(verdict.status).toBe('warn');
    expect(verdict.evidence).toEqual([
      'history #2: ADD file:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9 in /',
    ]);
  });

  it.each([
    '/bin/sh -c #(nop) ADD file:0a1b2c3d4e5f60718293a4b5c6d7e8f9 in /usr/local/bin/tool ',
    '/bin/sh -c #(nop) ADD dir:0a1b2c3d4e5f60718293a4b5c6d7e8f9 in /app ',
    '/bin/sh -c #(nop) ADD multi:0a1b2c3d4e5f60718293a4b5c6d7e8f9 in /app/ ',
    'ADD .bin/busybox /bin/busybox # buildkit',
    'ADD --chown=10001:10001 config/ /etc/app/ # buildkit',
  ])('warns on a local ADD: %s', (step) => {
    const verdict = verdictFor([ROOTFS, historyEntry(step, 1_000)]);
    expect(verdict.status).toBe('warn');
    expect(verdict.evidence[0]).toMatch(/^history #1: ADD /);
  });

  it('warns when the first step ADDs somewhere other than /', () => {
    expect(verdictFor([historyEntry('ADD .bin/busybox /bin/busybox # buildkit', 1_000)]).status).toBe('warn');
  });

  it.each([
    'ADD https://example.com/file.tar.gz /tmp/ # buildkit',
    'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d http://example.com/tool /usr/local/bin/ # buildkit',
    '/bin/sh -c #(nop) ADD https://example.com/file.tar.gz in /tmp/ ',
  ])('fails on a remote ADD: %s', (step) => {
    expect(verdictFor([ROOTFS, historyEntry(step, 1_000)]).status).toBe('fail');
  });

  it('fails on a remote ADD even as the first step to /', () => {
    expect(verdictFor([historyEntry('ADD https://example.com/rootfs.tar.gz / # buildkit', 1_000)]).status).toBe('fail');
  });

  it('lists every ADD step, local and remote, when one is remote', () => {
    const verdict = verdictFor([
      ROOTFS,
      historyEntry('ADD app.conf /etc/app.conf # buildkit', 100),
      historyEntry('ADD https://example.com/file.tar.gz /tmp/ # buildkit', 1_000),
    ]);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual([
      'history #1: ADD app.conf /etc/app.conf',
      'history #2: ADD https://example.com/file.tar.gz /tmp/',
    ]);
  });

  it('ignores COPY and RUN steps that mention ADD', () => {
    const verdict = verdictFor([
      ROOTFS,
      historyEntry('COPY ADD.md /docs/ # buildkit', 100),
      historyEntry('RUN /bin/sh -c echo "ADD https://example.com" > /notes # buildkit', 100),
    ]);
    expect(verdict.status).toBe('pass');
  });

  it('skips an image without build history', () => {
    expect(verdictFor([]).status).toBe('skip');
  });
});

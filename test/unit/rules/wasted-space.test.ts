import { describe, expect, it } from 'vitest';
import type { WastedFile } from '../../../src/facts.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { wastedSpace } from '../../../src/rules/wasted-space.js';
import { factsWithFilesystem, makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const verdictFor = (
  wastedBytes: number,
  sizeBytes = 1_000_000_000,
  wastedFiles: WastedFile[] = [],
  options = DEFAULT_RULE_OPTIONS,
) => judgeRule(wastedSpace, factsWithFilesystem({ wastedBytes, wastedFiles }, { sizeBytes }), options);
const statusFor = (wastedBytes: number, sizeBytes?: number) => verdictFor(wastedBytes, sizeBytes).status;

describe('wasted-space', () => {
  it('passes without waste', () => {
    expect(statusFor(0)).toBe('pass');
  });

  it('fails at exactly the fail threshold and warns one byte below', () => {
    expect(statusFor(DEFAULT_RULE_OPTIONS.wastedFailBytes)).toBe('fail');
    expect(statusFor(DEFAULT_RULE_OPTIONS.wastedFailBytes - 1)).toBe('warn');
  });

  it('warns at exactly the warning threshold and passes one byte below in a big image', () => {
    expect(statusFor(DEFAULT_RULE_OPTIONS.wastedWarnBytes)).toBe('warn');
    expect(statusFor(DEFAULT_RULE_OPTIONS.wastedWarnBytes - 1)).toBe('pass');
  });

  it('warns on 1 MB or more that is at least 10% of the image', () => {
    expect(statusFor(1_000_000, 10_000_000)).toBe('warn');
    expect(statusFor(1_000_000, 10_000_001)).toBe('pass');
    expect(statusFor(999_999, 5_000_000)).toBe('pass');
    expect(verdictFor(3_000_000, 12_000_000).message).toContain('25% of the 12.0 MB image');
  });

  it('passes no waste even with zero thresholds', () => {
    expect(verdictFor(0, 1_000, [], { ...DEFAULT_RULE_OPTIONS, wastedWarnBytes: 0, wastedFailBytes: 0 }).status).toBe(
      'pass',
    );
  });

  it('reads the thresholds from the options', () => {
    const options = { ...DEFAULT_RULE_OPTIONS, wastedWarnBytes: 100, wastedFailBytes: 1_000 };
    expect(verdictFor(99, 1_000_000_000, [], options).status).toBe('pass');
    expect(verdictFor(100, 1_000_000_000, [], options).status).toBe('warn');
    expect(verdictFor(1_000, 1_000_000_000, [], options).status).toBe('fail');
  });

  it('lists each wasted file with its size, layers and the step that wrote it', () => {
    const files: WastedFile[] = [
      {
        path: '/tmp/go1.22.linux-amd64.tar.gz',
        bytes: 68_900_000,
        layerIndexes: [2],
        createdBy: [
          'RUN /bin/sh -c curl -fsSLo /tmp/go1.22.linux-amd64.tar.gz https://go.dev/dl/go1.22.linux-amd64.tar.gz # buildkit',
        ],
      },
      {
        path: '/app/dist/main.js',
        bytes: 2_400_000,
        layerIndexes: [4, 6],
        createdBy: ['RUN /bin/sh -c npm run build # buildkit', 'COPY . . # buildkit'],
      },
      { path: '/var/log/x.log', bytes: 900, layerIndexes: [1], createdBy: [] },
    ];
    const verdict = verdictFor(71_300_900, 900_000_000, files);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual([
      '/tmp/go1.22.linux-amd64.tar.gz: 68.9 MB in layer(s) 2 (RUN /bin/sh -c curl -fsSLo /tmp/go1.22.linux-amd64.tar.gz https://go.dev/dl/go1.22.linux-amd64.tar.gz)',
      '/app/dist/main.js: 2.4 MB in layer(s) 4, 6 (RUN /bin/sh -c npm run build)',
      '/var/log/x.log: 900 B in layer(s) 1',
    ]);
  });

  it('shortens a long build step', () => {
    const createdBy = [`RUN /bin/sh -c ${'apt-get install -y foo '.repeat(20)}`];
    const [line] = verdictFor(60_000_000, 1_000_000_000, [
      { path: '/x', bytes: 60_000_000, layerIndexes: [1], createdBy },
    ]).evidence;
    expect(line!.length).toBeLessThan(180);
    expect(line).toContain('…');
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(wastedSpace, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});

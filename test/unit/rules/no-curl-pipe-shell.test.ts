import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { noCurlPipeShell } from '../../../src/rules/no-curl-pipe-shell.js';
import { withDockerfile } from '../helpers/dockerfile.js';

const judge = (text: string) => judgeRule(noCurlPipeShell, withDockerfile(text));

describe('no-curl-pipe-shell', () => {
  it('fails a download piped into a shell, in any stage', () => {
    expect(judge('FROM debian\nRUN curl -fsSL https://x.test/i.sh | bash\n')).toMatchObject({
      status: 'fail',
      line: 2,
    });
    expect(judge('FROM debian AS b\nRUN wget -qO- https://x.test/i | sudo -E sh -s -- -y\nFROM scratch\n').status).toBe(
      'fail',
    );
  });
  it('passes a checksum in the same step, a pipe to another program, and a pipe in quotes', () => {
    expect(
      judge('FROM debian\nRUN curl -o i.sh https://x.test/i.sh && echo "abc  i.sh" | sha256sum -c - && sh i.sh\n')
        .status,
    ).toBe('pass');
    expect(judge('FROM debian\nRUN curl -fsSL https://x.test/a.tgz | tar -xz\n').status).toBe('pass');
    expect(judge('FROM debian\nRUN echo "curl x | sh" > /notes\n').status).toBe('pass');
  });

  it('reads a long line of downloads once: each curl is tried only up to the next (quadratic before)', () => {
    expect(judge(`FROM debian\nRUN ${'curl '.repeat(40_000)}\n`).status).toBe('pass');
    expect(judge(`FROM debian\nRUN ${'curl '.repeat(1_000)}wget https://x.test/i | sh\n`).status).toBe('fail');
  });
});

import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { runPipefail } from '../../../src/rules/run-pipefail.js';
import { withDockerfile } from '../helpers/dockerfile.js';

const judge = (text: string) => judgeRule(runPipefail, withDockerfile(text));

describe('run-pipefail', () => {
  it('warns on a pipe without pipefail', () => {
    expect(judge('FROM debian\nRUN curl -fsSL https://x.test/a | tar -x\n')).toMatchObject({ status: 'warn', line: 2 });
  });
  it('passes set -o pipefail before the pipe, a SHELL with pipefail, || and pipes in quotes', () => {
    expect(judge('FROM debian\nRUN set -euo pipefail; curl x | tar -x\n').status).toBe('pass');
    expect(judge('FROM debian\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl x | tar -x\n').status).toBe(
      'pass',
    );
    expect(judge('FROM debian\nRUN test -f a || touch a\n').status).toBe('pass');
    expect(judge("FROM debian\nRUN grep -E 'a|b' file\n").status).toBe('pass');
    expect(judge('FROM debian\nRUN ["sh", "-c", "a | b"]\n').status).toBe('pass');
  });
  it('forgets the SHELL in the next stage', () => {
    expect(
      judge('FROM debian AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM debian\nRUN a | b\n').status,
    ).toBe('warn');
  });
});

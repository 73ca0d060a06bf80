import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { dockerfileValid } from '../../../src/rules/dockerfile-valid.js';
import { makeFacts } from '../helpers/facts.js';
import { withDockerfile } from '../helpers/dockerfile.js';

const judge = (text: string) => judgeRule(dockerfileValid, withDockerfile(text));

describe('dockerfile-valid', () => {
  it('passes a Dockerfile docker build accepts, heredocs and escape directive included', () => {
    expect(judge('# escape=`\nFROM alpine:3.20\nRUN echo a `\n  b\nRUN <<EOF\nset -e\nEOF\n').status).toBe('pass');
  });
  it('warns with the line of each problem, the first as the SARIF line', () => {
    const verdict = judge('FROM alpine\nRUNN x\nFROM\nCOPY <<EOT /x\nnever closed\n');
    expect(verdict.status).toBe('warn');
    expect(verdict.line).toBe(2);
    expect(verdict.evidence.map((item) => item.split(':')[0])).toEqual(['line 2', 'line 3', 'line 4']);
  });
  it('warns on a file with no FROM, or instructions before it', () => {
    expect(judge('RUN echo hi\n')).toMatchObject({ status: 'warn', line: 1 });
    expect(judge('')).toMatchObject({ status: 'warn' });
  });
  it('skips without a Dockerfile, naming the flag', () => {
    expect(judgeRule(dockerfileValid, makeFacts())).toMatchObject({ status: 'skip' });
    expect(judgeRule(dockerfileValid, makeFacts()).message).toContain('--dockerfile');
  });
});

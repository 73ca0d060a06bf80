import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { aptNoRecommends } from '../../../src/rules/apt-no-recommends.js';
import { withDockerfile } from '../helpers/dockerfile.js';

const judge = (text: string) => judgeRule(aptNoRecommends, withDockerfile(text));

describe('apt-no-recommends', () => {
  it('warns on apt-get install without --no-install-recommends in the final image', () => {
    expect(judge('FROM debian\nRUN apt-get update && \\\n  apt-get install -y curl\n')).toMatchObject({
      status: 'warn',
      line: 2,
    });
    expect(judge('FROM debian\nRUN apt install -y curl\n').status).toBe('warn');
  });
  it('passes the flag, the apt option, and installs in builder stages', () => {
    expect(judge('FROM debian\nRUN apt-get install -y --no-install-recommends curl\n').status).toBe('pass');
    expect(judge('FROM debian\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n').status).toBe('pass');
    expect(judge('FROM debian AS build\nRUN apt-get install -y gcc\nFROM scratch\n').status).toBe('pass');
  });
});

import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { finalUserNotRoot } from '../../../src/rules/final-user-not-root.js';
import { withDockerfile } from '../helpers/dockerfile.js';

const judge = (text: string) => judgeRule(finalUserNotRoot, withDockerfile(text));

describe('final-user-not-root', () => {
  it('fails when the last USER of the final stage is root or 0', () => {
    expect(judge('FROM debian\nUSER app\nUSER root\n')).toMatchObject({ status: 'fail', line: 3 });
    expect(judge('FROM debian\nUSER 0:0\n').status).toBe('fail');
  });
  it('passes a non-root last USER, inherited from the stage the final one is built on', () => {
    expect(judge('FROM debian AS base\nUSER root\nUSER 10001\nFROM base\nRUN true\n').status).toBe('pass');
  });
  it('ignores builder stages and skips a final stage without USER', () => {
    expect(judge('FROM debian AS build\nUSER root\nFROM scratch\nUSER 10001\n').status).toBe('pass');
    expect(judge('FROM debian AS build\nUSER root\nFROM scratch\n').status).toBe('skip');
  });
});

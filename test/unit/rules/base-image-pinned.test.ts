import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { baseImagePinned } from '../../../src/rules/base-image-pinned.js';
import { withDockerfile } from '../helpers/dockerfile.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;
const judge = (text: string) => judgeRule(baseImagePinned, withDockerfile(text));

describe('base-image-pinned', () => {
  it('passes digests, scratch and earlier stages', () => {
    expect(judge(`FROM node:20@${DIGEST} AS build\nFROM scratch\nFROM build AS test\n`).status).toBe('pass');
    expect(judge('FROM scratch\n').status).toBe('pass');
  });
  it('resolves ARG defaults in FROM, also with ${NAME:-default}', () => {
    expect(judge(`ARG BASE=node:20@${DIGEST}\nFROM \${BASE}\n`).status).toBe('pass');
    expect(judge(`ARG TAG\nFROM node:\${TAG:-20}@${DIGEST}\n`).status).toBe('pass');
    const verdict = judge('ARG BASE=node:20\nFROM $BASE AS app\n');
    expect(verdict).toMatchObject({ status: 'fail', line: 2 });
    expect(verdict.evidence).toEqual(['line 2: FROM node:20 (written $BASE)']);
  });
  it('fails a tag in any stage, not only the last', () => {
    const verdict = judge(`FROM golang:1.22 AS build\nFROM gcr.io/distroless/static@${DIGEST}\n`);
    expect(verdict).toMatchObject({ status: 'fail', line: 1 });
  });
  it('warns when the reference comes only from a build argument without a default', () => {
    expect(judge('ARG BASE\nFROM ${BASE}\n').status).toBe('warn');
  });
  it('does not take a stage name from a later stage or another case for an image', () => {
    expect(judge('FROM build\nFROM alpine AS build\n').status).toBe('fail');
    expect(judge(`FROM alpine@${DIGEST} AS Build\nFROM BUILD\n`).status).toBe('pass');
  });
});

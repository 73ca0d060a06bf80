import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { multiStageBuild } from '../../../src/rules/multi-stage-build.js';
import { withDockerfile } from '../helpers/dockerfile.js';

const judge = (text: string) => judgeRule(multiStageBuild, withDockerfile(text));

describe('multi-stage-build', () => {
  it('passes a final stage that copies from a builder', () => {
    expect(
      judge('FROM golang AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n').status,
    ).toBe('pass');
  });
  it('passes a single stage that builds nothing', () => {
    expect(judge('FROM nginx\nCOPY site /usr/share/nginx/html\n').status).toBe('pass');
  });
  it('fails a single stage that compiles, at the build line', () => {
    expect(judge('FROM golang\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n')).toMatchObject({
      status: 'fail',
      line: 3,
    });
    expect(judge('FROM node:20\nCOPY . .\nRUN npm ci && npm run build\n').status).toBe('fail');
  });
  it('warns when the final image still builds, or copies nothing from its builders', () => {
    expect(judge('FROM node AS deps\nRUN npm ci\nFROM deps\nRUN npm run build\n').status).toBe('warn');
    expect(judge('FROM golang AS build\nRUN go build .\nFROM alpine\nCOPY app /app\n').status).toBe('warn');
  });
});

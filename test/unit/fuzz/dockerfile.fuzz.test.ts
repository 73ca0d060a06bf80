import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIgnored, parseDockerignore } from '../../../src/collect/dockerfile/dockerignore.js';
import { parseDockerfile } from '../../../src/collect/dockerfile/parse.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { RULES } from '../../../src/rules/index.js';
import { makeFacts, makeFilesystem } from '../helpers/facts.js';
import { makeContext } from '../helpers/dockerfile.js';
import { SEED } from './fuzz.js';

/** Pieces of real Dockerfiles, so random text reaches the parser's instruction, flag, heredoc and escape paths. */
const PIECES = [
  'FROM ',
  'FROM node:20 AS build\n',
  'ARG A=b\n',
  '${A}',
  '$A',
  '${A:-x}',
  'RUN ',
  'RUN --mount=type=cache,target=/x ',
  'COPY --from=build --link --chmod=755 ',
  'ADD https://x.test/a ',
  '<<EOF\n',
  'EOF\n',
  '\\\n',
  '`\n',
  '# syntax=docker/dockerfile:1\n',
  '# escape=`\n',
  ' | sh',
  ' && ',
  '[',
  '"',
  ']',
  'USER root\n',
  'ENV TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\n',
  'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n',
  '\n',
  ' ',
  '\u0000',
  '\u202e',
  '\r\n',
];
const dockerfileLike = fc.oneof(
  fc
    .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 })), { maxLength: 40 })
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

const ignoreLike = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.constantFrom('*', '**', '?', '[', ']', '^', '!', '\\', '/', '.', 'a', '-', '#', '\n', ' '),
        fc.string({ maxLength: 4 }),
      ),
      {
        maxLength: 30,
      },
    )
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const pathLike = fc
  .array(fc.stringMatching(/^[a-z.*?[\]\\-]{1,6}$/), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join('/'));

describe('fuzz: the Dockerfile and .dockerignore parsers', () => {
  it('parse any Dockerfile text without throwing, lines within the file, and every rule judges the result', () => {
    fc.assert(
      fc.property(dockerfileLike, (text) => {
        const facts = parseDockerfile('Dockerfile', text);
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const stage of facts.stages)
          for (const instruction of stage.instructions) {
            expect(instruction.line).toBeGreaterThanOrEqual(1);
            expect(instruction.endLine).toBeLessThanOrEqual(lines);
          }
        expect(JSON.stringify(facts)).not.toContain('ghp_0123456789');
        const image = {
          ...makeFacts({ filesystem: makeFilesystem() }),
          dockerfile: facts,
          buildContext: makeContext(),
        };
        for (const rule of RULES) expect(['pass', 'warn', 'fail', 'skip']).toContain(judgeRule(rule, image).status);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('read any .dockerignore without throwing: every kept pattern compiles and matches any path', () => {
    fc.assert(
      fc.property(ignoreLike, fc.array(pathLike, { maxLength: 5 }), (text, paths) => {
        const parsed = parseDockerignore(text);
        for (const problem of parsed.invalid) expect(problem.message).not.toContain('\n');
        for (const path of paths) expect(typeof isIgnored(parsed.compiled, path)).toBe('boolean');
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('match long runs of * and ** in bounded time (no catastrophic backtracking)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 40 }), (count) => {
        const parsed = parseDockerignore(`${'*a'.repeat(count)}b\n${'**/'.repeat(count)}x`);
        const started = performance.now();
        isIgnored(parsed.compiled, `${'a'.repeat(60)}c/${'d/'.repeat(30)}y`);
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });
});

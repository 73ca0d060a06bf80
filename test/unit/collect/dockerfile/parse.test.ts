import { describe, expect, it } from 'vitest';
import { parseDockerfile, substitute } from '../../../../src/collect/dockerfile/parse.js';

describe('parseDockerfile', () => {
  it('reads stages, FROM … AS, ARG defaults in FROM, directives and line numbers', () => {
    const facts = parseDockerfile(
      'Dockerfile',
      '# syntax=docker/dockerfile:1.7\nARG BASE=node:20\nFROM ${BASE} AS Build\nRUN npm ci\nFROM scratch\nCOPY --from=build --link --chmod=755 /app /app\n',
    );
    expect(facts.syntax).toBe('docker/dockerfile:1.7');
    expect(facts.globalArgs).toEqual([{ name: 'BASE', value: 'node:20', line: 2 }]);
    expect(facts.stages.map((stage) => [stage.name, stage.from.kind, stage.from.resolved, stage.from.line])).toEqual([
      ['build', 'image', 'node:20', 3],
      [null, 'scratch', 'scratch', 5],
    ]);
    expect(facts.finalStage).toBe(1);
    expect(facts.stages[1]!.instructions[0]).toEqual({
      keyword: 'COPY',
      line: 6,
      endLine: 6,
      flags: [
        { name: 'from', value: 'build' },
        { name: 'link', value: null },
        { name: 'chmod', value: '755' },
      ],
      arguments: '/app /app',
    });
    expect(facts.problems).toEqual([]);
  });

  it('keeps RUN --mount flags, continuations and heredoc bodies', () => {
    const facts = parseDockerfile(
      'Dockerfile',
      'FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk \\\n    apk add curl\nRUN <<EOF\nset -e\necho hi\nEOF\n',
    );
    const [cached, heredoc] = facts.stages[0]!.instructions;
    expect(cached).toMatchObject({
      line: 2,
      endLine: 3,
      flags: [{ name: 'mount', value: 'type=cache,target=/var/cache/apk' }],
    });
    expect(cached!.arguments).toContain('apk add curl');
    expect(heredoc).toMatchObject({ line: 4, endLine: 7 });
    expect(heredoc!.arguments).toContain('echo hi');
  });

  it('honours the escape directive', () => {
    const facts = parseDockerfile(
      'Dockerfile',
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  C:\\\n',
    );
    expect(facts.escape).toBe('`');
    expect(facts.stages[0]!.instructions[0]).toMatchObject({ line: 3, endLine: 4 });
  });

  it('names a previous stage, also by a FROM that follows it', () => {
    const facts = parseDockerfile('Dockerfile', 'FROM alpine@sha256:' + 'a'.repeat(64) + ' AS base\nFROM base\n');
    expect(facts.stages[0]!.from.digest).toBe(`sha256:${'a'.repeat(64)}`);
    expect(facts.stages[1]!.from.kind).toBe('stage');
  });

  it('redacts secret-looking ENV and ARG values everywhere and lists them', () => {
    const token = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
    const facts = parseDockerfile(
      'Dockerfile',
      `ARG NPM_TOKEN=${token}\nFROM node\nENV DB_PASSWORD="s3cr3t-value" PORT=8080\nRUN echo ${token} > /x\n`,
    );
    const text = JSON.stringify(facts);
    expect(text).not.toContain(token);
    expect(text).not.toContain('s3cr3t-value');
    expect(facts.secrets.map(({ keyword, name, line }) => [keyword, name, line])).toEqual([
      ['ARG', 'NPM_TOKEN', 1],
      ['ENV', 'DB_PASSWORD', 3],
    ]);
    expect(text).toContain('PORT=8080');
  });

  it('reports what docker build would refuse, with lines, and never throws', () => {
    const facts = parseDockerfile('Dockerfile', 'RUN early\nFROM\nFOO bar\nCOPY <<EOT /x\nno end\n');
    expect(facts.problems.map((problem) => problem.line)).toEqual([1, 2, 3, 4]);
    expect(parseDockerfile('Dockerfile', '').problems).toEqual([
      { line: 1, message: 'no FROM instruction: nothing to build' },
    ]);
  });
});

describe('substitute', () => {
  const defaults = new Map<string, string | null>([
    ['A', 'x'],
    ['EMPTY', ''],
    ['NONE', null],
  ]);
  it('expands $A, ${A}, ${A:-d}, ${A:+alt} as the builder does', () => {
    expect(substitute('$A-${A}', defaults).text).toBe('x-x');
    expect(substitute('${EMPTY:-d}|${EMPTY-d}|${MISSING:-d}', defaults).text).toBe('d||d');
    expect(substitute('${A:+alt}|${MISSING:+alt}', defaults).text).toBe('alt|');
  });
  it('lists names without a default', () => {
    expect(substitute('${NONE}:${MISSING}', defaults)).toEqual({ text: ':', unresolved: ['NONE', 'MISSING'] });
  });
});

import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../../src/collect/dockerfile/parse.js';
import { copyDestination, copySources, copyTargets } from '../../../../src/rules/support/dockerfile.js';

const targets = (text: string) =>
  copyTargets(parseDockerfile('Dockerfile', text)).map(({ instruction, target }) => [instruction.line, target]);

describe('where COPY and ADD put files', () => {
  it('joins each destination to the WORKDIR in force: relative, absolute, `..`, quotes and the JSON form', () => {
    expect(
      targets(
        [
          'FROM node AS build',
          'COPY a /a/', // not in the final chain
          'FROM node',
          'COPY . .', // before any WORKDIR: the root
          'WORKDIR /srv',
          'WORKDIR app',
          'COPY . ./',
          'COPY ["x y", "../lib/"]',
          'WORKDIR "/opt/../data"',
          'ADD site.tar /var/www',
          'COPY --from=build /out .',
        ].join('\n'),
      ),
    ).toEqual([
      [4, '/'],
      [7, '/srv/app'],
      [8, '/srv/lib'],
      [10, '/var/www'],
      [11, '/data'],
    ]);
  });

  it('follows the final stage back through the stages it is built FROM', () => {
    expect(targets('FROM node AS base\nWORKDIR /app\nFROM base\nCOPY . .\n')).toEqual([[4, '/app']]);
  });

  it('has no destination for a heredoc or a lone word, and sources without the destination', () => {
    const [heredoc, lone, json] = parseDockerfile(
      'Dockerfile',
      'FROM node\nCOPY <<EOF /app/x\nhello\nEOF\nCOPY onlyone\nCOPY ["a", "b", "/c"]\n',
    ).stages[0]!.instructions;
    expect(copyDestination(heredoc!)).toBeUndefined();
    expect(copyDestination(lone!)).toBeUndefined();
    expect([copySources(json!), copyDestination(json!)]).toEqual([['a', 'b'], '/c']);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configFactsFrom, isShellWrapper } from '../../../src/collect/config.js';

export function recorded(name: string) {
  const read = (kind: string) => JSON.parse(readFileSync(new URL(`../recorded/${name}.${kind}.json`, import.meta.url), 'utf8'));
  return configFactsFrom(read('inspect'), read('history'));
}

describe('configFactsFrom (recorded inspect and history of the fixture images)', () => {
  it('reads the good image', () => {
    const facts = recorded('good');
    expect(facts).toMatchObject({
      repoTags: ['imgaudit-fixture/good:1.0.0'],
      layerCount: 3,
      user: '10001:10001',
      entrypoint: ['/sbin/tini', '--'],
      shellForm: false,
      exposedPorts: ['8080/tcp'],
      envNames: ['PATH'],
      envSecrets: [],
    });
    expect(facts.healthcheck).toMatchObject({ defined: true, intervalSeconds: 2, retries: 3 });
  });

  it('orders history oldest first and keeps every step', () => {
    const facts = recorded('bad');
    expect(facts.historyCount).toBe(facts.history.length);
    expect(facts.history[0]!.createdBy).toContain('ADD file:');
    expect(facts.history.at(-1)!.createdBy).toContain('LABEL description');
    expect(facts.history.some((step) => step.createdBy.includes('apt-get -y upgrade'))).toBe(true);
  });

  it('detects the shell-form CMD of the bad image', () => {
    expect(recorded('bad')).toMatchObject({ entrypoint: null, cmdShellForm: true, shellForm: true, user: '' });
  });

  it('redacts secrets at the source: no value survives into the facts', () => {
    const facts = recorded('env-secrets');
    const text = JSON.stringify(facts);
    for (const value of ['AKIAIMGAUDITFIXTURE1', 'imgauditFixtureFakeSecretKey0123456789ab', 'fixture-password-not-real', 'npm_IMGAUDITFIXTUREfakeTOKEN0123456789ab']) {
      expect(text).not.toContain(value);
    }
    const names = facts.envSecrets.map((secret) => `${secret.source}:${secret.name}`);
    expect(names).toEqual(expect.arrayContaining(['env:AWS_ACCESS_KEY_ID', 'env:AWS_SECRET_ACCESS_KEY', 'env:DB_PASSWORD', 'history-arg:NPM_TOKEN']));
    expect(names).toHaveLength(4);
    expect(names).not.toContain('env:DB_PASSWORD_FILE');
    const npmToken = facts.envSecrets.find((secret) => secret.name === 'NPM_TOKEN');
    expect(npmToken).toMatchObject({ kind: 'npm-token', historyIndex: 2, alsoAt: ['history #3 RUN build arg NPM_TOKEN'] });
  });
});

describe('isShellWrapper', () => {
  it.each([
    [['/bin/sh', '-c', 'node app.js'], true],
    [['sh', '-c', 'x'], true],
    [['/bin/bash', '-c', 'x'], true],
    [['cmd', '/S', '/C', 'x'], true],
    [['/sbin/tini', '--'], false],
    [['/bin/sh', '/entrypoint.sh'], false],
    [['/bin/sh'], false],
    [null, false],
  ])('%j → %s', (command, expected) => expect(isShellWrapper(command)).toBe(expected));
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configFactsFrom, isShellWrapper, type InspectInfo } from '../../../../src/collect/config/image-config.js';
import { HOSTILE_SECRETS as H, leakedSecrets } from '../../../helpers/hostile.js';

export function recorded(name: string) {
  const read = (kind: string) =>
    JSON.parse(readFileSync(new URL(`../../recorded/${name}.${kind}.json`, import.meta.url), 'utf8'));
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

  it('reads the declared volumes, sorted; none when Config.Volumes is null', () => {
    expect(recorded('good').volumes).toEqual([]);
    const inspect = { Id: 'sha256:1', Config: { Volumes: { '/var/lib/app': {}, '/proc': {} } } };
    expect(configFactsFrom(inspect, []).volumes).toEqual(['/proc', '/var/lib/app']);
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
    for (const value of [
      'AKIAIMGAUDITFIXTURE1',
      'imgauditFixtureFakeSecretKey0123456789ab',
      'fixture-password-not-real',
      'npm_IMGAUDITFIXTUREfakeTOKEN0123456789ab',
    ]) {
      expect(text).not.toContain(value);
    }
    const names = facts.envSecrets.map((secret) => `${secret.source}:${secret.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'env:AWS_ACCESS_KEY_ID',
        'env:AWS_SECRET_ACCESS_KEY',
        'env:DB_PASSWORD',
        'history-arg:NPM_TOKEN',
      ]),
    );
    expect(names).toHaveLength(4);
    expect(names).not.toContain('env:DB_PASSWORD_FILE');
    const npmToken = facts.envSecrets.find((secret) => secret.name === 'NPM_TOKEN');
    expect(npmToken).toMatchObject({
      kind: 'npm-token',
      historyIndex: 2,
      alsoAt: ['history #3 RUN build arg NPM_TOKEN'],
    });
  });
});

describe('configFactsFrom: a secret in every field of the configuration (regression: CMD, HEALTHCHECK, labels in full)', () => {
  const entrypoint = ['/bin/sh', '-c', `export STRIPE=${H.stripe}; exec "$@"`, '--'];
  const inspect = {
    Id: 'sha256:' + 'a'.repeat(64),
    RepoTags: ['hostile:1'],
    Config: {
      Env: [`DB_PASSWORD=${H.dbPassword}`, 'PATH=/usr/bin'],
      Entrypoint: entrypoint,
      Cmd: ['/app', `--token=${H.gitlab}`],
      Healthcheck: { Test: ['CMD-SHELL', `wget --header "Authorization: Bearer ${H.github}" http://127.0.0.1/`] },
      Labels: {
        'com.example.slack': H.slack,
        'org.opencontainers.image.source': `https://deploy:${H.urlPassword}@git.example.com/x`,
        'deploy.api-key': H.labelApiKey,
      },
    },
    RootFS: { Layers: [] },
  } as unknown as InspectInfo;
  const history = [
    {
      CreatedBy: `/bin/sh -c printf 'aws_access_key_id = ${H.awsKeyId}\naws_secret_access_key = ${H.awsSecret}' > /root/creds`,
      Size: 10,
    },
  ];
  const facts = configFactsFrom(inspect, history);

  it('holds none of them in full', () => {
    expect(leakedSecrets(JSON.stringify(facts))).toEqual([]);
    expect(facts.entrypoint).toEqual(['/bin/sh', '-c', 'export STRIPE=sk_l…(32 chars); exec "$@"', '--']);
  });

  it('reports each as a finding of its place', () => {
    expect(facts.envSecrets.map(({ source, kind, location }) => `${source} ${kind} ${location}`)).toEqual([
      'env secret-like-name ENV DB_PASSWORD',
      'entrypoint stripe-key ENTRYPOINT',
      'cmd gitlab-token CMD',
      'healthcheck github-token HEALTHCHECK',
      'label slack-token LABEL com.example.slack',
      'label url-credentials LABEL org.opencontainers.image.source',
      'label secret-like-name LABEL deploy.api-key',
      'history-command aws-access-key-id history #0 RUN command',
      'history-command aws-secret-access-key history #0 RUN command',
    ]);
  });

  it('still tells shell form from the command as the image has it', () => {
    expect(facts.entrypointShellForm).toBe(true);
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

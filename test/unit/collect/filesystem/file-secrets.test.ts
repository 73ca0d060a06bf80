import { describe, expect, it } from 'vitest';
import { detectFileSecrets } from '../../../../src/collect/filesystem/file-secrets.js';
import { fake } from '../../secrets/fakes.js';
import { file, image, opaque, whiteout } from './layers.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const kinds = (view: ReturnType<typeof image>) => detectFileSecrets(view).map(({ kind, path }) => `${kind} ${path}`);
const openssh = '-----BEGIN OPENSSH PRIVATE KEY-----\n' + 'b3Blbn'.repeat(12) + '\n-----END OPENSSH PRIVATE KEY-----\n';
const serviceAccount = JSON.stringify({
  type: 'service_account',
  project_id: 'imgaudit-test',
  private_key_id: 'k'.repeat(40),
  private_key: '-----BEGIN PRIVATE KEY-----\n' + 'M'.repeat(64) + '\n-----END PRIVATE KEY-----\n',
  client_email: 'ci@imgaudit-test.iam.gserviceaccount.com',
});

describe('detectFileSecrets', () => {
  it('recognises every kind in the files it wants', () => {
    const view = image([
      file('root/.ssh/id_rsa', { content: fake.privateKey }),
      file('root/.ssh/id_ed25519', { content: openssh }),
      file('root/.aws/credentials', {
        content: `[default]\naws_access_key_id = ${fake.awsAccessKeyId}\naws_secret_access_key = ${fake.awsSecretAccessKey}\n`,
      }),
      file('app/config.yml', {
        content: [
          `github: ${fake.githubClassic}`,
          `gitlab: ${fake.gitlab}`,
          `slack: ${fake.slackBot}`,
          `stripe: ${fake.stripeLive}`,
          `maps: ${fake.googleApiKey}`,
          `mail: ${fake.sendgrid}`,
          `session: ${fake.jwt}`,
        ].join('\n'),
      }),
      file('app/.npmrc', { content: `//registry.npmjs.org/:_authToken=${fake.npm}\n` }),
      file('home/ci/.npmrc', { content: `//npm.example.com/:_auth=${base64(`ci:${fake.password}`)}\n` }),
      file('app/service-account.json', { content: serviceAccount }),
      file('root/.docker/config.json', {
        content: JSON.stringify({ auths: { 'registry.example.com': { auth: base64(`ci:${fake.password}`) } } }),
      }),
      file('root/.pypirc', { content: `[pypi]\nusername = __token__\npassword = pypi-${'A'.repeat(40)}\n` }),
      file('root/.netrc', { content: `machine git.example.com login ci password ${fake.password}\n` }),
      file('app/db.properties', { content: `db.url=postgres://app:${fake.password}@db:5432/app\n` }),
    ]);
    expect(kinds(view)).toEqual([
      'npm-token /app/.npmrc',
      'github-token /app/config.yml',
      'gitlab-token /app/config.yml',
      'slack-token /app/config.yml',
      'stripe-key /app/config.yml',
      'google-api-key /app/config.yml',
      'sendgrid-key /app/config.yml',
      'jwt /app/config.yml',
      'url-credentials /app/db.properties',
      'gcp-service-account /app/service-account.json',
      'npmrc-auth /home/ci/.npmrc',
      'aws-access-key-id /root/.aws/credentials',
      'aws-secret-access-key /root/.aws/credentials',
      'docker-config-auth /root/.docker/config.json',
      'netrc-password /root/.netrc',
      'pypirc-password /root/.pypirc',
      'private-key /root/.ssh/id_ed25519',
      'private-key /root/.ssh/id_rsa',
    ]);
  });

  it('gives a redacted preview and the 1-based line, one finding per value', () => {
    const view = image([
      file('app/.npmrc', {
        content: `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${fake.npm}\n# again: ${fake.npm}\n`,
      }),
    ]);
    expect(detectFileSecrets(view)).toEqual([
      {
        kind: 'npm-token',
        path: '/app/.npmrc',
        layerIndex: 0,
        deleted: false,
        preview: 'npm-token: npm_…(40 chars)',
        line: 2,
      },
    ]);
  });

  it('marks a copy deleted when a later layer whites it out, replaces it, or hides its directory', () => {
    const view = image(
      [
        file('app/.npmrc', { content: `//registry.npmjs.org/:_authToken=${fake.npm}\n` }),
        file('app/.env', { content: `STRIPE_KEY=${fake.stripeLive}\n` }),
        file('app/conf/secrets.yml', { content: `token: ${fake.githubClassic}\n` }),
        file('app/keep.yml', { content: `token: ${fake.gitlab}\n` }),
      ],
      [whiteout('app/.npmrc'), file('app/.env', { content: 'NODE_ENV=production\n' }), opaque('app/conf')],
    );
    expect(detectFileSecrets(view).map(({ path, layerIndex, deleted }) => ({ path, layerIndex, deleted }))).toEqual([
      { path: '/app/.env', layerIndex: 0, deleted: true },
      { path: '/app/.npmrc', layerIndex: 0, deleted: true },
      { path: '/app/conf/secrets.yml', layerIndex: 0, deleted: true },
      { path: '/app/keep.yml', layerIndex: 0, deleted: false },
    ]);
  });

  it('reports each layer’s copy of a file written twice', () => {
    const content = `token: ${fake.githubClassic}\n`;
    const view = image([file('app/a.yml', { content })], [file('app/a.yml', { content })]);
    expect(detectFileSecrets(view).map(({ layerIndex, deleted }) => ({ layerIndex, deleted }))).toEqual([
      { layerIndex: 0, deleted: true },
      { layerIndex: 1, deleted: false },
    ]);
  });

  it('ignores templates, references, binary content, and files no secret detector wants', () => {
    const view = image([
      file('app/.env.example', { content: `STRIPE_KEY=${fake.stripeLive}\n` }),
      file('app/.npmrc', { content: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' }),
      file('app/blob.key', { content: Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(fake.privateKey)]) }),
      file('usr/share/doc/example/sample.conf', { content: `token=${fake.githubClassic}\n` }),
      file('app/node_modules/pkg/config.json', { content: JSON.stringify({ token: fake.githubClassic }) }),
      file('etc/passwd', { content: `root:x:0:0:${fake.githubClassic}:/root:/bin/sh\n` }),
      file('app/.pypirc', { content: '[pypi]\npassword = <your-token>\n' }),
    ]);
    expect(detectFileSecrets(view)).toEqual([]);
  });

  it('needs an AWS mention on the line for a bare 40-character secret', () => {
    const view = image([
      file('app/a.env', { content: `AWS_SECRET_ACCESS_KEY=${fake.awsSecretAccessKey}\nOTHER=${'Q1w2'.repeat(10)}\n` }),
    ]);
    expect(detectFileSecrets(view).map(({ kind, line }) => ({ kind, line }))).toEqual([
      { kind: 'aws-secret-access-key', line: 1 },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { findSecretsInText } from '../../../src/secrets/text.js';
import { HOSTILE_SECRETS as H } from '../../helpers/hostile.js';
import { fake } from './fakes.js';

const kinds = (text: string, origin?: Parameters<typeof findSecretsInText>[1]) =>
  findSecretsInText(text, origin).map(({ kind, value }) => `${kind} ${value}`);

describe('findSecretsInText: free text (commands, labels, history, logs)', () => {
  it('finds an AWS secret key on the line that names it, as a RUN printf writes it (regression: kept in full in history)', () => {
    const step = `/bin/sh -c printf 'aws_access_key_id = ${H.awsKeyId}\\naws_secret_access_key = ${H.awsSecret}\\n' > /root/.aws/credentials`;
    expect(kinds(step)).toEqual([`aws-access-key-id ${H.awsKeyId}`, `aws-secret-access-key ${H.awsSecret}`]);
  });

  it('finds Authorization headers: Bearer, Basic, in curl, wget and JSON', () => {
    expect(kinds('wget --header "Authorization: Bearer abcdefgh12345678" http://x/')).toEqual([
      'authorization-header abcdefgh12345678',
    ]);
    expect(kinds(`curl -H 'authorization: basic ${H.basic}' https://x`)).toEqual([`authorization-header ${H.basic}`]);
    expect(kinds('{"Authorization": "Bearer zzzzzzzz99999999"}')).toEqual(['authorization-header zzzzzzzz99999999']);
    // A token format inside the header is named by its format.
    expect(kinds(`Authorization: Bearer ${H.github}`)).toEqual([`github-token ${H.github}`]);
  });

  it('finds NAME=value and "name": "value" pairs whose name says secret, and not the others', () => {
    expect(kinds('export DB_PASSWORD=s3cr3t-value; exec "$@"')).toEqual(['secret-like-name s3cr3t-value']);
    expect(kinds('./server --api-key=k-123456 --port=8080')).toEqual(['secret-like-name k-123456']);
    expect(kinds('level=info msg="{\\"password\\": \\"x\\"}" {"client_secret": "cs-999999"}')).toEqual([
      'secret-like-name cs-999999',
    ]);
    expect(
      kinds('PASSWORD_FILE=/run/secrets/db TOKEN_TTL=3600 PATH=/usr/bin DEBUG=true DB_PASSWORD=$DB_PASSWORD'),
    ).toEqual([]);
  });

  it('finds PyPI and Docker Hub tokens', () => {
    expect(kinds(`password = ${H.pypi}`)).toEqual([`pypi-token ${H.pypi}`]);
    const docker = 'dckr_pat_' + 'D'.repeat(27);
    expect(kinds(`echo ${docker} | docker login -u me --password-stdin`)).toEqual([`docker-hub-token ${docker}`]);
  });

  it('names a URL password once, not again as the value of its NAME=value pair', () => {
    expect(kinds(`DATABASE_URL=postgres://app:${fake.password}@db/app`)).toEqual([`url-credentials ${fake.password}`]);
  });
});

describe('findSecretsInText: files', () => {
  it('keeps NAME=value judgement to free text: a configuration template in a file is not a finding', () => {
    expect(kinds('password=changeme-please\n', { file: 'app.properties' })).toEqual([]);
    expect(kinds('password=changeme-please\n')).toEqual(['secret-like-name changeme-please']);
  });

  it('reads the formats a file name picks', () => {
    expect(kinds(`//registry.npmjs.org/:_authToken=${fake.password}\n`, { file: '.npmrc' })).toEqual([
      `npmrc-auth ${fake.password}`,
    ]);
    expect(kinds(`//registry.npmjs.org/:_authToken=${fake.password}\n`, { file: 'notes.txt' })).toEqual([]);
  });
});

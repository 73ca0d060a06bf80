import { describe, expect, it } from 'vitest';
import { classifySecret, scanEnv } from '../../../src/secrets/index.js';
import { fake } from './fakes.js';

describe('classifySecret', () => {
  it('lets a token format win over the name', () => {
    expect(classifySecret('NOTE', fake.githubClassic)).toBe('github-token');
    expect(classifySecret('DB_PASSWORD', fake.npm)).toBe('npm-token');
    expect(classifySecret('AWS_ACCESS_KEY_ID', fake.awsAccessKeyId)).toBe('aws-access-key-id');
  });

  it('recognises an AWS secret key only under a name that mentions aws and secret', () => {
    expect(classifySecret('AWS_SECRET_ACCESS_KEY', fake.awsSecretAccessKey)).toBe('aws-secret-access-key');
    expect(classifySecret('awsSecretKey', fake.awsSecretAccessKey)).toBe('aws-secret-access-key');
    expect(classifySecret('BUILD_ID', fake.awsSecretAccessKey)).toBeNull();
    expect(classifySecret('AWS_SECRET_ACCESS_KEY', 'not-forty-characters')).toBe('secret-like-name');
  });

  it('flags a literal value under a secret-like name', () => {
    expect(classifySecret('DB_PASSWORD', fake.password)).toBe('secret-like-name');
    expect(classifySecret('API_KEY', '12345678')).toBe('secret-like-name');
    expect(classifySecret('DB_PASSWORD', 'changeme')).toBe('secret-like-name');
  });

  it.each([
    ['empty', ''],
    ['blank', '  '],
    ['a boolean', 'true'],
    ['a boolean', 'FALSE'],
    ['a boolean', 'yes'],
    ['a boolean', 'no'],
    ['a boolean', '0'],
    ['a boolean', '1'],
    ['a $VAR reference', '$DB_PASSWORD'],
    ['a ${VAR} reference', '${DB_PASSWORD}'],
    ['a command substitution', '$(cat /run/secrets/db)'],
    ['a secrets mount path', '/run/secrets/db_password'],
    ['a Kubernetes secrets path', '/var/run/secrets/app/token'],
    ['a credentials file path', '/app/config/credentials.json'],
    ['a mask', '********'],
    ['a template', '<your-password>'],
  ])('ignores %s under a secret-like name: %j', (_label, value) => {
    expect(classifySecret('DB_PASSWORD', value)).toBeNull();
  });

  it('ignores references and describing names', () => {
    expect(classifySecret('DB_PASSWORD_FILE', '/run/secrets/db_password')).toBeNull();
    expect(classifySecret('GOOGLE_APPLICATION_CREDENTIALS', '/app/key.json')).toBeNull();
    expect(classifySecret('PWD', '/app')).toBeNull();
    expect(classifySecret('AUTHOR', 'Jane Doe')).toBeNull();
    expect(classifySecret('APP_PORT', '8080')).toBeNull();
    expect(classifySecret('PATH', '/usr/local/bin:/usr/bin:/bin')).toBeNull();
  });

  it('flags URLs with embedded credentials under any name', () => {
    expect(classifySecret('DATABASE_URL', 'postgres://app:s3cretpw@db:5432/app')).toBe('url-credentials');
    expect(classifySecret('REDIS_URL', 'redis://:s3cretpw@cache:6379/0')).toBe('url-credentials');
    expect(classifySecret('JAVA_OPTS', '-Ddb=mysql://root:s3cretpw@db/app -Xmx1g')).toBe('url-credentials');
  });

  it.each([
    ['no password', 'postgres://app@db:5432/app'],
    ['a port, not a password', 'http://localhost:8080/health'],
    ['a referenced password', 'postgres://app:${DB_PASSWORD}@db/app'],
    ['a $VAR password', 'postgres://app:$DB_PASSWORD@db/app'],
    ['no credentials at all', 'https://example.com/app'],
  ])('does not flag a URL with %s', (_label, value) => {
    expect(classifySecret('DATABASE_URL', value)).toBeNull();
  });
});

describe('scanEnv', () => {
  const env = [
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `AWS_ACCESS_KEY_ID=${fake.awsAccessKeyId}`,
    `AWS_SECRET_ACCESS_KEY=${fake.awsSecretAccessKey}`,
    `DB_PASSWORD=${fake.password}`,
    'DB_PASSWORD_FILE=/run/secrets/db_password',
    'DATABASE_URL=postgres://app:s3cretpw@db:5432/app',
    'APP_PORT=8080',
    'JAVA_OPTS=-Dkey=value',
    'NO_EQUALS_SIGN',
  ];

  it('reports each secret with kind, source, name, location and preview', () => {
    expect(scanEnv(env)).toEqual([
      {
        kind: 'aws-access-key-id',
        source: 'env',
        name: 'AWS_ACCESS_KEY_ID',
        location: 'ENV AWS_ACCESS_KEY_ID',
        preview: 'AKIA…(20 chars)',
      },
      {
        kind: 'aws-secret-access-key',
        source: 'env',
        name: 'AWS_SECRET_ACCESS_KEY',
        location: 'ENV AWS_SECRET_ACCESS_KEY',
        preview: 'imga…(40 chars)',
      },
      {
        kind: 'secret-like-name',
        source: 'env',
        name: 'DB_PASSWORD',
        location: 'ENV DB_PASSWORD',
        preview: 'hun…(14 chars)',
      },
      {
        kind: 'url-credentials',
        source: 'env',
        name: 'DATABASE_URL',
        location: 'ENV DATABASE_URL',
        preview: 'post…(35 chars)',
      },
    ]);
  });

  it('never puts a value into a finding', () => {
    const values = [fake.awsAccessKeyId, fake.awsSecretAccessKey, fake.password, 's3cretpw'];
    const text = JSON.stringify(scanEnv(env));
    for (const value of values) expect(text).not.toContain(value);
  });

  it('returns nothing for an empty list', () => {
    expect(scanEnv([])).toEqual([]);
  });
});

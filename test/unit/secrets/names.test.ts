import { describe, expect, it } from 'vitest';
import { isSecretLikeName } from '../../../src/secrets/index.js';

describe('isSecretLikeName', () => {
  it.each([
    'DB_PASSWORD',
    'PASSWORD',
    'password',
    'PGPASSWORD',
    'DB_PASSWD',
    'MYSQL_ROOT_PWD',
    'DB_PASS',
    'SECRET_KEY_BASE',
    'CLIENT_SECRET',
    'clientSecret',
    'GITHUB_TOKEN',
    'authToken',
    'AUTH_TOKEN',
    'BASIC_AUTH',
    'NPM_CONFIG__AUTH',
    'API_KEY',
    'APIKEY',
    'apiKey',
    'APIKey',
    'X-Api-Key',
    'ACCESS_KEY',
    'AWS_SECRET_ACCESS_KEY',
    'secretAccessKey',
    'PRIVATE_KEY',
    'privateKey',
    'CREDENTIALS',
    'GIT_CREDENTIAL',
    'db.password',
  ])('flags %s', (name) => {
    expect(isSecretLikeName(name)).toBe(true);
  });

  it.each([
    ['a reference to a secrets file', 'DB_PASSWORD_FILE'],
    ['a reference to a secrets file', 'PASSWORD_FILE'],
    ['a reference to a secrets file', 'dbPasswordFile'],
    ['a path', 'PRIVATE_KEY_PATH'],
    ['a directory', 'SECRETS_DIR'],
    ['a URL (credentials are judged by value)', 'TOKEN_URL'],
    ['a URL (credentials are judged by value)', 'DATABASE_URL'],
    ['a switch', 'PASSWORD_AUTH_ENABLED'],
    ['a length', 'PASSWORD_LENGTH'],
    ['a lifetime', 'TOKEN_TTL'],
    ['a timeout', 'SESSION_TOKEN_TIMEOUT'],
    ['an expiry', 'TOKEN_EXPIRY'],
    ['a header name', 'AUTH_HEADER'],
    ['a type', 'AUTH_TYPE'],
    ['the working directory', 'PWD'],
    ['the previous working directory', 'OLDPWD'],
    ['a different word', 'AUTHOR'],
    ['a different word', 'AUTHOR_NAME'],
    ['a different word', 'OAUTH_ISSUER'],
    ['a different word', 'BYPASS_CACHE'],
    ['a different word', 'TOKENIZERS_PARALLELISM'],
    ['a count', 'MAX_TOKENS'],
    ['a public key fingerprint', 'GPG_KEY'],
    ['an ordinary variable', 'PATH'],
    ['an ordinary variable', 'APP_PORT'],
    ['empty', ''],
  ])('does not flag %s: %s', (_label, name) => {
    expect(isSecretLikeName(name)).toBe(false);
  });
});

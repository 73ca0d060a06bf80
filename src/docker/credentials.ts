import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RegistryError } from '../shared/errors.js';

/** What a registry is told who we are: a user and password, or an identity (refresh) token. Never printed. */
export type RegistryCredentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'identity-token'; readonly token: string };

/** Where the credentials came from, for messages: never the credentials themselves. */
export interface FoundCredentials {
  readonly credentials: RegistryCredentials;
  readonly from: string;
}

const HELPER_TIMEOUT_MS = 10_000;
const HELPER_OUTPUT_LIMIT = 64 * 1024;
const HUB_KEY = 'https://index.docker.io/v1/';
const HUB_NAMES = new Set(['registry-1.docker.io', 'index.docker.io', 'docker.io']);

/** The docker CLI's configuration directory: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/** `https://host:5000/v1/`, `http://host`, `host:5000` → `host:5000`; Docker Hub's names → its one key. */
export function registryKey(server: string): string {
  const host = server
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return HUB_NAMES.has(host) ? 'docker.io' : host;
}

interface DockerConfig {
  readonly auths?: unknown;
  readonly credHelpers?: unknown;
  readonly credsStore?: unknown;
}

/**
 * The credentials the docker CLI would use for `registry`, from `config.json` in `configDir`: a credential helper of
 * `credHelpers` for this registry, else the `credsStore`, else `auths` (a base64 `auth`, an `identitytoken`).
 * Null: anonymous (no config, no entry, or the helper knows none).
 */
export async function credentialsFor(
  registry: string,
  configDir: string = dockerConfigDir(),
  timeoutMs: number = HELPER_TIMEOUT_MS,
): Promise<FoundCredentials | null> {
  const file = join(configDir, 'config.json');
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  let config: DockerConfig;
  try {
    config = JSON.parse(text) as DockerConfig;
  } catch {
    throw new CredentialsError(`${file} is not valid JSON`);
  }
  const key = registryKey(registry);
  const helpers = objectOf(config.credHelpers);
  const helperKey = Object.keys(helpers).find((name) => registryKey(name) === key);
  const helper = helperKey !== undefined ? helpers[helperKey] : config.credsStore;
  if (typeof helper === 'string' && helper !== '') {
    const server = key === 'docker.io' ? HUB_KEY : (helperKey ?? registry);
    const found = await fromHelper(helper, server, timeoutMs);
    if (found) return { credentials: found, from: `docker-credential-${helper}` };
    if (helperKey !== undefined) return null;
  }
  const auths = objectOf(config.auths);
  const authKey = Object.keys(auths).find((name) => registryKey(name) === key);
  if (authKey === undefined) return null;
  const entry = objectOf(auths[authKey]);
  const from = `${file} (auths)`;
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '')
    return { credentials: { kind: 'identity-token', token: entry.identitytoken }, from };
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new CredentialsError(`${file}: the auth of ${authKey} is not base64 of user:password`);
    return {
      credentials: { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) },
      from,
    };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string' && entry.username !== '')
    return { credentials: { kind: 'basic', username: entry.username, password: entry.password }, from };
  return null;
}

/** A credentials source that cannot be used (a broken config.json, a helper that fails or hangs). */
export class CredentialsError extends RegistryError {}

/**
 * `docker-credential-NAME get` with the server on stdin, as the docker CLI runs it. "credentials not found" is no
 * error: the registry is then asked anonymously. Its output holds a secret: it is never quoted in an error.
 */
async function fromHelper(name: string, server: string, timeoutMs: number): Promise<RegistryCredentials | null> {
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    throw new CredentialsError(`the credential helper name ${JSON.stringify(name)} is not valid`);
  const program = `docker-credential-${name}`;
  const { code, stdout, failure } = await new Promise<{ code: number | null; stdout: string; failure: string | null }>(
    (resolve) => {
      const child = spawn(program, ['get'], { stdio: ['pipe', 'pipe', 'ignore'] });
      const parts: Buffer[] = [];
      let bytes = 0;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ code: null, stdout: '', failure: `did not answer within ${timeoutMs / 1000}s` });
      }, timeoutMs);
      child.stdout.on('data', (part: Buffer) => {
        bytes += part.length;
        if (bytes <= HELPER_OUTPUT_LIMIT) parts.push(part);
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({
          code: null,
          stdout: '',
          failure: error.code === 'ENOENT' ? 'is not installed (not on PATH)' : `could not run (${error.code})`,
        });
      });
      child.on('close', (exit) => {
        clearTimeout(timer);
        resolve({ code: exit, stdout: Buffer.concat(parts).toString('utf8'), failure: null });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(server);
    },
  );
  if (failure !== null) throw new CredentialsError(`the credential helper ${program} ${failure}`);
  if (code !== 0) {
    if (/credentials not found/i.test(stdout)) return null;
    throw new CredentialsError(`the credential helper ${program} failed (exit ${code}) for ${server}`);
  }
  let answer: unknown;
  try {
    answer = JSON.parse(stdout);
  } catch {
    throw new CredentialsError(`the credential helper ${program} did not answer JSON for ${server}`);
  }
  const username = objectOf(answer).Username;
  const secret = objectOf(answer).Secret;
  if (typeof secret !== 'string' || secret === '') return null;
  // The docker CLI's convention: the user `<token>` means the secret is an identity token.
  if (username === '<token>') return { kind: 'identity-token', token: secret };
  if (typeof username !== 'string' || username === '') return null;
  return { kind: 'basic', username, password: secret };
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Words that mark a secret wherever they end a word: `PGPASSWORD`, `clientsecret`, `GHTOKEN`. */
const SECRET_WORD_ENDINGS = ['password', 'passwd', 'secret', 'token', 'apikey'];
/** Words that mark a secret only on their own: `OAUTH`, `BYPASS` and `OLDPWD` are something else. */
const SECRET_WORDS = new Set(['pwd', 'pass', 'auth', 'secrets', 'credential', 'credentials']);
/** Adjacent word pairs: `API_KEY`, `accessKey`, `PRIVATE_KEY`. */
const SECRET_PAIRS = new Set(['api key', 'access key', 'private key']);
/** A last word that makes the variable describe a secret rather than hold it (`DB_PASSWORD_FILE`, `TOKEN_TTL`). */
const DESCRIBING_SUFFIXES = new Set([
  'file',
  'filename',
  'path',
  'dir',
  'directory',
  'url',
  'uri',
  'endpoint',
  'host',
  'port',
  'enabled',
  'enable',
  'disabled',
  'length',
  'ttl',
  'timeout',
  'expiry',
  'expires',
  'header',
  'type',
  'mode',
  'method',
  'provider',
  'user',
  'username',
  'limit',
]);

/** Splits on `_`, `-`, `.` and camelCase (`APIKey` → api, key); lower-cased. */
export function nameWords(name: string): string[] {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      // `([A-Z]+)([A-Z][a-z])` reads the same but rescans a run of capitals from each of its letters: quadratic.
      .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
      .split(/[\s_.-]+/)
      .filter(Boolean)
      .map((word) => word.toLowerCase())
  );
}

/** True for variable names that usually hold secrets. `PWD` alone is the working directory, not a password. */
export function isSecretLikeName(name: string): boolean {
  const words = nameWords(name);
  const last = words.at(-1);
  if (last === undefined || DESCRIBING_SUFFIXES.has(last)) return false;
  if (words.length === 1 && last === 'pwd') return false;
  return words.some(
    (word, i) =>
      SECRET_WORDS.has(word) ||
      SECRET_WORD_ENDINGS.some((ending) => word.endsWith(ending)) ||
      SECRET_PAIRS.has(`${word} ${words[i + 1] ?? ''}`),
  );
}

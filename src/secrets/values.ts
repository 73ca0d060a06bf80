const BOOLEAN_LIKE = /^(?:true|false|yes|no|on|off|0|1)$/i;
/** `$VAR`, `${VAR}` or `$(command)`: the secret lives elsewhere. */
const REFERENCE = /^\$(?:[A-Za-z_]\w*|\{[A-Za-z_]\w*\}|\([^)]*\))$/;
const SECRETS_MOUNT = /^(?:\/var)?\/run\/secrets\//;
/** An absolute path to a file such as `/app/credentials.json`; base64 secrets never contain a dot. */
const FILE_PATH = /^\/(?:[\w.-]+\/)*[\w-]+\.[A-Za-z0-9]{1,5}$/;
/** `***` or `<your-token>`: a mask or a template, not a value. */
const PLACEHOLDER = /^(?:\*+|<[^<>]*>)$/;
/** imgaudit's own preview (`ghp_…(40 chars)`, read up to its first space): redacting twice changes nothing. */
const REDACTED = /…\(\d|^\(empty\)$/;

/** Values that are clearly not secrets, whatever the variable is called. */
export function isNonSecretValue(value: string): boolean {
  const trimmed = value.trim();
  return (
    trimmed === '' ||
    BOOLEAN_LIKE.test(trimmed) ||
    REFERENCE.test(trimmed) ||
    SECRETS_MOUNT.test(trimmed) ||
    FILE_PATH.test(trimmed) ||
    PLACEHOLDER.test(trimmed) ||
    REDACTED.test(trimmed)
  );
}

import { isSecretLikeName, nameWords } from './names.js';
import { detectTokenKind, findUrlPasswords, isAwsSecretAccessKeyShape } from './patterns.js';
import { isNonSecretValue } from './values.js';

/**
 * Classify one NAME=value pair: a token format wins; then an AWS secret key by name and shape; then a secret-like
 * name; then a URL with embedded credentials. Values that are clearly not secrets (empty, booleans, `$VAR`
 * references, `/run/secrets/…` paths) are ignored whatever the name.
 */
export function classifySecret(name: string, value: string): string | null {
  if (isNonSecretValue(value)) return null;
  const tokenKind = detectTokenKind(value);
  if (tokenKind !== null) return tokenKind;
  if (isAwsSecretName(name) && isAwsSecretAccessKeyShape(value)) return 'aws-secret-access-key';
  if (isSecretLikeName(name)) return 'secret-like-name';
  if (findUrlPasswords(value).length > 0) return 'url-credentials';
  return null;
}

function isAwsSecretName(name: string): boolean {
  const words = nameWords(name);
  return words.some((word) => word.startsWith('aws')) && words.some((word) => word.includes('secret'));
}

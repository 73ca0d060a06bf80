import { UsageError } from '../shared/errors.js';
import { readTextFile } from '../shared/files.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Reads a `docker run --env-file` file: `NAME=value` lines taken literally (no quotes, no expansion), `NAME`
 * alone takes the value from this process's environment, blank lines and `#` comments are skipped.
 */
export async function readEnvFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const text = await readTextFile(path, (reason) => new UsageError(`cannot read --env-file ${path}: ${reason}`));
  return parseEnvLines(text, path, env);
}

export function parseEnvLines(text: string, origin: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const pairs: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const equals = line.indexOf('=');
    const name = equals === -1 ? line.trimEnd() : line.slice(0, equals);
    if (!NAME.test(name)) throw new UsageError(`${origin}:${index + 1}: "${name}" is not a variable name`);
    if (equals !== -1) pairs.push(line);
    else if (env[name] !== undefined) pairs.push(`${name}=${env[name]}`);
  });
  return pairs;
}

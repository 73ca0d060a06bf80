import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/ensure-registry.sh', import.meta.url));

function script(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [SCRIPT, ...args], { timeout: 300_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`ensure-registry.sh ${args[0]}: ${stderr.trim() || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

/**
 * A docker-registry of its own for a test file, on 127.0.0.1 with a free port (scripts/ensure-registry.sh installs the
 * Debian package when missing): its `host:port`. With a user, it asks for that user's password (htpasswd, Basic).
 */
export function startRegistry(name: string, user?: { name: string; password: string }): Promise<string> {
  return script(['start', name, ...(user ? [user.name, user.password] : [])]);
}

/** Stops the registry and removes its storage. */
export async function stopRegistry(name: string): Promise<void> {
  await script(['stop', name]);
}

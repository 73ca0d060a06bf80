import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs a script in a fresh node process (a clean require cache) and returns what it prints as JSON. */
function fresh(script: string): unknown {
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

describe('start-up of the built client', () => {
  const client = new URL('../../dist/docker/client.js', import.meta.url).href;

  it('does not load grpc, proto-loader or ssh2 until something uses them, and then loads the real modules', () => {
    const result = fresh(`
      import { createRequire } from 'node:module';
      const { createDockerClient } = await import(${JSON.stringify(client)});
      createDockerClient();
      const require = createRequire(import.meta.url);
      const loaded = () => Object.keys(require.cache).filter((path) => /node_modules\\/(@grpc|ssh2)\\//.test(path)).length;
      const before = loaded();
      const fromDockerode = createRequire(require.resolve('dockerode'));
      const serverIsClass = typeof fromDockerode('@grpc/grpc-js').Server === 'function';
      const ssh = createRequire(fromDockerode.resolve('docker-modem'))('./ssh.js');
      const agent = ssh({ host: 'example.invalid' });
      console.log(JSON.stringify({ before, serverIsClass, agentConnects: typeof agent.createConnection, after: loaded() }));
    `);
    // The two stand-ins are all that is in the cache before use; using them brings in the real packages.
    expect(result).toMatchObject({ before: 2, serverIsClass: true, agentConnects: 'function' });
    expect((result as { after: number }).after).toBeGreaterThan(20);
  });
});

import { createRequire } from 'node:module';

/**
 * dockerode loads @grpc/grpc-js and @grpc/proto-loader (BuildKit sessions) and docker-modem loads ssh2 (ssh://
 * hosts) at start-up: ~80 ms of every run, before the first engine call, for code imgaudit uses only with an ssh://
 * DOCKER_HOST and never for BuildKit. This seeds the require cache with stand-ins that load the real module on
 * first use, so nothing changes but when they load. Imported before dockerode; if a path moved in a dockerode
 * release, the module simply loads as before.
 */
function deferModules(): void {
  try {
    const fromDockerode = createRequire(createRequire(import.meta.url).resolve('dockerode'));
    const fromModem = createRequire(fromDockerode.resolve('docker-modem'));
    defer(fromDockerode, '@grpc/grpc-js', 'namespace');
    defer(fromDockerode, '@grpc/proto-loader', 'namespace');
    // docker-modem's ssh.js exports one function, called only to connect to an ssh:// host.
    defer(fromModem, './ssh.js', 'function');
  } catch {
    // The layout is not what this expects: load everything eagerly, as dockerode itself does.
  }
}

type Require = NodeJS.Require;

function defer(require: Require, specifier: string, kind: 'namespace' | 'function'): void {
  const path = require.resolve(specifier);
  if (require.cache[path]) return;
  let real: Record<PropertyKey, unknown> | ((...args: unknown[]) => unknown) | undefined;
  const load = () => {
    if (real === undefined) {
      delete require.cache[path];
      real = require(path) as typeof real;
    }
    return real!;
  };
  const exports =
    kind === 'function'
      ? function deferred(this: unknown, ...args: unknown[]) {
          return (load() as (...args: unknown[]) => unknown).apply(this, args);
        }
      : new Proxy(
          {},
          {
            get: (_, key) => (load() as Record<PropertyKey, unknown>)[key],
            has: (_, key) => key in (load() as object),
          },
        );
  require.cache[path] = {
    id: path,
    filename: path,
    loaded: true,
    exports,
    children: [],
    paths: [],
  } as unknown as NodeJS.Module;
}

deferModules();

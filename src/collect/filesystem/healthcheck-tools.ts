import { normalise } from '../layers/merge.js';
import type { FinalView } from '../layers/types.js';
import { DOCKER_DEFAULT_PATH } from './paths.js';

export interface HealthcheckTool {
  readonly name: string;
  /** Absolute path where it was found; null when the image does not contain it. */
  readonly path: string | null;
}

/** The programs a HEALTHCHECK runs first: `CMD curl …` → curl; `CMD-SHELL curl -f … || exit 1` → /bin/sh, curl. */
export function healthcheckPrograms(test: readonly string[] | null): string[] {
  if (!test || test.length < 2) return [];
  if (test[0] === 'CMD') return [test[1]!];
  if (test[0] !== 'CMD-SHELL') return [];
  const first = test[1]!.trim().split(/\s+/)[0] ?? '';
  // A shell builtin or a variable needs nothing but the shell.
  return ['/bin/sh', ...(first && !/^[$({]|^(exit|test|\[|true|false|echo)$/.test(first) ? [first] : [])];
}

export function findHealthcheckTools(view: FinalView, test: readonly string[] | null): HealthcheckTool[] {
  return healthcheckPrograms(test).map((name) => ({ name, path: locate(view, name) }));
}

function locate(view: FinalView, name: string): string | null {
  const candidates = name.includes('/') ? [normalise(name)] : DOCKER_DEFAULT_PATH.map((dir) => `${dir}/${name}`);
  const found = candidates.find((path) => {
    const target = view.resolve(path);
    return target?.type === 'file' && (target.mode & 0o111) !== 0;
  });
  return found === undefined ? null : `/${found}`;
}

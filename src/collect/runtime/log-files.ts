/** One entry of GET /containers/{id}/changes. Kind 0 = modified, 1 = added, 2 = deleted. */
export interface ContainerChange {
  readonly Path: string;
  readonly Kind: number;
}

const LOG_NAME = /\.log(?:\.\d+)?$/;
const LOG_DIRECTORY = new Set(['log', 'logs']);

/**
 * Files the container wrote that look like logs: `*.log`, `*.log.N`, anything under /var/log/, or inside a
 * directory named `log` or `logs`. Directories (paths another change lies below) are left out; sorted.
 */
export function logFilePaths(changes: readonly ContainerChange[] | null | undefined): string[] {
  const written = (changes ?? [])
    .filter((change) => change.Kind === 0 || change.Kind === 1)
    .map((change) => change.Path);
  const directories = new Set<string>();
  for (const { Path } of changes ?? []) {
    for (let slash = Path.lastIndexOf('/'); slash > 0; slash = Path.lastIndexOf('/', slash - 1))
      directories.add(Path.slice(0, slash));
  }
  return [...new Set(written.filter((path) => looksLikeLog(path) && !directories.has(path)))].sort();
}

export function looksLikeLog(path: string): boolean {
  const parts = path.split('/').filter(Boolean);
  const name = parts.at(-1);
  if (name === undefined) return false;
  return (
    LOG_NAME.test(name) || path.startsWith('/var/log/') || parts.slice(0, -1).some((part) => LOG_DIRECTORY.has(part))
  );
}

/** The changes endpoint answers `null` (which dockerode leaves as a Buffer) when nothing changed. */
export function changesBody(data: unknown): ContainerChange[] {
  const parsed: unknown = Buffer.isBuffer(data) ? safeJson(data.toString('utf8')) : data;
  return Array.isArray(parsed) ? parsed.filter(isChange) : [];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isChange(value: unknown): value is ContainerChange {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ContainerChange).Path === 'string' &&
    typeof (value as ContainerChange).Kind === 'number'
  );
}

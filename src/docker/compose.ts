import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';

export interface ComposeService {
  readonly service: string;
  /** `image:` as written (variables substituted), or null when compose names the image it builds. */
  readonly image: string | null;
  readonly builds: boolean;
}

export interface ComposeProject {
  readonly name: string;
  readonly services: readonly ComposeService[];
}

/** Reads a compose file (v1 or v2 style): its project name and each service's image. */
export async function readComposeFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<ComposeProject> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read --compose ${path}: ${error.code ?? error.message}`);
  });
  let document: unknown;
  // Loaded on demand: most runs read no YAML, and every run pays for what it imports at start-up.
  const { parse } = await import('yaml');
  try {
    document = parse(text);
  } catch (error) {
    throw new UsageError(`--compose ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = (document ?? {}) as { name?: unknown; services?: unknown };
  if (typeof root.services !== 'object' || root.services === null) throw new UsageError(`--compose ${path} has no services`);
  const name = env.COMPOSE_PROJECT_NAME || (typeof root.name === 'string' ? root.name : basename(dirname(resolve(path))));
  const services = Object.entries(root.services as Record<string, { image?: unknown; build?: unknown } | null>).map(
    ([service, definition]): ComposeService => ({
      service,
      image: typeof definition?.image === 'string' ? interpolate(definition.image, env) : null,
      builds: definition?.build !== undefined,
    }),
  );
  return { name, services };
}

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `$VAR`, as compose substitutes them; `$$` is a literal `$`. */
export function interpolate(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced, op, fallback, bare) => {
    if (match === '$$') return '$';
    const value = env[braced ?? bare];
    if (op === ':-') return value ? value : fallback;
    if (op === '-') return value === undefined ? fallback : value;
    return value ?? '';
  });
}

/** The names compose gives images it builds: v2 `project-service`, v1 `project_service` (project normalised). */
export function builtImageNames(project: string, service: string): string[] {
  const v2 = project.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  const v1 = project.toLowerCase().replace(/[^a-z0-9]/g, '');
  return [`${v2}-${service}:latest`, `${v1}_${service}:latest`];
}

/**
 * The image references of a compose project: each service's `image:`, and for services that only `build:`, the
 * name compose gave the built image (whichever of the v2 and v1 names exists locally).
 */
export function composeReferences(project: ComposeProject, localTags: readonly string[]): string[] {
  const local = new Set(localTags);
  return project.services.map(({ service, image, builds }) => {
    if (image) return image;
    if (!builds) throw new UsageError(`compose service "${service}" has neither image nor build`);
    const built = builtImageNames(project.name, service).find((name) => local.has(name));
    if (!built) {
      throw new UsageError(`compose service "${service}" has not been built (looked for ${builtImageNames(project.name, service).join(' and ')}): run docker compose build`);
    }
    return built;
  });
}

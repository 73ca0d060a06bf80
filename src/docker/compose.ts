import { basename, dirname, relative, resolve, sep } from 'node:path';
import { InvalidReference, UsageError } from '../shared/errors.js';
import { parseReference } from './reference.js';
import { isAliasBomb, MAX_YAML_ALIASES, nestsTooDeep, TOO_DEEP, TOO_MANY_ALIASES } from '../shared/yaml.js';
import { readTextFile } from '../shared/files.js';

export interface ComposeService {
  readonly service: string;
  /** `image:` with its variables substituted, or null when compose names the image it builds. */
  readonly image: string | null;
  /** `image:` as the file writes it, for messages: a substituted value may be a secret. */
  readonly imageAsWritten: string | null;
  /** `NAME=value` of each variable substituted from the environment: the audit redacts the secret ones. */
  readonly substituted: readonly string[];
  readonly builds: boolean;
  /** The service's Dockerfile relative to the working directory (build context + dockerfile), when it builds. */
  readonly dockerfile: string | null;
  /** The service's build context relative to the working directory, when it builds from a local directory. */
  readonly buildContext?: string | null;
}

/** An image a compose file names, with the Dockerfile that builds it when the file says. */
export interface ComposeImage {
  readonly ref: string;
  readonly dockerfile: string | null;
  readonly buildContext?: string | null;
  /** `NAME=value` of each variable substituted into `ref` from the environment. */
  readonly substituted: readonly string[];
}

export interface ComposeProject {
  readonly name: string;
  readonly services: readonly ComposeService[];
}

/** Reads a compose file (v1 or v2 style): its project name and each service's image. */
export async function readComposeFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<ComposeProject> {
  const text = await readTextFile(path, (reason) => new UsageError(`cannot read --compose ${path}: ${reason}`));
  let document: unknown;
  // Loaded on demand: most runs read no YAML, and every run pays for what it imports at start-up.
  const { parse } = await import('yaml');
  if (await nestsTooDeep(text)) throw new UsageError(`--compose ${path}: ${TOO_DEEP}`);
  try {
    // Compose files use YAML merge keys (`<<: *defaults`), which YAML 1.2 leaves off by default.
    document = parse(text, { merge: true, maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (isAliasBomb(error)) throw new UsageError(`--compose ${path}: ${TOO_MANY_ALIASES}`);
    throw new UsageError(`--compose ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = (document ?? {}) as { name?: unknown; services?: unknown };
  if (typeof root.services !== 'object' || root.services === null)
    throw new UsageError(`--compose ${path} has no services`);
  const name =
    env.COMPOSE_PROJECT_NAME || (typeof root.name === 'string' ? root.name : basename(dirname(resolve(path))));
  const services = Object.entries(root.services as Record<string, { image?: unknown; build?: unknown } | null>).map(
    ([service, definition]): ComposeService => {
      const written = typeof definition?.image === 'string' ? definition.image : null;
      const substituted: string[] = [];
      const image =
        written === null ? null : interpolate(written, env, (name, value) => substituted.push(`${name}=${value}`));
      return {
        service,
        image,
        imageAsWritten: written,
        substituted,
        builds: definition?.build !== undefined,
        dockerfile: dockerfileOf(path, definition?.build, env),
        buildContext: buildContextOf(path, definition?.build, env),
      };
    },
  );
  return { name, services };
}

/** `build: ./dir` or `build: { context, dockerfile }`, as a path from the working directory (forward slashes). */
function dockerfileOf(composePath: string, build: unknown, env: NodeJS.ProcessEnv): string | null {
  if (build === undefined || build === null) return null;
  const spec = typeof build === 'string' ? { context: build } : (build as { context?: unknown; dockerfile?: unknown });
  const context = typeof spec.context === 'string' ? interpolate(spec.context, env) : '.';
  // A remote context (git URL) has no file here.
  if (/^[a-z]+:\/\//i.test(context) || context.startsWith('git@')) return null;
  const dockerfile = typeof spec.dockerfile === 'string' ? interpolate(spec.dockerfile, env) : 'Dockerfile';
  const full = resolve(dirname(resolve(composePath)), context, dockerfile);
  return relative(process.cwd(), full).split(sep).join('/') || full;
}

/** The build context of `build: ./dir` or `build: { context }`, from the working directory; null when remote. */
function buildContextOf(composePath: string, build: unknown, env: NodeJS.ProcessEnv): string | null {
  const dockerfile = dockerfileOf(composePath, build, env);
  if (dockerfile === null) return null;
  const spec = typeof build === 'string' ? { context: build } : (build as { context?: unknown });
  const context = typeof spec.context === 'string' ? interpolate(spec.context, env) : '.';
  const full = resolve(dirname(resolve(composePath)), context);
  return relative(process.cwd(), full).split(sep).join('/') || '.';
}

/**
 * `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `$VAR`, as compose substitutes them; `$$` is a literal `$`.
 * `onValue` hears each variable substituted from the environment, with its value.
 */
export function interpolate(
  text: string,
  env: NodeJS.ProcessEnv,
  onValue: (name: string, value: string) => void = () => undefined,
): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match: string, braced?: string, op?: string, fallback?: string, bare?: string) => {
      if (match === '$$') return '$';
      const name = braced ?? bare ?? '';
      const value = env[name];
      const fromEnv = op === ':-' ? Boolean(value) : value !== undefined;
      if (fromEnv && value) onValue(name, value);
      if (op === ':-' || op === '-') return fromEnv ? value! : (fallback ?? '');
      return value ?? '';
    },
  );
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
  return composeImages(project, localTags).map((image) => image.ref);
}

/** composeReferences, with each service's Dockerfile. */
export function composeImages(project: ComposeProject, localTags: readonly string[]): ComposeImage[] {
  const local = new Set(localTags);
  return project.services.map((service) => ({
    ref: referenceOf(project, local, service),
    dockerfile: service.dockerfile,
    buildContext: service.buildContext,
    substituted: service.substituted,
  }));
}

function referenceOf(
  project: ComposeProject,
  local: ReadonlySet<string>,
  { service, image, imageAsWritten, builds }: ComposeService,
): string {
  if (image) {
    try {
      parseReference(image);
    } catch (error) {
      // Named as written: the value a variable gave it may be a secret.
      if (error instanceof InvalidReference) {
        throw new UsageError(
          `compose service "${service}": image ${JSON.stringify(imageAsWritten)} does not make a valid ` +
            `image reference once its variables are substituted`,
        );
      }
      throw error;
    }
    return image;
  }
  if (!builds) throw new UsageError(`compose service "${service}" has neither image nor build`);
  const built = builtImageNames(project.name, service).find((name) => local.has(name));
  if (!built) {
    throw new UsageError(
      `compose service "${service}" has not been built (looked for ` +
        `${builtImageNames(project.name, service).join(' and ')}): run docker compose build`,
    );
  }
  return built;
}

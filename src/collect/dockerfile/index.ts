import { readFile, stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { BuildContextFacts, DockerfileFacts } from '../../facts.js';
import { BuildInputError } from '../../shared/errors.js';
import { DEFAULT_WALK_LIMITS, walkContext, type WalkLimits } from './context.js';
import { parseDockerignore } from './dockerignore.js';
import { parseDockerfile } from './parse.js';

export { parseDockerfile } from './parse.js';
export { isIgnored, parseDockerignore } from './dockerignore.js';

/** Where an image was built from: its Dockerfile and the build context (default: the Dockerfile's folder). */
export interface BuildSource {
  readonly dockerfile: string;
  readonly context?: string;
}

export interface BuildFacts {
  readonly dockerfile: DockerfileFacts;
  readonly buildContext: BuildContextFacts;
}

const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/** The build context directory a source names: its own, else the Dockerfile's folder. */
export function contextOf(source: BuildSource): string {
  return source.context ?? (dirname(source.dockerfile) || '.');
}

/**
 * Reads the Dockerfile and walks its build context once. A missing Dockerfile or a context that is not a directory is
 * a BuildInputError naming it (exit 2); a Dockerfile that does not parse is not: its problems are facts.
 */
export async function collectBuild(source: BuildSource, limits: WalkLimits = DEFAULT_WALK_LIMITS): Promise<BuildFacts> {
  const context = contextOf(source);
  const text = await readSmall(source.dockerfile, 'Dockerfile');
  try {
    if (!(await stat(context)).isDirectory())
      throw new BuildInputError(`the build context ${context} is not a directory`);
  } catch (error) {
    if (error instanceof BuildInputError) throw error;
    throw new BuildInputError(`the build context ${context} cannot be read (${errorCode(error)})`);
  }
  const dockerfile = parseDockerfile(source.dockerfile, text);
  // BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile first, then the context's .dockerignore.
  const ignoreFiles = [`${source.dockerfile}.dockerignore`, resolve(context, '.dockerignore')];
  let dockerignore: BuildContextFacts['dockerignore'] = null;
  let compiled: ReturnType<typeof parseDockerignore>['compiled'] = [];
  for (const file of ignoreFiles) {
    const ignoreText = await readSmall(file, '.dockerignore').catch(() => null);
    if (ignoreText === null) continue;
    const parsed = parseDockerignore(ignoreText);
    compiled = parsed.compiled;
    dockerignore = {
      path: relative(resolve(context), resolve(file)).replace(/\\/g, '/'),
      patterns: parsed.patterns,
      invalid: parsed.invalid,
    };
    break;
  }
  const walked = await walkContext(context, compiled, limits);
  return { dockerfile, buildContext: { path: context, dockerignore, ...walked } };
}

async function readSmall(path: string, what: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new BuildInputError(`the ${what} ${path} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof BuildInputError) throw error;
    throw new BuildInputError(
      errorCode(error) === 'ENOENT'
        ? `the ${what} ${path} does not exist`
        : `the ${what} ${path} cannot be read (${errorCode(error)})`,
    );
  }
  if (size > MAX_DOCKERFILE_BYTES)
    throw new BuildInputError(`the ${what} ${path} is ${size} bytes: larger than any real one (1 MiB)`);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new BuildInputError(`the ${what} ${path} cannot be read (${errorCode(error)})`);
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

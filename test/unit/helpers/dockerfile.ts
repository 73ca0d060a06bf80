import { parseDockerfile } from '../../../src/collect/dockerfile/parse.js';
import type { BuildContextFacts, ImageFacts } from '../../../src/facts.js';
import { makeFacts } from './facts.js';

/** A build context as the walk records it: nothing sensitive, no .dockerignore, unless overridden. */
export function makeContext(overrides: Partial<BuildContextFacts> = {}): BuildContextFacts {
  return {
    path: '.',
    dockerignore: null,
    dependencyFiles: [],
    requirements: [],
    sensitive: [],
    symlinksOutside: [],
    walk: { entries: 12, truncated: null },
    ...overrides,
  };
}

/** A `.dockerignore` fact with these patterns. */
export function ignoreFile(...patterns: string[]): BuildContextFacts['dockerignore'] {
  return { path: '.dockerignore', patterns, invalid: [] };
}

/** A good image's facts plus this Dockerfile (parsed as the collector does) and context. */
export function withDockerfile(
  text: string,
  context: Partial<BuildContextFacts> = {},
  facts: ImageFacts = makeFacts(),
): ImageFacts {
  return { ...facts, dockerfile: parseDockerfile('Dockerfile', text), buildContext: makeContext(context) };
}

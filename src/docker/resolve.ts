import { callDaemon, type DockerClient } from './client.js';
import { composeImages, readComposeFile, type ComposeImage } from './compose.js';
import { AmbiguousImageId, ImageNotFound, PatternMatchesNothing, UsageError } from '../shared/errors.js';
import { parseReference } from './reference.js';
import { patternToRegExp } from '../shared/glob.js';
import { readTextFile } from '../shared/files.js';

const GLOB = /[*?]/;

export function isPattern(input: string): boolean {
  return GLOB.test(input);
}

export function matchTags(pattern: string, repoTags: readonly string[]): string[] {
  const regex = patternToRegExp(pattern);
  return repoTags.filter((tag) => regex.test(tag)).sort();
}

/**
 * Expands the user's inputs into image references: plain references stay as given (validated), patterns become
 * every local repo tag they match. Duplicates are dropped, first occurrence kept. A pattern that matches nothing
 * is an input error naming it.
 */
export async function resolveInputs(client: DockerClient, inputs: readonly string[]): Promise<string[]> {
  const patterns = inputs.filter(isPattern);
  const localTags = patterns.length > 0 ? await listRepoTags(client) : [];
  const refs: string[] = [];
  for (const input of inputs) {
    if (!isPattern(input)) {
      parseReference(input);
      refs.push(input);
      continue;
    }
    const matches = matchTags(input, localTags);
    if (matches.length === 0) throw new PatternMatchesNothing(input, client.host);
    refs.push(...matches);
  }
  return [...new Set(refs)];
}

/** The image of every service in these compose files (their `image:`, or the image compose built). */
export async function composeInputs(client: DockerClient, files: readonly string[]): Promise<ComposeImage[]> {
  if (files.length === 0) return [];
  const projects = await Promise.all(files.map((file) => readComposeFile(file)));
  const localTags = await listRepoTags(client);
  return projects.flatMap((project) => composeImages(project, localTags));
}

async function listRepoTags(client: DockerClient): Promise<string[]> {
  const images = await callDaemon(client, 'image list', () => client.docker.listImages());
  return images.flatMap((image) => image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');
}

/** `--from-file`: one reference or pattern per line; blank lines and `#` comments are skipped. */
export async function readInputsFile(path: string): Promise<string[]> {
  const text = await readTextFile(path, (reason) => new UsageError(`cannot read --from-file ${path}: ${reason}`));
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

const ID_PREFIX = /^(?:sha256:)?([0-9a-f]{1,64})$/;

/**
 * Why the engine found no image for `ref`: ambiguous when it reads as an id prefix that several images start with
 * (the engine answers "no such image" then too), else not found.
 */
export async function notFoundReason(client: DockerClient, ref: string): Promise<ImageNotFound | AmbiguousImageId> {
  const prefix = ID_PREFIX.exec(ref)?.[1];
  if (prefix === undefined) return new ImageNotFound(ref, client.host);
  const images = await callDaemon(client, 'image list', () => client.docker.listImages({ all: true })).catch(() => []);
  const matches = [
    ...new Set(images.map((image) => image.Id).filter((id) => id.replace(/^sha256:/, '').startsWith(prefix))),
  ];
  return matches.length > 1 ? new AmbiguousImageId(ref, matches) : new ImageNotFound(ref, client.host);
}

import { InvalidReference } from '../shared/errors.js';

/** A parsed image reference, following the grammar of distribution/reference. */
export interface ImageReference {
  readonly raw: string;
  /** `sha256:<hex>` or a hex prefix the daemon resolves as an image id. */
  readonly isId: boolean;
  readonly domain: string | null;
  readonly path: string;
  readonly tag: string | null;
  readonly digest: string | null;
}

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}';

const ID_PATTERN = /^(?:sha256:)?[a-f0-9]{12,64}$/;
const PATH_PATTERN = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_PATTERN = new RegExp(`^${DOMAIN}$`);
const TAG_PATTERN = new RegExp(`^${TAG}$`);
const DIGEST_PATTERN = new RegExp(`^${DIGEST}$`);
const MAX_NAME_LENGTH = 255;

/** Parses a reference as `docker` would accept it; throws InvalidReference with the reason otherwise. */
export function parseReference(raw: string): ImageReference {
  const invalid = (reason: string) => new InvalidReference(raw, reason);
  if (raw.trim() === '') throw invalid('it is empty');
  if (raw !== raw.trim() || /\s/.test(raw)) throw invalid('it contains white space');
  if (ID_PATTERN.test(raw)) return { raw, isId: true, domain: null, path: raw, tag: null, digest: null };

  let rest = raw;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_PATTERN.test(digest)) throw invalid(`"${digest}" is not a digest (algorithm:hex)`);
  }

  let tag: string | null = null;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG_PATTERN.test(tag)) throw invalid(`"${tag}" is not a valid tag`);
  }

  let domain: string | null = null;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || /[A-Z]/.test(first)) {
      domain = first;
      rest = rest.slice(slash + 1);
      if (!DOMAIN_PATTERN.test(domain)) throw invalid(`"${domain}" is not a valid registry host`);
    }
  }

  if (rest === '') throw invalid('it has no repository name');
  if (/[A-Z]/.test(rest)) throw invalid('repository names must be lowercase');
  if (!PATH_PATTERN.test(rest))
    throw invalid('the repository name may hold only a-z, 0-9, and single . _ - / separators');
  if ((domain ? domain.length + 1 : 0) + rest.length > MAX_NAME_LENGTH)
    throw invalid(`the name is longer than ${MAX_NAME_LENGTH} characters`);
  return { raw, isId: false, domain, path: rest, tag, digest };
}

/** The tag a daemon resolves: none for ids and digests (a digest wins over a tag), else the tag or `latest`. */
export function effectiveTag(ref: ImageReference): string | null {
  if (ref.isId || ref.digest) return null;
  return ref.tag ?? 'latest';
}

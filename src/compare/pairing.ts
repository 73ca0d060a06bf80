import { parseReference } from '../docker/reference.js';

export interface Pairable {
  readonly ref: string;
  readonly id: string;
}

export interface Pairing<O, N> {
  /** [old, new], in the order of the new images. */
  readonly pairs: readonly (readonly [O, N])[];
  /** New images with no old counterpart: a new service. */
  readonly added: readonly N[];
  /** Old images with no new counterpart. */
  readonly removed: readonly O[];
}

/**
 * Which image of an earlier run (a baseline, OLD of a diff) each image of this run is compared with. One image on
 * each side: they pair whatever their names. Otherwise the same reference pairs first, then the same image id,
 * then the same repository (`myorg/api:pr-12` with `myorg/api:main`), each old image at most once, in order.
 */
export function pairImages<O extends Pairable, N extends Pairable>(
  oldImages: readonly O[],
  newImages: readonly N[],
): Pairing<O, N> {
  if (oldImages.length === 1 && newImages.length === 1)
    return { pairs: [[oldImages[0]!, newImages[0]!]], added: [], removed: [] };
  const unpaired = [...oldImages];
  const partner = new Map<N, O>();
  const pairBy = (key: (image: Pairable) => string) => {
    for (const image of newImages) {
      if (partner.has(image)) continue;
      const index = unpaired.findIndex((candidate) => key(candidate) === key(image));
      if (index !== -1) partner.set(image, unpaired.splice(index, 1)[0]!);
    }
  };
  pairBy((image) => image.ref);
  pairBy((image) => image.id);
  pairBy((image) => repositoryOf(image.ref));
  return {
    pairs: newImages.flatMap((image) => {
      const oldImage = partner.get(image);
      return oldImage ? [[oldImage, image] as const] : [];
    }),
    added: newImages.filter((image) => !partner.has(image)),
    removed: unpaired,
  };
}

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `nginx:1.27` and `docker.io/library/nginx@sha256:…` are the same repository; an id or an unparsable ref is only itself. */
export function repositoryOf(ref: string): string {
  try {
    const parsed = parseReference(ref);
    if (parsed.isId) return ref;
    if (parsed.domain !== null && !DOCKER_HUB.has(parsed.domain)) return `${parsed.domain}/${parsed.path}`;
    return `docker.io/${parsed.path.includes('/') ? parsed.path : `library/${parsed.path}`}`;
  } catch {
    return ref;
  }
}

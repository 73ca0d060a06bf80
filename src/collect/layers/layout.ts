import { ImageStreamError } from '../../shared/errors.js';
import { normalise } from './merge.js';

/** One image of a saved archive or OCI layout, as its manifest and config describe it. */
export interface SavedImageEntry {
  /** `sha256:<hex>` of the image config: the image id. Null when the manifest does not name its config. */
  readonly id: string | null;
  /** Where the config is in the archive; null when the manifest does not name it. */
  readonly configPath: string | null;
  /** Where each layer is in the archive (links followed), bottom first. */
  readonly layerPaths: readonly string[];
  /** The config's `rootfs.diff_ids`, bottom first; null when the config does not list them. */
  readonly diffIds: readonly string[] | null;
  readonly layerHistoryIndex: readonly (number | null)[];
  /**
   * For each layer, true when it is foreign or non-distributable (Windows base layers, `urls` instead of bytes):
   * left out of archives by design.
   */
  readonly foreign: readonly boolean[];
  /** Names the archive gives the image: RepoTags, or the index's `io.containerd.image.name` / `ref.name`. */
  readonly names: readonly string[];
  /** `os/architecture[/variant]` from the index or the config; null when neither says. */
  readonly platform: string | null;
  /**
   * Which top-level entry of index.json (or manifest.json) this image came from: the platforms of one
   * multi-platform image share it.
   */
  readonly group: number;
}

/** The JSON documents of an archive by path, and its symlinks (legacy layer paths may link into blobs/). */
export interface ArchiveDocuments {
  readonly json: (path: string) => unknown;
  readonly links: ReadonlyMap<string, string>;
}

const ATTESTATION_LAYER = 'application/vnd.in-toto+json';
const FOREIGN_LAYER = /\.foreign\.|nondistributable/;

/**
 * The images the archive's manifest.json (legacy) or index.json (OCI) describe. Every JSON document comes from the
 * image, so each value is checked for the shape it must have; anything else counts as absent. Attestation manifests
 * (BuildKit's provenance and SBOMs) are not images and are left out.
 */
export function findImages({ json, links }: ArchiveDocuments): SavedImageEntry[] {
  const follow = (path: string) => json(links.get(path) ?? path);
  const entry = (fields: {
    id: string | null;
    configPath: string | null;
    layerPaths: readonly string[];
    foreign: (diffId: string | undefined, index: number) => boolean;
    names: readonly string[];
    platform: string | null;
    group: number;
  }): SavedImageEntry => {
    const config = fields.configPath ? follow(fields.configPath) : undefined;
    const paths = fields.layerPaths.map((path) => links.get(path) ?? path);
    const listed = field(field(config, 'rootfs'), 'diff_ids');
    const diffIds = isStrings(listed) && listed.length === paths.length ? listed : null;
    return {
      id: fields.id,
      configPath: fields.configPath,
      layerPaths: paths,
      diffIds,
      layerHistoryIndex: historyIndexes(field(config, 'history'), paths.length),
      foreign: paths.map((_, index) => fields.foreign(diffIds?.[index], index)),
      names: fields.names,
      platform: fields.platform ?? platformOf(config),
      group: fields.group,
    };
  };
  const manifest = json('manifest.json');
  if (Array.isArray(manifest) && manifest.length > 0 && manifest.every((image) => isStrings(field(image, 'Layers')))) {
    return manifest.map((image, group) => {
      const config = field(image, 'Config');
      const configPath = typeof config === 'string' && config !== '' ? normalise(config) : null;
      const hex = configPath ? /([0-9a-f]{64})(?:\.json)?$/.exec(configPath)?.[1] : undefined;
      const sources = field(image, 'LayerSources');
      const tags = field(image, 'RepoTags');
      return entry({
        id: hex ? `sha256:${hex}` : null,
        configPath,
        layerPaths: (field(image, 'Layers') as string[]).map(normalise),
        foreign: (diffId) => diffId !== undefined && isForeign(field(field(sources, diffId), 'mediaType')),
        names: isStrings(tags) ? tags : [],
        platform: null,
        group,
      });
    });
  }
  const images: SavedImageEntry[] = [];
  // index.json lists one manifest per image, or an image index first (multi-platform, or Docker 25+'s image plus
  // its attestations): a few hops at most.
  const visit = (node: unknown, hops: number, group: number, names: readonly string[], platform: string | null) => {
    if (hops > 4) return;
    const layers = field(node, 'layers');
    if (Array.isArray(layers)) {
      const types = layers.map((layer) => field(layer, 'mediaType'));
      if (types.includes(ATTESTATION_LAYER)) return;
      const digests = layers.map((layer) => field(layer, 'digest'));
      if (!isStrings(digests)) return;
      const configDigest = field(field(node, 'config'), 'digest');
      const id = typeof configDigest === 'string' ? configDigest : null;
      images.push(
        entry({
          id,
          configPath: id ? blobPath(id) : null,
          layerPaths: digests.map(blobPath),
          foreign: (_, index) => isForeign(types[index]),
          names,
          platform,
          group,
        }),
      );
      return;
    }
    const manifests = field(node, 'manifests');
    if (!Array.isArray(manifests)) return;
    manifests.forEach((child, index) => {
      const digest = field(child, 'digest');
      if (typeof digest !== 'string' || isAttestation(child)) return;
      visit(
        follow(blobPath(digest)),
        hops + 1,
        hops === 0 ? index : group,
        hops === 0 ? namesOf(field(child, 'annotations')) : names,
        platformOf(field(child, 'platform')) ?? platform,
      );
    });
  };
  visit(json('index.json'), 0, 0, [], null);
  if (images.length > 0) return images;
  throw new ImageStreamError('the image stream has no manifest.json or OCI index.json: not a docker save archive');
}

/** A descriptor of BuildKit's attestations (provenance, SBOM): annotated so, or of the platform unknown/unknown. */
function isAttestation(descriptor: unknown): boolean {
  if (field(field(descriptor, 'annotations'), 'vnd.docker.reference.type') === 'attestation-manifest') return true;
  const platform = field(descriptor, 'platform');
  return field(platform, 'os') === 'unknown' && field(platform, 'architecture') === 'unknown';
}

function isForeign(mediaType: unknown): boolean {
  return typeof mediaType === 'string' && FOREIGN_LAYER.test(mediaType);
}

/** `io.containerd.image.name` (a full reference), else `org.opencontainers.image.ref.name` (a reference or a tag). */
function namesOf(annotations: unknown): string[] {
  const full = field(annotations, 'io.containerd.image.name');
  if (typeof full === 'string' && full !== '') return [familiar(full)];
  const ref = field(annotations, 'org.opencontainers.image.ref.name');
  return typeof ref === 'string' && ref !== '' ? [ref] : [];
}

/** `docker.io/library/nginx:1` → `nginx:1`, as the engine shows its tags. */
function familiar(name: string): string {
  return name.replace(/^docker\.io\//, '').replace(/^library\/(?=[^/]+$)/, '');
}

/** `os/architecture[/variant]` of a descriptor's platform or an image config; null without both. */
export function platformOf(value: unknown): string | null {
  const os = field(value, 'os');
  const architecture = field(value, 'architecture');
  if (typeof os !== 'string' || typeof architecture !== 'string' || os === '' || architecture === '') return null;
  const variant = field(value, 'variant');
  return [os, architecture, ...(typeof variant === 'string' && variant !== '' ? [variant] : [])].join('/');
}

/** Node's name for the processor → the OCI architecture. */
const ARCHITECTURES: Readonly<Record<string, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

/** The platform an engine on this machine would run: what a multi-platform archive is read for by default. */
export function hostPlatform(arch: string = process.arch): string {
  return `linux/${ARCHITECTURES[arch] ?? arch}`;
}

/** `linux/arm64` matches `linux/arm64/v8`; a wanted variant must match. */
export function platformMatches(platform: string | null, wanted: string): boolean {
  if (platform === null) return false;
  const [os, architecture, variant] = platform.split('/');
  const [wantedOs, wantedArchitecture, wantedVariant] = wanted.split('/');
  return os === wantedOs && architecture === wantedArchitecture && (!wantedVariant || variant === wantedVariant);
}

/** One image per top-level entry: a multi-platform image's only platform, else the one that matches `platform`. */
export function selectPlatform(
  images: readonly SavedImageEntry[],
  platform: string,
): { readonly images: SavedImageEntry[]; readonly missing: readonly string[][] } {
  const groups = new Map<number, SavedImageEntry[]>();
  for (const image of images) groups.set(image.group, [...(groups.get(image.group) ?? []), image]);
  const selected: SavedImageEntry[] = [];
  const missing: string[][] = [];
  for (const group of groups.values()) {
    if (group.length === 1) selected.push(group[0]!);
    else {
      const match = group.find((image) => platformMatches(image.platform, platform));
      if (match) selected.push(match);
      else missing.push(group.map((image) => image.platform ?? 'unknown'));
    }
  }
  return { images: selected, missing };
}

/** `value[key]` when value is a JSON object; undefined otherwise. */
export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

export function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}

/** The n-th step without `empty_layer` made the n-th layer. */
function historyIndexes(history: unknown, layerCount: number): (number | null)[] {
  const steps = (Array.isArray(history) ? history : []).flatMap((step, index) =>
    field(step, 'empty_layer') === true ? [] : [index],
  );
  if (steps.length !== layerCount) return Array.from({ length: layerCount }, () => null);
  return steps;
}

/** Not every JSON-looking blob matters; one that does and is broken is reported missing by the layout. */
export function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

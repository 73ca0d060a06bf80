import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { parseRegistryReference, registryName } from '../../docker/registry-reference.js';
import { createSlots, type Slots } from '../../shared/async.js';
import { RegistryError } from '../../shared/errors.js';
import { describeInputImage, type InputImage } from '../input/images.js';
import type { InputSource } from '../input/source.js';
import { blobPath, findImages, parseJson } from '../layers/layout.js';
import { RegistryClient } from './client.js';
import { choosePlatform, parseManifest, type Descriptor, type ParsedManifest } from './manifest.js';

export interface RegistryImageOptions {
  /** `os/arch[/variant]` of a multi-platform image. */
  readonly platform: string;
  /** Registries (`host[:port]`) where plain HTTP is allowed; `*`: every one. */
  readonly insecureRegistries: readonly string[];
  readonly timeoutMs: number;
  /** Where config.json is (default `$DOCKER_CONFIG`, else `~/.docker`). */
  readonly configDir?: string;
  /** Layer blobs in flight across every registry image of the run (default: this image's own four). */
  readonly layerSlots?: Slots;
}

/** Layers of one registry image fetched at once: each is scanned as it streams. */
export const REGISTRY_LAYER_CONCURRENCY = 4;
const INDEX_HOPS = 2;
const FOREIGN_LAYER = /\.foreign\.|nondistributable/;

/**
 * One image of a registry (`registry://HOST/REPO:TAG`, or a plain reference with `--source registry`): its manifest
 * (of `platform` when the reference names an index), its config blob, and a source that streams its layer blobs,
 * so the same path as `--input` audits it with no engine.
 */
export async function readRegistryImage(raw: string, options: RegistryImageOptions): Promise<InputImage> {
  const ref = parseRegistryReference(raw);
  const name = registryName(ref);
  const client = new RegistryClient(ref.registry, ref.repository, {
    insecure: options.insecureRegistries.includes('*') || options.insecureRegistries.includes(ref.registry),
    timeoutMs: options.timeoutMs,
    ...(options.configDir ? { configDir: options.configDir } : {}),
  });
  const slots = options.layerSlots ?? createSlots(REGISTRY_LAYER_CONCURRENCY);
  let wanted = ref.digest ?? ref.tag!;
  let topDigest: string | null = null;
  let manifest: ParsedManifest;
  let manifestDigest: string;
  let platform: string | null = null;
  for (let hop = 0; ; hop++) {
    const { bytes, contentType } = await client.manifest(wanted, name);
    manifestDigest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (wanted.startsWith('sha256:') && wanted !== manifestDigest)
      throw new RegistryError(`the manifest of ${name} from ${ref.registry} does not match its digest ${wanted}`);
    topDigest ??= manifestDigest;
    manifest = parseManifest(bytes, contentType, name);
    if (manifest.document.kind === 'manifest') break;
    if (hop >= INDEX_HOPS) throw new RegistryError(`${name}: indexes nested more than ${INDEX_HOPS} deep`);
    const chosen = choosePlatform(manifest.document.manifests, options.platform, name);
    platform = chosen.platform;
    wanted = chosen.digest;
  }
  const { config, layers } = manifest.document;
  const configBytes = await client.document(config.digest, `the config of ${name}`);
  // A foreign layer (Windows base layers) is not in the registry by design: it stands unread, as in an archive.
  const fetchable = layers.filter((layer) => !FOREIGN_LAYER.test(layer.mediaType));
  const blobs = new Map<string, Descriptor>([config, ...fetchable].map((blob) => [blobPath(blob.digest), blob]));
  const documents = new Map<string, unknown>([
    [
      'index.json',
      {
        schemaVersion: 2,
        manifests: [
          {
            digest: manifestDigest,
            ...(platform ? { platform: platformObject(platform) } : {}),
            annotations: { 'org.opencontainers.image.ref.name': name },
          },
        ],
      },
    ],
    [blobPath(manifestDigest), manifest.json],
    [blobPath(config.digest), parseJson(configBytes)],
  ]);
  const archive = { json: (path: string) => documents.get(path), links: new Map<string, string>() };
  const source: InputSource = {
    path: raw,
    format: 'registry',
    links: archive.links,
    concurrency: REGISTRY_LAYER_CONCURRENCY,
    size: (path) => Promise.resolve(blobs.get(path)?.size),
    read: async (path) => client.document(blobs.get(path)!.digest, `the blob ${path} of ${name}`),
    stream: (path) => {
      const blob = blobs.get(path)!;
      return lazyStream(slots, () => client.blobStream(blob.digest, blob.size, `the layer ${blob.digest} of ${name}`));
    },
  };
  const [entry] = findImages(archive);
  const image = await describeInputImage(source, archive, entry!, 1);
  // As the engine shows a pulled image: its name with the digest of what the tag points at (an index, or the manifest).
  const inspect = { ...image.inspect, RepoDigests: [`${ref.registry}/${ref.repository}@${topDigest}`] };
  return { ...image, ref: raw, inspect, input: { path: raw, format: 'registry', name } };
}

function platformObject(platform: string): Record<string, string> {
  const [os, architecture, variant] = platform.split('/');
  return { os: os!, architecture: architecture!, ...(variant ? { variant } : {}) };
}

/**
 * A stream at once, its bytes from `open` once a slot is free and it resolves; the slot is freed when the stream
 * closes. An error of `open` fails the stream.
 */
function lazyStream(slots: Slots, open: () => Promise<Readable>): Readable {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  void slots.acquire().then((release) => {
    out.on('close', release);
    if (out.destroyed) return release();
    open().then(
      (stream) => {
        stream.on('error', (error) => out.destroy(error));
        out.on('close', () => stream.destroy());
        stream.pipe(out);
      },
      (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  });
  return out;
}

import { findBase, type GivenBase } from './collect/config/base.js';
import { inspectBaseImage } from './collect/config/base-image.js';
import { withLayerSizes } from './collect/config/config-blob.js';
import {
  configFactsFrom,
  imageIdentity,
  inspectImage,
  withHistory,
  type InspectFields,
} from './collect/config/image-config.js';
import { createLayerStore, filesystemFacts } from './collect/filesystem/scan.js';
import { readInput, readInputLayers, type InputImage } from './collect/input/images.js';
import type { InputSource } from './collect/input/source.js';
import { defaultCacheDir } from './collect/layers/cache.js';
import { hostPlatform } from './collect/layers/layout.js';
import type { ArchiveReader, LayerStore } from './collect/layers/store.js';
import type { LayerStoreStats } from './collect/layers/types.js';
import type { RuntimeOptions } from './collect/runtime/options.js';
import type { SweepResult } from './collect/runtime/labels.js';
import { baselinesFor, countProblems } from './compare/baseline.js';
import { buildSourceFor, settingsFor, vulnReportFor } from './config/settings.js';
import type { BuildFacts, BuildSource } from './collect/dockerfile/index.js';
import type { BaseFindings, ImgauditConfig } from './config/types.js';
import { createDockerClient, type DockerClient } from './docker/client.js';
import { engineOf } from './docker/engine.js';
import { UsageError } from './shared/errors.js';
import { parseReference } from './docker/reference.js';
import { isRegistryReference, parseRegistryReference } from './docker/registry-reference.js';
import { readRegistryImage, REGISTRY_LAYER_CONCURRENCY } from './collect/registry/image.js';
import { composeInputs, isPattern, resolveInputs } from './docker/resolve.js';
import type { ConfigFacts, EngineFacts, ImageFacts, VulnerabilityFacts } from './facts.js';
import type { AuditReport, Gate, ImageResult } from './evaluate/result.js';
import type { RuleOptions } from './rules/support/types.js';
import { finalChain } from './rules/support/dockerfile.js';
import { isDay } from './rules/support/lifecycle.js';
import { createRedactor, secretValuesOf, type Redactor } from './secrets/redactor.js';
import { redactStrings } from './secrets/scrub.js';
import { TOOL_VERSION } from './shared/version.js';
import { createSlots, mapWithConcurrency, settleBoth } from './shared/async.js';

export interface AuditOptions {
  /** Rule thresholds (unset ones keep the configuration file's, else the defaults) and `now`, the day dates such as end of life are judged on (YYYY-MM-DD; default today, UTC). */
  readonly rules?: Partial<RuleOptions>;
  readonly gate?: Partial<Gate>;
  /** A loaded `.imgaudit.yml` (see loadConfig): thresholds, rule overrides, allowlists, per-image settings. Options above win. */
  readonly config?: ImgauditConfig | null;
  /** A report from an earlier run: only findings it does not hold (same rule and fingerprint) fail the gate. */
  readonly baseline?: { readonly file: string; readonly report: AuditReport };
  /** The docker context to use (as `docker --context`); default: DOCKER_HOST, else DOCKER_CONTEXT or the current one. */
  readonly context?: string;
  /** Deadline for each Docker engine call. */
  readonly timeoutMs?: number;
  /** Deadline for reading the run's whole layer stream (`docker save`), default 10 minutes; 0: none. */
  readonly scanTimeoutMs?: number;
  /**
   * A dockerode instance to use instead of one built from DOCKER_HOST (`new Docker({ socketPath })`). Typed as an
   * object so that imgaudit's types do not require dockerode's.
   */
  readonly docker?: object;
  /** Scan the image's files (one pass over its layer stream). Default true. */
  readonly filesystem?: boolean;
  /** How many images are audited at once (default 2: each runs two containers beside a layer scan). */
  readonly concurrency?: number;
  /** Compose files whose services' images are audited too (`image:`, or the image compose built). */
  readonly composeFiles?: readonly string[];
  /**
   * Image files audited without an engine (`--input`): a `docker save` archive (legacy or OCI layout), an OCI image
   * layout directory (`oci-layout`, `index.json`, `blobs/`) or its tar. Every image in each is audited; their
   * runtime phase is skipped, as nothing runs without an engine.
   */
  readonly inputs?: readonly string[];
  /**
   * Where plain references are read: `engine` (default, the Docker engine) or `registry` (each reference's registry,
   * as `docker pull` would name it, with no engine). A `registry://HOST/REPO:TAG` reference always reads its
   * registry.
   */
  readonly source?: 'engine' | 'registry';
  /** Registries (`host[:port]`, or `*` for all) that may be spoken to over plain HTTP; loopback ones always may. */
  readonly insecureRegistries?: readonly string[];
  /** Which platform of a multi-platform image in `inputs` or a registry is audited (`os/arch[/variant]`); default this machine's. */
  readonly platform?: string;
  /**
   * Load each image of `inputs` into the engine, without a name, for its runtime phase (`--load`); an image the
   * engine did not have is removed afterwards. Default false: their runtime phase is skipped.
   */
  readonly loadInputs?: boolean;
  /** Run the image (no network, bounded, always removed) with these options, or `false` to skip. Default: run. */
  readonly runtime?: false | Partial<RuntimeOptions>;
  /**
   * The per-layer scan cache: true (default) for `$IMGAUDIT_CACHE_DIR` or `~/.cache/imgaudit`, a directory, or
   * false to always read the layer stream.
   */
  readonly cache?: boolean | string;
  /**
   * The Dockerfile each image was built from (repository-relative), by reference; the key '' applies to every
   * image. Compose files add their services' own. Reported as `dockerfile` and used for SARIF locations.
   */
  readonly dockerfiles?: ReadonlyMap<string, string>;
  /**
   * The build context of each image's Dockerfile, by reference (key '' for every image), as `--build-context`:
   * default the compose service's, `images[].context` in `.imgaudit.yml`, else the Dockerfile's folder. A context
   * without a Dockerfile means its `Dockerfile`. The Dockerfile and context are read for the rules that need them.
   */
  readonly buildContexts?: ReadonlyMap<string, string>;
  /**
   * The image the audited images were built on (e.g. the Dockerfile's final FROM), a reference on the engine: where
   * its layers end, the image's own begin. Without it, or when its layers are not the first of an image, the history
   * says where the base probably ends (a guess, and the report says so). `images[].baseImage` in the configuration
   * sets it per image.
   */
  readonly baseImage?: string;
  /**
   * A vulnerability scanner's report of each image (trivy or grype JSON, or CycloneDX with vulnerabilities), by
   * reference; the key '' applies when one image is audited. `images[].vulnReport` in the configuration sets it per
   * image. Read before any layer: a missing or unreadable one is an input error. The vulnerability-scan rule judges it.
   */
  readonly vulnReports?: ReadonlyMap<string, string>;
  /** What findings from the base image alone do to the gate and the report (default `gate`: as any other). */
  readonly baseFindings?: BaseFindings;
  /** Told once the run is over how many layers were streamed and how many came from the caches. */
  readonly onLayerStats?: (stats: LayerStoreStats) => void;
  /** Told as each image moves through the stages, for a progress display. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Told what the sweep of containers left by ended runs on this host did (it runs when the runtime phase does). */
  readonly onSweep?: (result: SweepResult) => void;
}

/** resolving: inspect and history; layers: waiting for its layer scan; runtime: its containers run. */
export type AuditStage = 'resolving' | 'layers' | 'runtime' | 'done' | 'failed';

export interface ProgressEvent {
  readonly ref: string;
  readonly stage: AuditStage;
  /** Position of the image in the run, and how many there are. */
  readonly index: number;
  readonly total: number;
}

export const DEFAULT_CONCURRENCY = 2;

/**
 * Audits the images, `concurrency` at a time: resolve → collect → rules → score. `refs` are references or tag patterns
 * (`myorg/*`, `*:latest`). Throws typed errors (see docker/errors).
 */
export async function audit(refs: readonly string[], options: AuditOptions = {}): Promise<AuditReport> {
  const inputPaths = options.inputs ?? [];
  if (refs.length === 0 && (options.composeFiles ?? []).length === 0 && inputPaths.length === 0) {
    throw new UsageError('no image named: give at least one image reference, pattern, compose file or input');
  }
  const fromRegistryRefs = refs.filter((ref) => options.source === 'registry' || isRegistryReference(ref));
  const engineRefs = refs.filter((ref) => !fromRegistryRefs.includes(ref));
  for (const ref of fromRegistryRefs)
    if (isPattern(ref)) throw new UsageError(`a pattern (${ref}) selects tags on an engine, not in a registry`);
  // Malformed references fail before any daemon or registry call.
  engineRefs.filter((ref) => !isPattern(ref)).forEach(parseReference);
  fromRegistryRefs.forEach(parseRegistryReference);
  if (options.baseImage !== undefined) parseReference(options.baseImage);
  // The one clock reading of an audit: the rules judge dates (end of life) against this day, never the clock.
  const explicit = {
    rules: { ...options.rules, now: evaluationDay(options.rules?.now) },
    gate: options.gate,
    runtime: options.runtime,
    baseImage: options.baseImage,
    baseFindings: options.baseFindings,
  };
  const config = options.config ?? null;
  const gate = settingsFor('', [], config, explicit).gate;
  const client = createDockerClient({ timeoutMs: options.timeoutMs, docker: options.docker, context: options.context });
  const composed = await composeInputs(client, options.composeFiles ?? []);
  const fromEngine = await resolveInputs(client, [...engineRefs, ...composed.map((image) => image.ref)]);
  const platform = options.platform ?? hostPlatform();
  const fromArchives = (await Promise.all(inputPaths.map((path) => readInput(path, platform)))).flat();
  // The layer blobs of every registry image share four connections: a fleet of images is no flood of requests.
  const layerSlots = createSlots(REGISTRY_LAYER_CONCURRENCY);
  const fromRegistry = await mapWithConcurrency(fromRegistryRefs, CONFIG_CONCURRENCY, (ref) =>
    readRegistryImage(ref, {
      platform,
      layerSlots,
      insecureRegistries: options.insecureRegistries ?? [],
      timeoutMs: options.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS,
    }),
  );
  const fromFiles = [...fromArchives, ...fromRegistry];
  const selected = [...fromEngine, ...fromFiles.map((image) => image.ref)];
  /** The image read from a file at this position of the run; undefined for one on the engine. */
  const inputAt = (index: number): InputImage | undefined => fromFiles[index - fromEngine.length];
  const dockerfiles = new Map<string, string>();
  const composeContexts = new Map<string, string>();
  const substituted = new Map<string, readonly string[]>();
  for (const { ref, dockerfile, buildContext, substituted: values } of composed) {
    if (dockerfile) dockerfiles.set(ref, dockerfile);
    if (dockerfile && buildContext) composeContexts.set(ref, buildContext);
    substituted.set(ref, [...(substituted.get(ref) ?? []), ...values]);
  }
  for (const [ref, dockerfile] of options.dockerfiles ?? []) dockerfiles.set(ref, dockerfile);
  const contexts = options.buildContexts ?? new Map<string, string>();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  // A compose variable may have put a secret into a reference: the progress display shows it redacted, as the report does.
  const shownRefs = selected.map((ref) => createRedactor(secretValuesOf(substituted.get(ref) ?? []))(ref));
  const progress = (index: number, stage: AuditStage) =>
    options.onProgress?.({ ref: shownRefs[index]!, stage, index, total: selected.length });
  selected.forEach((_, index) => progress(index, 'resolving'));
  const inspections = await mapWithConcurrency(
    selected,
    CONFIG_CONCURRENCY,
    async (ref, index): Promise<InspectFields> => inputAt(index)?.inspect ?? inspectImage(client, ref),
  );
  const identities = inspections.map(imageIdentity);
  // Each image's Dockerfile and context, read once each before any layer is read: a missing one is exit 2 now.
  const buildSources = selected.map((ref, index) =>
    buildSourceOf(
      ref,
      dockerfiles,
      composeContexts,
      contexts,
      buildSourceFor(ref, identities[index]!.repoTags, config),
    ),
  );
  const builds = await collectBuilds(buildSources);
  const vulnerabilities = await readVulnReports(
    selected.map((ref, index) =>
      vulnReportOf(ref, options.vulnReports, vulnReportFor(ref, identities[index]!.repoTags, config)),
    ),
    selected.length,
    options.vulnReports,
  );
  // Settings are known (and their errors raised) before any layer is read or container started.
  const settings = selected.map((ref, index) =>
    settingsFor(
      ref,
      identities[index]!.repoTags,
      config,
      inputAt(index) && !options.loadInputs ? { ...explicit, runtime: false } : explicit,
    ),
  );
  // One redactor per image: the finders plus the secret values of its ENV, of --env and of compose variables.
  const redactors = selected.map((ref, index) =>
    createRedactor(
      secretValuesOf([
        ...(inspections[index]!.Config?.Env ?? []),
        ...(settings[index]!.runtime?.env ?? []),
        ...(substituted.get(ref) ?? []),
      ]),
    ),
  );
  // Before any container of this run exists; housekeeping that never fails the audit.
  const swept = settings.some((setting) => setting.runtime !== null)
    ? import('./collect/runtime/sweep.js')
        .then(({ sweepLeftovers }) => sweepLeftovers(client))
        .then(options.onSweep)
        .catch(() => undefined)
    : undefined;
  // Asked once (the inspections above did when the engine served an image); an --input run asks only to run one.
  const engine =
    fromEngine.length > 0 || settings.some((setting) => setting.runtime !== null) ? await engineOf(client) : null;
  const baselines = options.baseline
    ? baselinesFor(
        options.baseline.report,
        selected.map((ref, index) => ({ ref, id: identities[index]!.id })),
      )
    : null;
  const baseImages = once((reference: string) => inspectBaseImage(client, reference));
  const filesystem = options.filesystem ?? true;
  // Every image's layers in one go, requested first (the engine prepares the stream for a second or more): shared
  // layers are streamed and scanned once, cached ones not at all.
  const store = filesystem
    ? createLayerStore(client, { cacheDir: cacheDirOf(options.cache), scanTimeoutMs: options.scanTimeoutMs })
    : null;
  if (store) readFromFiles(store, fromFiles);
  const layersLoaded = store ? store.load(identities) : null;
  layersLoaded?.catch(() => undefined);
  let images: ImageResult[];
  try {
    // The history and the rules while the engine prepares the stream.
    const configs = await mapWithConcurrency(selected, CONFIG_CONCURRENCY, async (ref, index) => {
      const input = inputAt(index);
      return input ? configFactsFrom(input.inspect, input.history) : withHistory(client, ref, inspections[index]!);
    });
    const { evaluate } = await import('./evaluate/evaluate.js');
    await swept;
    images = await mapWithConcurrency(selected, concurrency, async (ref, index) => {
      try {
        const stage = (next: AuditStage) => progress(index, next);
        const redact = redactors[index]!;
        const build = builds[index];
        const image = await collectImage(configs[index]!, ref, {
          client,
          input: inputAt(index),
          runtime: settings[index]!.runtime,
          engine,
          store,
          layersLoaded,
          stage,
          redact,
        });
        const withBuild = build ? { ...image, dockerfile: build.dockerfile, buildContext: build.buildContext } : image;
        const scanned = vulnerabilities[index];
        const collected = scanned ? { ...withBuild, vulnerabilities: scanned } : withBuild;
        // The base named in the settings, else the Dockerfile's final FROM (a note says so when it is not on the engine).
        const baseImage = settings[index]!.baseImage ?? dockerfileBase(build);
        const given = baseImage === null ? undefined : await baseImages(baseImage);
        const withBase = {
          ...collected,
          config: { ...collected.config, base: baseOf(collected, inputAt(index), given) },
        };
        // The one pass over everything that came from the image or its environment, before any rule, report or cache.
        const facts = redactStrings(withBase, redact);
        const audited = evaluate(facts, settings[index], baselines?.[index]);
        const dockerfile = buildSources[index]?.dockerfile;
        const result = dockerfile ? { ...audited, dockerfile } : audited;
        progress(index, 'done');
        return result;
      } catch (error) {
        progress(index, 'failed');
        throw error;
      }
    });
  } finally {
    // A failed run still waits for the stream it started and for its cache writes: nothing is left half-written.
    await layersLoaded?.catch(() => undefined);
    await store?.flush();
    if (store) options.onLayerStats?.(store.stats);
  }
  return {
    schemaVersion: 1,
    tool: { name: 'imgaudit', version: TOOL_VERSION },
    gate,
    passed: images.every((image) => image.passed),
    ...(options.baseline
      ? { baseline: { file: options.baseline.file, findings: countProblems(options.baseline.report) } }
      : {}),
    images,
  };
}

const CONFIG_CONCURRENCY = 8;

/** The day the rules judge on: the caller's (`rules.now`, YYYY-MM-DD), else today's in UTC. */
function evaluationDay(given: string | undefined): string {
  if (given === undefined) return new Date().toISOString().slice(0, 10);
  if (!isDay(given)) throw new UsageError(`rules.now must be a day as YYYY-MM-DD, got ${JSON.stringify(given)}`);
  return given;
}

/**
 * Where an image was built from: `--dockerfile IMAGE=` or its compose service, else `images[].dockerfile`, else
 * `--dockerfile PATH`; its context likewise, else the Dockerfile's folder. A context alone means its `Dockerfile`.
 */
function buildSourceOf(
  ref: string,
  dockerfiles: ReadonlyMap<string, string>,
  composeContexts: ReadonlyMap<string, string>,
  contexts: ReadonlyMap<string, string>,
  fromConfig: { readonly dockerfile?: string; readonly context?: string },
): BuildSource | undefined {
  const context = contexts.get(ref) ?? composeContexts.get(ref) ?? fromConfig.context ?? contexts.get('');
  const dockerfile =
    dockerfiles.get(ref) ??
    fromConfig.dockerfile ??
    dockerfiles.get('') ??
    (context !== undefined ? `${context.replace(/\/+$/, '')}/Dockerfile` : undefined);
  if (dockerfile === undefined) return undefined;
  return context === undefined ? { dockerfile } : { dockerfile, context };
}

/** An image's vulnerability report: `--vuln-report IMAGE=FILE`, else `images[].vulnReport`, else `--vuln-report FILE`. */
function vulnReportOf(
  ref: string,
  given: ReadonlyMap<string, string> | undefined,
  fromConfig: string | undefined,
): string | undefined {
  return given?.get(ref) ?? fromConfig ?? given?.get('');
}

/** Each distinct report read once; `--vuln-report FILE` without an image names one image's scan, so one image only. */
async function readVulnReports(
  paths: readonly (string | undefined)[],
  imageCount: number,
  given: ReadonlyMap<string, string> | undefined,
): Promise<(VulnerabilityFacts | undefined)[]> {
  const forAll = given?.get('');
  if (forAll !== undefined && imageCount > 1)
    throw new UsageError(
      `--vuln-report ${forAll} is one image's scan, and ${imageCount} images are audited: give IMAGE=FILE ` +
        '(or images[].vulnReport in .imgaudit.yml)',
    );
  if (paths.every((path) => path === undefined)) return paths.map(() => undefined);
  const { readVulnerabilityReport } = await import('./collect/vulnerabilities/index.js');
  const read = new Map<string, Promise<VulnerabilityFacts>>();
  return Promise.all(
    paths.map(async (path) => {
      if (path === undefined) return undefined;
      if (!read.has(path)) read.set(path, readVulnerabilityReport(path));
      return read.get(path)!;
    }),
  );
}

/** Each distinct Dockerfile and context read once, whatever the number of images built from it. */
async function collectBuilds(sources: readonly (BuildSource | undefined)[]): Promise<(BuildFacts | undefined)[]> {
  if (sources.every((source) => source === undefined)) return sources.map(() => undefined);
  const { collectBuild, contextOf } = await import('./collect/dockerfile/index.js');
  const read = new Map<string, Promise<BuildFacts>>();
  return Promise.all(
    sources.map(async (source) => {
      if (!source) return undefined;
      const key = `${source.dockerfile}\0${contextOf(source)}`;
      if (!read.has(key)) read.set(key, collectBuild(source));
      return read.get(key)!;
    }),
  );
}

/**
 * The image the Dockerfile's final stage starts from, following `FROM <stage>` back (`scratch` included); null
 * without a Dockerfile or when an ARG in that FROM has no value.
 */
function dockerfileBase(build: BuildFacts | undefined): string | null {
  const root = build ? finalChain(build.dockerfile).at(-1) : undefined;
  if (!root || root.from.kind === 'stage' || root.from.unresolved.length > 0) return null;
  return root.from.kind === 'scratch' ? 'scratch' : root.from.resolved;
}

/** Each base image read once however many images name it. */
function once<T>(read: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const known = new Map<string, Promise<T>>();
  return (key) => {
    let value = known.get(key);
    if (!value) known.set(key, (value = read(key)));
    return value;
  };
}

/** The base boundary, from the step that made each layer when the image's config said (the scan or the file read it). */
function baseOf(facts: ImageFacts, input: InputImage | undefined, given: GivenBase | undefined) {
  const scanned = facts.filesystem?.layers.map((layer) => layer.historyIndex ?? null);
  return findBase(facts.config, scanned ?? input?.entry.layerHistoryIndex ?? null, given);
}

function cacheDirOf(cache: AuditOptions['cache']): string | null {
  if (cache === false) return null;
  return typeof cache === 'string' ? cache : defaultCacheDir();
}

/** The images of each `--input` file read their layers from it, all of that file's images in one read. */
function readFromFiles(store: LayerStore, images: readonly InputImage[]): void {
  const readers = new Map<InputSource, ArchiveReader>();
  for (const image of images) {
    let read = readers.get(image.source);
    if (!read) {
      const ofSource = images.filter((other) => other.source === image.source).map((other) => other.entry);
      read = (wanted, wants) =>
        readInputLayers(
          image.source,
          ofSource.filter((entry) => wanted.some((config) => config.id === entry.id)),
          wants,
        );
      readers.set(image.source, read);
    }
    store.readFrom(
      image.entry.id,
      { diffIds: image.entry.diffIds, layerHistoryIndex: image.entry.layerHistoryIndex },
      read,
    );
  }
}

/** Why an image read from a file (`--input`) has no runtime facts. */
export const INPUT_RUNTIME_SKIPPED = 'the image came from --input: nothing runs without an engine';

/** Why an image read from a registry has no runtime facts. */
export const REGISTRY_RUNTIME_SKIPPED = 'the image came from a registry: nothing runs without an engine';

const DEFAULT_REGISTRY_TIMEOUT_MS = 30_000;

interface RunContext {
  readonly client: DockerClient;
  /** Set when the image came from a file (`--input`). */
  readonly input: InputImage | undefined;
  /** Null: this image's runtime phase does not run. */
  readonly runtime: RuntimeOptions | null;
  /** The engine, when it was asked (see engineOf). */
  readonly engine: EngineFacts | null;
  readonly store: LayerStore | null;
  readonly layersLoaded: Promise<void> | null;
  readonly stage: (stage: AuditStage) => void;
  /** The image's redactor: the filesystem facts go through it before they are cached. */
  readonly redact: Redactor;
}

async function collectImage(config: ConfigFacts, ref: string, run: RunContext): Promise<ImageFacts> {
  const { store, layersLoaded } = run;
  let runtimeDone = run.runtime === null;
  run.stage(store ? 'layers' : 'runtime');
  // The layer scan streams while the containers run: they need different resources.
  const [filesystem, runtime] = await settleBoth(
    store && layersLoaded
      ? layersLoaded.then(() => {
          const facts = filesystemFacts(store, config, run.redact);
          if (!store.cachedFacts(config)) store.release(config);
          if (!runtimeDone) run.stage('runtime');
          return facts;
        })
      : undefined,
    run.runtime
      ? import('./collect/runtime/index.js')
          .then(({ collectRuntime }) =>
            run.input
              ? runLoaded(run.client, run.input, () => collectRuntime(run.client, config, run.runtime!))
              : collectRuntime(run.client, config, run.runtime!),
          )
          .finally(() => (runtimeDone = true))
      : undefined,
  );
  const input = run.input;
  const engine = run.engine && (!input || runtime) ? { engine: run.engine } : {};
  if (!input) return { ref, ...engine, config, ...(filesystem ? { filesystem } : {}), ...(runtime ? { runtime } : {}) };
  // The engine measures sizes in its layer store; from a file they are the scanned layers' (else the stored) bytes.
  const layerBytes = filesystem ? filesystem.layers.map((layer) => layer.fileBytes) : input.storedBytes;
  return {
    ref,
    input: input.input,
    ...(runtime
      ? { runtime }
      : {
          skipped: {
            runtime: input.input.format === 'registry' ? REGISTRY_RUNTIME_SKIPPED : INPUT_RUNTIME_SKIPPED,
          },
        }),
    ...engine,
    config: withLayerSizes(config, input.entry.layerHistoryIndex, layerBytes),
    ...(filesystem ? { filesystem } : {}),
  };
}

/** The runtime phase of an `--input` image with `--load`: loaded first, removed after when the engine lacked it. */
async function runLoaded<T>(client: DockerClient, input: InputImage, work: () => Promise<T>): Promise<T> {
  const { loadIntoEngine } = await import('./collect/input/load.js');
  const unload = await loadIntoEngine(client, input);
  try {
    return await work();
  } finally {
    await unload();
  }
}

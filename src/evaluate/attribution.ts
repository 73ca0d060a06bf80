import type { BaseFacts, ImageFacts } from '../facts.js';
import type { RuleId } from '../rules/index.js';
import type { Verdict } from '../rules/support/types.js';
import { parseHistoryStep, stepText } from '../secrets/history-step.js';
import { truncate } from '../shared/text.js';
import { dockerfileLines } from './dockerfile-steps.js';

/** Where one piece of evidence comes from. */
export type Subject =
  | { readonly path: string }
  | { readonly layer: number }
  | { readonly step: number }
  /** The last history step that set one of these instructions (for ENV and LABEL, this name). */
  | { readonly instructions: readonly string[]; readonly name?: string }
  /** The image as a whole (its size, its reference, a label it lacks, how it ran): the team's to decide. */
  | 'image';

/** Locates one evidence item; `evidence` is the whole list, for an item that heads the lines after it. */
type Locate = (item: string, index: number, facts: ImageFacts, evidence: readonly string[]) => Subject;

const isPath: Locate = (item) => ({ path: item });
const historyStep: Locate = (item) => {
  const step = /^history #(\d+)/.exec(item)?.[1] ?? / history #(\d+)/.exec(item)?.[1];
  return step === undefined ? 'image' : { step: Number(step) };
};
const user: Locate = (item) => (item.startsWith('USER ') ? { instructions: ['USER'] } : 'image');
const healthcheck: Locate = () => ({ instructions: ['HEALTHCHECK'] });

/**
 * What each rule's evidence items are about, read off the evidence and the facts the rule judged (its items follow
 * the order of those facts). A rule not listed judges the image as a whole: its findings are the image's own.
 * test/unit/evaluate/attribution.test.ts runs every listed rule against facts split into base and own.
 */
const LOCATORS: Partial<Record<RuleId, Locate>> = {
  'non-root-user': user,
  'user-exists': user,
  'healthcheck-defined': healthcheck,
  'healthcheck-passes': healthcheck,
  'exec-form': () => ({ instructions: ['ENTRYPOINT', 'CMD'] }),
  'no-secrets-in-env': (_item, index, { config }) => {
    const secret = config.envSecrets[index];
    if (secret?.historyIndex !== undefined) return { step: secret.historyIndex };
    if (secret?.source === 'env') return { instructions: ['ENV'], name: secret.name };
    if (secret?.source === 'label') return { instructions: ['LABEL'], name: secret.name };
    if (secret?.source === 'entrypoint') return { instructions: ['ENTRYPOINT'] };
    if (secret?.source === 'cmd') return { instructions: ['CMD'] };
    if (secret?.source === 'healthcheck') return { instructions: ['HEALTHCHECK'] };
    return 'image';
  },
  'prefer-copy': historyStep,
  'no-apt-upgrade': historyStep,
  'layer-count': historyStep,
  'no-setuid-binaries': (item) => ({ path: item.replace(/^set[ug]id /, '') }),
  'no-world-writable': isPath,
  'no-package-manager': isPath,
  'no-sudo': isPath,
  'no-build-tools': isPath,
  'no-dev-tools': isPath,
  'no-secrets-in-layers': (_item, index, { filesystem }) => layerOf(filesystem?.secrets[index]),
  'no-sensitive-files': (_item, index, { filesystem }) => layerOf(filesystem?.sensitiveFiles[index]),
  'no-package-cache': (_item, index, { filesystem }) => pathOf(filesystem?.packageCaches[index]),
  'wasted-space': (_item, index, { filesystem }) => pathOf(filesystem?.wastedFiles[index]),
  // The distribution and its tools; the size it adds up to is the base's choice too, so it follows os-release.
  'minimal-base': (item) => {
    const tool = /^(?:shell|package manager) (\/.*)$/.exec(item)?.[1];
    return { path: tool ?? '/etc/os-release' };
  },
  'no-ssh': (item) => (item.startsWith('EXPOSE ') ? { instructions: ['EXPOSE'] } : { path: item }),
  'supported-base-os': () => ({ path: '/etc/os-release' }),
  'package-install-cleanup': historyStep,
  'no-empty-password': (_item, _index, { filesystem }) => pathOf(filesystem?.shadow ?? undefined),
  'unique-ids': (item) => ({ path: item.startsWith('GID ') ? '/etc/group' : '/etc/passwd' }),
  'no-dev-leftovers': (item) => {
    const path = /^\S+ (\/.*): [^:]+ \(\d+ files?\)$/.exec(item)?.[1];
    return path === undefined ? 'image' : { path };
  },
  'no-system-volumes': () => ({ instructions: ['VOLUME'] }),
  'supported-runtimes': runtimeLayer,
  'layers-readable': (item) => {
    const layer = /^layer (\d+)/.exec(item)?.[1];
    return layer === undefined ? 'image' : { layer: Number(layer) };
  },
};

/**
 * supported-runtimes' evidence: a release line (`Python 3.11: security until …`) and, under it, one line per file
 * that shows the runtime (`/var/lib/dpkg/status: python3 3.11.2-1+b1`). A file line is the newest layer that added
 * what it lists (a package's own layer, not the database file's); a release line, the newest of its file lines.
 */
function runtimeLayer(item: string, index: number, facts: ImageFacts, evidence: readonly string[]): Subject {
  let lines = [item];
  if (!item.startsWith('/')) {
    const next = evidence.findIndex((line, at) => at > index && !line.startsWith('/'));
    lines = evidence.slice(index + 1, next === -1 ? undefined : next);
  }
  const layers = lines.flatMap((line) => layersOfRuntimeLine(line, facts));
  return layers.length === 0 ? 'image' : { layer: Math.max(...layers) };
}

function layersOfRuntimeLine(line: string, { filesystem }: ImageFacts): number[] {
  const colon = line.indexOf(': ');
  if (colon === -1) return [];
  const path = line.slice(0, colon);
  const listed = new Set(line.slice(colon + 2).split(', '));
  const packages = (filesystem?.inventory?.packages ?? []).filter(
    (pkg) => pkg.path === path && (listed.has(`${pkg.name} ${pkg.version}`) || listed.has(`Go ${pkg.version}`)),
  );
  const installs = (filesystem?.languageRuntimes ?? []).filter((install) => install.path === path);
  return [...packages, ...installs].map((found) => found.layerIndex);
}

const layerOf = (found: { readonly layerIndex: number } | undefined): Subject =>
  found ? { layer: found.layerIndex } : 'image';
const pathOf = (found: { readonly path: string } | undefined): Subject => (found ? { path: found.path } : 'image');

/** `base`: every piece of evidence came from the base image; `own`: some came from the image's own steps or is about the whole image. */
export type Origin = 'base' | 'own';

export interface Attribution {
  readonly origin: Origin;
  /** Per evidence item, in order: `base`, `build step N: INSTRUCTION` (N as in `history #N`), `image` or `unknown`. */
  readonly evidenceOrigin: readonly string[];
}

/** Where a verdict's evidence comes from, every item of it (also those the report will leave out). */
export function attribute(rule: RuleId, verdict: Verdict, facts: ImageFacts): Attribution | undefined {
  const base = facts.config.base;
  if (!base) return undefined;
  const locate = LOCATORS[rule] ?? (() => 'image');
  const sides = verdict.evidence.map((item, index, evidence) =>
    place(locate(item, index, facts, evidence), base, facts),
  );
  return {
    origin: sides.length > 0 && sides.every((side) => side.base) ? 'base' : 'own',
    evidenceOrigin: sides.map((side) => side.label),
  };
}

interface Placed {
  readonly base: boolean;
  readonly label: string;
}

const IMAGE: Placed = { base: false, label: 'image' };
const UNKNOWN: Placed = { base: false, label: 'unknown' };

function place(subject: Subject, base: BaseFacts, facts: ImageFacts): Placed {
  if (subject === 'image') return IMAGE;
  if ('path' in subject) {
    const layer = facts.filesystem?.pathLayers?.[subject.path];
    return layer === undefined ? UNKNOWN : placeLayer(layer, base, facts);
  }
  if ('layer' in subject) return placeLayer(subject.layer, base, facts);
  if ('step' in subject) return placeStep(subject.step, base, facts);
  const step = lastStepSetting(facts, subject.instructions, subject.name);
  return step === undefined ? UNKNOWN : placeStep(step, base, facts);
}

function placeLayer(layer: number, base: BaseFacts, facts: ImageFacts): Placed {
  if (layer < base.layers) return { base: true, label: 'base' };
  const step = facts.filesystem?.layers[layer]?.historyIndex;
  return typeof step === 'number' ? placeStep(step, base, facts) : { base: false, label: `layer ${layer}` };
}

function placeStep(step: number, base: BaseFacts, facts: ImageFacts): Placed {
  if (step < base.historySteps) return { base: true, label: 'base' };
  const entry = facts.config.history[step];
  return { base: false, label: stepLabel(step, entry?.createdBy ?? '', linesOf(facts, base).get(step)) };
}

/** Each image's own steps' Dockerfile lines, worked out once per image (attribute runs once per rule). */
const LINES = new WeakMap<ImageFacts, ReadonlyMap<number, number>>();
const NO_LINES: ReadonlyMap<number, number> = new Map();

function linesOf(facts: ImageFacts, base: BaseFacts): ReadonlyMap<number, number> {
  if (!facts.dockerfile) return NO_LINES;
  let lines = LINES.get(facts);
  if (!lines) {
    lines = dockerfileLines(facts.dockerfile, facts.config.history, base.historySteps);
    LINES.set(facts, lines);
  }
  return lines;
}

/**
 * `build step 7: RUN apt-get install -y curl …` (`build step 0` when the history recorded no command, as `docker import`
 * does): N counts as `history #N` does, from 0, oldest first. With the Dockerfile line that made it, when known:
 * `build step 7 (Dockerfile line 12): RUN …`.
 */
export function stepLabel(step: number, createdBy: string, line?: number): string {
  const text = stepText(createdBy)
    .replace(/^\/bin\/sh -c /, 'RUN ')
    .replace(/^RUN \/bin\/sh -c /, 'RUN ');
  const name = line === undefined ? `build step ${step}` : `build step ${step} (Dockerfile line ${line})`;
  return truncate(text === '' ? name : `${name}: ${text}`, 80);
}

/** The newest history step that set one of the instructions (ENV and LABEL: that name), if the history shows one. */
function lastStepSetting(facts: ImageFacts, instructions: readonly string[], name?: string): number | undefined {
  const { history } = facts.config;
  for (let index = history.length - 1; index >= 0; index--) {
    const parsed = parseHistoryStep(history[index]!.createdBy);
    if (!instructions.includes(parsed.instruction)) continue;
    if (name === undefined || (parsed.instruction !== 'ENV' && parsed.instruction !== 'LABEL')) return index;
    const names = parsed.instruction === 'ENV' ? parsed.pairs.map((pair) => pair.name) : labelNames(parsed.text);
    if (names.includes(name)) return index;
  }
  return undefined;
}

/** `LABEL a=1 "b c"=2`: the names, loosely (a label name never holds `=`). */
function labelNames(text: string): string[] {
  return [...text.matchAll(/(?:^|\s)"?([^\s"=]+)"?=/g)].map((match) => match[1]!);
}

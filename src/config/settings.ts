import { DEFAULT_RUNTIME_OPTIONS, type RuntimeOptions } from '../collect/runtime/options.js';
import { UsageError } from '../shared/errors.js';
import { patternToRegExp } from '../shared/glob.js';
import { DEFAULT_RULE_OPTIONS, misorderedPair, WARN_FAIL_PAIRS, type RuleOptions } from '../rules/support/types.js';
import {
  DEFAULT_GATE,
  NO_ALLOWLISTS,
  type Allowlists,
  type BaseFindings,
  type Gate,
  type ImageSettings,
  type ImgauditConfig,
  type ResolvedSettings,
} from './types.js';

/** What the caller set explicitly (command-line flags, API options): it wins over the file. */
export interface ExplicitSettings {
  readonly rules?: Partial<RuleOptions>;
  readonly gate?: Partial<Gate>;
  /** `false`: no runtime phase at all. */
  readonly runtime?: false | Partial<RuntimeOptions>;
  readonly baseFindings?: BaseFindings;
  readonly baseImage?: string;
}

/**
 * The settings for one image: defaults, then the file's top level, then each `images:` entry that matches the
 * reference or one of its tags (in file order), then the explicit settings.
 */
export function settingsFor(
  ref: string,
  repoTags: readonly string[],
  config: ImgauditConfig | null,
  explicit: ExplicitSettings,
): ResolvedSettings {
  const layers: ImageSettings[] = config
    ? [config, ...config.images.filter((entry) => entry.match.some((pattern) => matches(pattern, ref, repoTags)))]
    : [];
  const fromFile = layers.reduce<Merged>(merge, EMPTY);
  const explicitRules = definedOnly(explicit.rules ?? {});
  const rules: { -readonly [K in keyof RuleOptions]: RuleOptions[K] } = {
    ...DEFAULT_RULE_OPTIONS,
    ...fromFile.rules,
    ...explicitRules,
  };
  // One threshold set beyond the other's default moves that default along, rather than contradict it.
  const set = (key: keyof RuleOptions) => fromFile.rules[key] !== undefined || explicitRules[key] !== undefined;
  for (const { warn, fail } of WARN_FAIL_PAIRS) {
    if (set(warn) && !set(fail)) rules[fail] = Math.max(rules[fail], rules[warn]);
    if (set(fail) && !set(warn)) rules[warn] = Math.min(rules[fail], rules[warn]);
  }
  const misordered = misorderedPair(rules);
  if (misordered) {
    const { warn, fail, what } = misordered;
    throw new UsageError(
      `for ${ref}: the ${what} warning threshold (${rules[warn]} bytes) is above the failure ` +
        `threshold (${rules[fail]} bytes)`,
    );
  }
  const gate: Gate = { ...DEFAULT_GATE, ...fromFile.gate, ...definedOnly(explicit.gate ?? {}) };
  const runtime =
    explicit.runtime === false
      ? null
      : withEnv({ ...DEFAULT_RUNTIME_OPTIONS, ...fromFile.runtime, ...definedOnly(explicit.runtime ?? {}) }, [
          ...(fromFile.runtime.env ?? []),
          ...(explicit.runtime?.env ?? []),
        ]);
  return {
    rules,
    gate,
    runtime,
    policy: { source: config?.source ?? '', ruleOverrides: fromFile.ruleOverrides, allow: fromFile.allow },
    baseFindings: explicit.baseFindings ?? fromFile.baseFindings ?? 'gate',
    baseImage: explicit.baseImage ?? fromFile.baseImage ?? null,
  };
}

type Merged = Required<{
  [K in Exclude<keyof ImageSettings, 'baseFindings'>]-?: NonNullable<ImageSettings[K]>;
}> & {
  rules: Partial<RuleOptions>;
  baseFindings?: BaseFindings;
  baseImage?: string;
};

const EMPTY: Merged = { gate: {}, rules: {}, ruleOverrides: {}, allow: NO_ALLOWLISTS, runtime: {} };

/** Later settings win key by key; allowlists add up; environment variables add up (merged by name later). */
function merge(base: Merged, next: ImageSettings & { readonly baseImage?: string }): Merged {
  return {
    baseFindings: next.baseFindings ?? base.baseFindings,
    baseImage: next.baseImage ?? base.baseImage,
    gate: { ...base.gate, ...next.gate },
    rules: { ...base.rules, ...next.rules },
    ruleOverrides: { ...base.ruleOverrides, ...next.ruleOverrides },
    allow: next.allow ? concatAllowlists(base.allow, next.allow) : base.allow,
    runtime: { ...base.runtime, ...next.runtime, env: [...(base.runtime.env ?? []), ...(next.runtime?.env ?? [])] },
  };
}

function concatAllowlists(a: Allowlists, b: Allowlists): Allowlists {
  return { setuid: [...a.setuid, ...b.setuid], secrets: [...a.secrets, ...b.secrets] };
}

/** Environment variables by name, the last setting of a name winning (as with repeated `docker run -e`). */
function withEnv(options: RuntimeOptions, env: readonly string[]): RuntimeOptions {
  const byName = new Map<string, string>();
  for (const entry of env) byName.set(entry.split('=')[0]!, entry);
  return { ...options, env: [...byName.values()] };
}

/** A pattern (`myorg/*`, `*:latest`, `myorg/api`: any tag) matches the reference as given or any of its tags. */
function matches(pattern: string, ref: string, repoTags: readonly string[]): boolean {
  const regex = patternToRegExp(pattern);
  return regex.test(ref) || repoTags.some((tag) => regex.test(tag));
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The Dockerfile and build context `images:` entries of `.imgaudit.yml` give an image: the last matching entry's. */
export function buildSourceFor(
  ref: string,
  repoTags: readonly string[],
  config: ImgauditConfig | null,
): { readonly dockerfile?: string; readonly context?: string } {
  let found: { dockerfile?: string; context?: string } = {};
  for (const entry of config?.images ?? []) {
    if (!entry.match.some((pattern) => matches(pattern, ref, repoTags))) continue;
    if (entry.dockerfile !== undefined) found = { ...found, dockerfile: entry.dockerfile };
    if (entry.context !== undefined) found = { ...found, context: entry.context };
  }
  return found;
}

/** The vulnerability report `images:` entries of `.imgaudit.yml` give an image: the last matching entry's. */
export function vulnReportFor(
  ref: string,
  repoTags: readonly string[],
  config: ImgauditConfig | null,
): string | undefined {
  let found: string | undefined;
  for (const entry of config?.images ?? [])
    if (entry.vulnReport !== undefined && entry.match.some((pattern) => matches(pattern, ref, repoTags)))
      found = entry.vulnReport;
  return found;
}

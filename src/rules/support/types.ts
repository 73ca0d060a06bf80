import type {
  BuildContextFacts,
  DockerfileFacts,
  FilesystemFacts,
  ImageFacts,
  RuntimeFacts,
  VulnerabilityFacts,
} from '../../facts.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a gate fails on: a severity, or `none` (never on findings). */
export const SEVERITY_THRESHOLDS = [...SEVERITIES, 'none'] as const;

/** `high` → high, `none` → none, anything else null (case as written: callers decide whether to lower it). */
export function severityThreshold(text: string): Severity | 'none' | null {
  return (SEVERITY_THRESHOLDS as readonly string[]).includes(text) ? (text as Severity | 'none') : null;
}

export const STATUSES = ['pass', 'warn', 'fail', 'skip', 'error'] as const;
export type Status = (typeof STATUSES)[number];

/** Thresholds and lists the rules read; defaults live in `DEFAULT_RULE_OPTIONS`. */
export interface RuleOptions {
  /** Warn above this many bytes (decimal units, as `docker images` shows them). */
  readonly sizeWarnBytes: number;
  /** Fail above this many bytes. */
  readonly sizeFailBytes: number;
  /** Fail when the image has this many filesystem layers or more. */
  readonly layerLimit: number;
  /** OCI labels every image must carry. */
  readonly requiredLabels: readonly string[];
  /** Fail when package manager caches take this many bytes or more. */
  readonly packageCacheLimitBytes: number;
  /** Warn when layers store this many bytes the container never sees. */
  readonly wastedWarnBytes: number;
  /** Fail when layers store this many bytes the container never sees. */
  readonly wastedFailBytes: number;
  /** Fail when the container wrote more than this many bytes into its writable layer during the runtime window. */
  readonly writableLayerLimitBytes: number;
  /**
   * The day the rules judge on (`YYYY-MM-DD`, UTC): end-of-life dates are compared with it. audit() sets today's
   * unless given; without it, the rules that need a date say skip. Rules never read the clock.
   */
  readonly now?: string;
  /** vulnerability-scan fails on a vulnerability of this severity or worse. */
  readonly vulnFailOn: VulnerabilityThreshold;
  /** vulnerability-scan does not fail on vulnerabilities that have no fixed version yet. */
  readonly vulnIgnoreUnfixed: boolean;
  /** vulnerability-scan warns when the scan is older than this many days (against `now`). */
  readonly vulnMaxAgeDays: number;
}

/** The severities a vulnerability gate can be set to. */
export const VULNERABILITY_THRESHOLDS = ['critical', 'high', 'medium', 'low'] as const;
export type VulnerabilityThreshold = (typeof VULNERABILITY_THRESHOLDS)[number];

export const DEFAULT_RULE_OPTIONS: RuleOptions = {
  sizeWarnBytes: 100_000_000,
  sizeFailBytes: 500_000_000,
  layerLimit: 20,
  requiredLabels: [
    'org.opencontainers.image.source',
    'org.opencontainers.image.version',
    'org.opencontainers.image.revision',
    'org.opencontainers.image.created',
  ],
  packageCacheLimitBytes: 1_000_000,
  wastedWarnBytes: 10_000_000,
  wastedFailBytes: 50_000_000,
  writableLayerLimitBytes: 100_000_000,
  vulnFailOn: 'high',
  vulnIgnoreUnfixed: false,
  vulnMaxAgeDays: 7,
};

/** The warning and failure thresholds of one measure: a warning is never above its failure. */
export const WARN_FAIL_PAIRS = [
  { warn: 'sizeWarnBytes', fail: 'sizeFailBytes', what: 'size' },
  { warn: 'wastedWarnBytes', fail: 'wastedFailBytes', what: 'wasted space' },
] as const satisfies readonly { warn: keyof RuleOptions; fail: keyof RuleOptions; what: string }[];

export type WarnFailPair = (typeof WARN_FAIL_PAIRS)[number];

/** The first pair both set in `options` whose warning is above its failure; null when they agree. */
export function misorderedPair(options: Partial<RuleOptions>): WarnFailPair | null {
  return WARN_FAIL_PAIRS.find(({ warn, fail }) => (options[warn] ?? -Infinity) > (options[fail] ?? Infinity)) ?? null;
}

/** What one rule concluded. Evidence is data (paths, names, values already redacted), not prose. */
export interface Verdict {
  readonly status: Exclude<Status, 'error'>;
  readonly message: string;
  readonly evidence: readonly string[];
  /** The Dockerfile line the verdict is about, when it comes from the Dockerfile (SARIF locations point at it). */
  readonly line?: number;
}

/**
 * The facts a rule judges: the configuration (always there), the filesystem scan (not with `--no-fs`), the runtime
 * phase (not with `--no-run`), the Dockerfile and its build context (with `--dockerfile`, a compose build or
 * `images[].dockerfile` in `.imgaudit.yml`), a vulnerability scanner's report (`--vuln-report`, `images[].vulnReport`).
 */
export const NEEDS = ['config', 'filesystem', 'runtime', 'dockerfile', 'buildContext', 'vulnerabilities'] as const;
export type Need = (typeof NEEDS)[number];

/** Why a rule whose facts are missing says skip: evaluate() says it, the rules never do. */
export const MISSING_FACTS: Readonly<Record<Exclude<Need, 'config'>, string>> = {
  filesystem: 'needs the filesystem scan',
  runtime: 'needs the runtime checks',
  dockerfile: 'needs the Dockerfile: pass --dockerfile PATH',
  buildContext: 'needs the build context: pass --dockerfile PATH (its folder is the context) or --build-context DIR',
  vulnerabilities:
    "needs a vulnerability scanner's report: imgaudit IMAGE -o cyclonedx=sbom.json, then " +
    'grype sbom:sbom.json -o json > vulns.json (or trivy sbom -f json -o vulns.json sbom.json), ' +
    'then imgaudit IMAGE --vuln-report vulns.json',
};

/** Why the facts a rule needs are missing: MISSING_FACTS, plus the reason the phase was skipped when it has one. */
export function whyMissing(facts: ImageFacts, need: Exclude<Need, 'config'>): string {
  const why = need === 'runtime' ? facts.skipped?.runtime : undefined;
  return why ? `${MISSING_FACTS[need]}: ${why}` : MISSING_FACTS[need];
}

/** What a finding is about, for SARIF tags (code scanning filters by them). */
export type Category = 'security' | 'reliability' | 'efficiency' | 'maintainability';

/** The facts a rule that needs `N` is handed: what it needs is there. */
export type FactsWith<N extends Need> = ImageFacts &
  ('filesystem' extends N ? { readonly filesystem: FilesystemFacts } : unknown) &
  ('runtime' extends N ? { readonly runtime: RuntimeFacts } : unknown) &
  ('dockerfile' extends N ? { readonly dockerfile: DockerfileFacts } : unknown) &
  ('buildContext' extends N ? { readonly buildContext: BuildContextFacts } : unknown) &
  ('vulnerabilities' extends N ? { readonly vulnerabilities: VulnerabilityFacts } : unknown);

export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** The facts it judges; without one of them evaluate() says skip for it. */
  readonly needs: readonly Need[];
  readonly categories: readonly Category[];
  readonly rationale: string;
  /** How to fix it, with a Dockerfile snippet. */
  readonly fix: string;
}

export interface Rule extends RuleMeta {
  /** Called only when every fact the rule needs is there. */
  check(facts: ImageFacts, options: RuleOptions): Verdict;
}

export const pass = (message: string, evidence: readonly string[] = []): Verdict => ({
  status: 'pass',
  message,
  evidence,
});
export const warn = (message: string, evidence: readonly string[] = []): Verdict => ({
  status: 'warn',
  message,
  evidence,
});
export const fail = (message: string, evidence: readonly string[] = []): Verdict => ({
  status: 'fail',
  message,
  evidence,
});
export const skip = (message: string): Verdict => ({ status: 'skip', message, evidence: [] });

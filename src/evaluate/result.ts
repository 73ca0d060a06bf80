import type {
  BuildContextFacts,
  ConfigFacts,
  DockerfileFacts,
  EngineFacts,
  FilesystemFacts,
  InputFacts,
  RuntimeFacts,
  VulnerabilityFacts,
} from '../facts.js';
import type { RuleId } from '../rules/index.js';
import type { BaseFindings, Gate } from '../config/types.js';
import type { Origin } from './attribution.js';

export type { Origin } from './attribution.js';
import type { Severity, Status } from '../rules/support/types.js';

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';
export type RowStatus = Exclude<Status, 'error'>;

export interface Finding {
  readonly rule: RuleId;
  readonly title: string;
  readonly status: Status;
  readonly severity: Severity;
  readonly message: string;
  /** At most EVIDENCE_CAP items; `evidenceOmitted` counts the rest. */
  readonly evidence: readonly string[];
  readonly evidenceOmitted: number;
  /** Rule + evidence without what a rebuild changes (see fingerprint.ts): how a baseline recognises it. */
  readonly fingerprint: string;
  /** Present on warn and fail. */
  readonly fix?: string;
  /** The line of the image's Dockerfile the finding points at, when it comes from the Dockerfile. */
  readonly line?: number;
  /** Only with --baseline: true when the baseline holds this finding (same rule and fingerprint), so it does not gate. */
  readonly baselined?: boolean;
  /** Evidence the configuration allowlisted out of this rule's verdict, each with the reason it gives. */
  readonly allowlisted?: readonly AllowlistedItem[];
  /**
   * On warn and fail, when the base boundary is known (`facts.base`): `base` when all its evidence came from the base
   * image, else `own` (some came from the image's own steps, or the finding is about the image as a whole).
   */
  readonly origin?: Origin;
  /** Beside `evidence`, item by item: `base`, `build step N: INSTRUCTION` (N as in `history #N`), `image` or `unknown`. */
  readonly evidenceOrigin?: readonly string[];
}

/** How an image's findings split between its base image and its own steps. */
export interface BaseSplit {
  /** Warn and fail findings that came from the base image alone (hidden ones included). */
  readonly base: number;
  /** Warn and fail findings of the image's own steps or of the image as a whole. */
  readonly own: number;
  /** Base findings left out of `findings` (`baseFindings: hide`). */
  readonly hidden: number;
  /** What the gate did with base findings. */
  readonly baseFindings: BaseFindings;
}

export interface AllowlistedItem {
  readonly item: string;
  readonly reason: string;
}

/** The statuses that make a finding a problem (shown, baselined, diffed, a SARIF result), worst first. */
export const PROBLEM_STATUSES = ['error', 'fail', 'warn'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** Failures, warnings, and rules that could not run. */
export function isProblem<F extends Pick<Finding, 'status'>>(
  finding: F,
): finding is F & { readonly status: ProblemStatus } {
  return (PROBLEM_STATUSES as readonly string[]).includes(finding.status);
}

export interface ChecklistRow {
  readonly item: string;
  readonly status: RowStatus;
  readonly rules: readonly RuleId[];
  readonly detail: string;
}

export { DEFAULT_GATE, type Gate } from '../config/types.js';

export interface ImageResult {
  readonly ref: string;
  readonly id: string;
  /** The Dockerfile it was built from, when --dockerfile or its compose file says (repository-relative). */
  readonly dockerfile?: string;
  readonly score: number;
  readonly grade: Grade;
  readonly passed: boolean;
  /** The gate this image was judged by: the run's, or its own from `images:` in `.imgaudit.yml`. */
  readonly gate: Gate;
  /** Why the gate failed, empty when it passed. */
  readonly gateReasons: readonly string[];
  /** The configuration facts, plus `filesystem` and `runtime` when those phases ran. */
  readonly facts: ConfigFacts & {
    /** Where the image came from when it was read from a file (`--input`). */
    readonly input?: InputFacts;
    /** The engine that served or ran the image (Docker or podman), when one was asked. */
    readonly engine?: EngineFacts;
    readonly filesystem?: FilesystemFacts;
    readonly runtime?: RuntimeFacts;
    /** The Dockerfile's facts, when it was given (`--dockerfile`, compose, `.imgaudit.yml`). */
    readonly dockerfile?: DockerfileFacts;
    readonly buildContext?: BuildContextFacts;
    /** The vulnerability scanner's report, when one was given (`--vuln-report`, `images[].vulnReport`). */
    readonly vulnerabilities?: VulnerabilityFacts;
  };
  readonly findings: readonly Finding[];
  readonly checklist: readonly ChecklistRow[];
  /** Present when the base boundary is known (`facts.base`): how many findings are the base image's, how many its own. */
  readonly baseSplit?: BaseSplit;
}

export interface AuditReport {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'imgaudit'; readonly version: string };
  /** The run's gate (defaults, the file's top level, flags); each image carries the one it was judged by. */
  readonly gate: Gate;
  readonly passed: boolean;
  /** Present when the run gated only on findings missing from a baseline report. */
  readonly baseline?: BaselineInfo;
  readonly images: readonly ImageResult[];
}

export interface BaselineInfo {
  /** The baseline report as given. */
  readonly file: string;
  /** Failed or warned findings it holds, over all its images. */
  readonly findings: number;
}

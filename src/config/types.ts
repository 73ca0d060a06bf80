import type { RuntimeOptions } from '../collect/runtime/options.js';
import type { RuleId } from '../rules/index.js';
import type { RuleOptions, Severity } from '../rules/support/types.js';

/** When an image fails the CI gate. */
export interface Gate {
  /** Fail the gate on a failed finding of this severity or worse; `none` never fails on severity. */
  readonly failOn: Severity | 'none';
  /** Fail the gate when the score is below this. */
  readonly failUnder: number;
}

export const DEFAULT_GATE: Gate = { failOn: 'high', failUnder: 0 };

/**
 * What happens to findings that come from the base image alone: `gate` (default) treats them as any other, `report`
 * shows them but the gate ignores them, `hide` leaves them out of the report too. The score counts them always.
 */
export const BASE_FINDINGS = ['gate', 'report', 'hide'] as const;
export type BaseFindings = (typeof BASE_FINDINGS)[number];

/** `off` turns a rule off; a severity replaces the rule's own (and so its weight in the score and the gate). */
export type RuleOverride = 'off' | Severity;

/** Something the team accepts, and why. A reason is required: an allowlist without one is unreviewable. */
export interface AllowEntry {
  /** An absolute path in the image; `*` matches within one path segment, `**` across segments. */
  readonly path?: string;
  /** A finding's fingerprint (as in the JSON report and SARIF): accepts exactly that finding. */
  readonly fingerprint?: string;
  readonly reason: string;
}

export interface Allowlists {
  /** setuid/setgid files (no-setuid-binaries). Paths only. */
  readonly setuid: readonly AllowEntry[];
  /**
   * Secrets and sensitive files (no-secrets-in-layers, no-sensitive-files) by path, and any secret finding
   * (also no-secrets-in-env) by fingerprint.
   */
  readonly secrets: readonly AllowEntry[];
}

export const NO_ALLOWLISTS: Allowlists = { setuid: [], secrets: [] };

/** What may be set for every image, and again for the images a pattern matches. */
export interface ImageSettings {
  readonly gate?: Partial<Gate>;
  readonly rules?: Partial<RuleOptions>;
  readonly ruleOverrides?: Readonly<Partial<Record<RuleId, RuleOverride>>>;
  readonly allow?: Allowlists;
  readonly runtime?: Partial<RuntimeOptions>;
  readonly baseFindings?: BaseFindings;
}

export interface ImageOverride extends ImageSettings {
  /** Tag patterns (`myorg/legacy-*`, `*:latest`) or references, matched against the reference and its tags. */
  readonly match: readonly string[];
  /** The Dockerfile these images are built from, relative to the working directory (written relative to the file). */
  readonly dockerfile?: string;
  /** Their build context, likewise (default: the Dockerfile's folder). */
  readonly context?: string;
  /** The image these are built on (a reference on the engine): where its layers end, the image's own begin. */
  readonly baseImage?: string;
  /** A vulnerability scanner's report of these images (trivy or grype JSON, CycloneDX), relative like `dockerfile`. */
  readonly vulnReport?: string;
}

/** A validated `.imgaudit.yml`. */
export interface ImgauditConfig extends ImageSettings {
  /** The file it was read from, as given: named in messages ("turned off in .imgaudit.yml"). */
  readonly source: string;
  /** Applied in order over the top-level settings; a later match wins. */
  readonly images: readonly ImageOverride[];
}

/** The settings one image is audited with, once defaults, the file, its matching overrides and the flags are merged. */
export interface ResolvedSettings {
  readonly rules: RuleOptions;
  readonly gate: Gate;
  readonly runtime: RuntimeOptions | null;
  readonly policy: FindingPolicy;
  readonly baseFindings: BaseFindings;
  /** The base image to tell inherited findings by; null: the history heuristic. */
  readonly baseImage: string | null;
}

/** What changes findings after the rules ran (as hadolint applies its ignores): allowlists and overrides. */
export interface FindingPolicy {
  /** Where the policy came from, for messages. */
  readonly source: string;
  readonly ruleOverrides: Readonly<Partial<Record<RuleId, RuleOverride>>>;
  readonly allow: Allowlists;
}

export const NO_POLICY: FindingPolicy = { source: '', ruleOverrides: {}, allow: NO_ALLOWLISTS };

import { UsageError } from '../shared/errors.js';
import { baselineKey } from '../evaluate/fingerprint.js';
import { pairImages } from './pairing.js';
import {
  isProblem,
  type AuditReport,
  type Finding,
  type Grade,
  type ImageResult,
  type ProblemStatus,
} from '../evaluate/result.js';
import { formatBytes } from '../shared/text.js';
import { SEVERITIES, type Severity, type Status } from '../rules/support/types.js';
import { atLeast } from '../evaluate/score.js';
import { TOOL_VERSION } from '../shared/version.js';

/** When `imgaudit diff --fail-on-regression` fails: NEW is worse than OLD by more than this allows. */
export interface RegressionPolicy {
  /** NEW may be this many percent bigger than OLD, and no more (exactly this much passes). Infinity: no limit (null in JSON). */
  readonly maxGrowthPercent: number;
  /** A new or worsened failed finding of this severity or worse is a regression; `none` never on findings. */
  readonly failOn: Severity | 'none';
}

export const DEFAULT_REGRESSION_POLICY: RegressionPolicy = { maxGrowthPercent: 10, failOn: 'high' };

/** The statuses that make a finding; pass and skip are not findings for a diff. */
export type FindingStatus = ProblemStatus;

export interface ImageSide {
  readonly ref: string;
  readonly id: string;
  readonly sizeBytes: number;
  readonly layerCount: number;
  readonly score: number;
  readonly grade: Grade;
}

export interface FindingChange {
  readonly rule: Finding['rule'];
  readonly title: string;
  readonly severity: Severity;
  /** The status in NEW; for a disappeared finding, the status it had in OLD. */
  readonly status: FindingStatus;
  readonly message: string;
  readonly evidence: readonly string[];
  readonly evidenceOmitted: number;
  readonly fingerprint: string;
  /**
   * Worsened and improved: the status in OLD. Appeared: what the same rule said in OLD when that was not a pass —
   * `skip` (it was not checked) or a finding with other evidence.
   */
  readonly previousStatus?: Status;
  /**
   * Disappeared: what the same rule says in NEW when that is not a pass — `skip` (no longer checked, so not fixed
   * either) or a finding with other evidence.
   */
  readonly currentStatus?: Status;
  /** Its report holds it in the baseline given with --baseline: listed, but never a regression. */
  readonly baselined?: true;
}

export interface ImageDiff {
  readonly old: ImageSide;
  readonly new: ImageSide;
  readonly sizeDeltaBytes: number;
  /** Growth in percent of OLD's size; null when OLD's size is 0. */
  readonly sizeDeltaPercent: number | null;
  readonly layerDelta: number;
  readonly scoreDelta: number;
  /** In NEW, not in OLD (matched by rule + fingerprint). */
  readonly appeared: readonly FindingChange[];
  /** In OLD, not in NEW. */
  readonly disappeared: readonly FindingChange[];
  /** In both, with a worse status in NEW: warn → fail, or to error. */
  readonly worsened: readonly FindingChange[];
  /** In both, with a better status in NEW: fail → warn, or from error. */
  readonly improved: readonly FindingChange[];
  /** Why `--fail-on-regression` fails for this pair; empty when it does not. */
  readonly regressions: readonly string[];
  /** Why some changes may not be real, e.g. one audit ran without the filesystem scan. */
  readonly notes: readonly string[];
}

/** An image only NEW holds: all its findings are new, and those at the threshold are regressions. */
export interface AddedImage {
  readonly image: ImageSide;
  readonly findings: readonly FindingChange[];
  readonly regressions: readonly string[];
}

export interface DiffReport {
  readonly schemaVersion: 1;
  readonly tool: AuditReport['tool'];
  readonly policy: RegressionPolicy;
  /** True when any pair or added image has a regression: `--fail-on-regression` exits 1. */
  readonly regressed: boolean;
  /** One entry per image both reports hold, in NEW's order. */
  readonly images: readonly ImageDiff[];
  readonly added: readonly AddedImage[];
  /** Images only OLD holds. */
  readonly removed: readonly ImageSide[];
}

const STATUS_RANK: Readonly<Record<FindingStatus, number>> = { warn: 0, fail: 1, error: 2 };

export function diffImages(
  oldImage: ImageResult,
  newImage: ImageResult,
  policy: RegressionPolicy = DEFAULT_REGRESSION_POLICY,
): ImageDiff {
  checkPolicy(policy);
  const before = findingsByKey(oldImage);
  const after = findingsByKey(newImage);
  const appeared: FindingChange[] = [];
  const worsened: FindingChange[] = [];
  const improved: FindingChange[] = [];
  for (const [key, finding] of after) {
    const previous = before.get(key);
    if (!previous) appeared.push(changeOf(finding, { previousStatus: otherStatus(oldImage, finding.rule) }));
    else if (previous.status !== finding.status) {
      const list = STATUS_RANK[finding.status] > STATUS_RANK[previous.status] ? worsened : improved;
      list.push(changeOf(finding, { previousStatus: previous.status }));
    }
  }
  const disappeared = [...before]
    .filter(([key]) => !after.has(key))
    .map(([, finding]) => changeOf(finding, { currentStatus: otherStatus(newImage, finding.rule) }));

  const old = sideOf(oldImage);
  const next = sideOf(newImage);
  const sizeDeltaBytes = next.sizeBytes - old.sizeBytes;
  const changes = {
    appeared: sortChanges(appeared),
    disappeared: sortChanges(disappeared),
    worsened: sortChanges(worsened),
    improved: sortChanges(improved),
  };
  const regressions = [
    sizeRegression(old.sizeBytes, next.sizeBytes, policy.maxGrowthPercent),
    next.score < old.score ? `score fell ${old.score} → ${next.score}` : null,
    ...changes.appeared.map((change) => findingRegression(change, policy, 'appeared')),
    ...changes.worsened.map((change) => findingRegression(change, policy, 'worsened')),
  ].filter((reason): reason is string => reason !== null);
  return {
    old,
    new: next,
    sizeDeltaBytes,
    sizeDeltaPercent: old.sizeBytes === 0 ? null : (sizeDeltaBytes / old.sizeBytes) * 100,
    layerDelta: next.layerCount - old.layerCount,
    scoreDelta: next.score - old.score,
    ...changes,
    regressions,
    notes: phaseNotes(oldImage, newImage),
  };
}

/**
 * Pairs the images of two reports (see pairImages) and diffs each pair; unpaired images are added or removed.
 */
export function diffReports(
  oldReport: AuditReport,
  newReport: AuditReport,
  policy: RegressionPolicy = DEFAULT_REGRESSION_POLICY,
): DiffReport {
  checkPolicy(policy);
  const { pairs, added, removed } = pairImages(oldReport.images, newReport.images);
  const images = pairs.map(([oldImage, newImage]) => diffImages(oldImage, newImage, policy));
  const addedImages = added.map((image): AddedImage => {
    const findings = sortChanges([...findingsByKey(image).values()].map((finding) => changeOf(finding, {})));
    const regressions = findings
      .map((change) => findingRegression(change, policy, 'appeared'))
      .filter((reason): reason is string => reason !== null);
    return { image: sideOf(image), findings, regressions };
  });
  return {
    schemaVersion: 1,
    tool: { name: 'imgaudit', version: TOOL_VERSION },
    policy: { maxGrowthPercent: policy.maxGrowthPercent, failOn: policy.failOn },
    regressed: [...images, ...addedImages].some((entry) => entry.regressions.length > 0),
    images,
    added: addedImages,
    removed: removed.map(sideOf),
  };
}

function findingsByKey(image: ImageResult): Map<string, Finding & { readonly status: FindingStatus }> {
  const byKey = new Map<string, Finding & { readonly status: FindingStatus }>();
  for (const finding of image.findings) {
    const key = baselineKey(finding);
    if (isProblem(finding) && !byKey.has(key)) byKey.set(key, finding);
  }
  return byKey;
}

/** What the same rule said on the other side, when that says more than "passed" or "not there". */
function otherStatus(image: ImageResult, rule: Finding['rule']): Status | undefined {
  const status = image.findings.find((finding) => finding.rule === rule)?.status;
  return status === 'pass' ? undefined : status;
}

function changeOf(
  finding: Finding & { readonly status: FindingStatus },
  other: { readonly previousStatus?: Status | undefined; readonly currentStatus?: Status | undefined },
): FindingChange {
  return {
    rule: finding.rule,
    title: finding.title,
    severity: finding.severity,
    status: finding.status,
    message: finding.message,
    evidence: finding.evidence,
    evidenceOmitted: finding.evidenceOmitted,
    fingerprint: finding.fingerprint,
    ...(other.previousStatus ? { previousStatus: other.previousStatus } : {}),
    ...(other.currentStatus ? { currentStatus: other.currentStatus } : {}),
    ...(finding.baselined === true ? { baselined: true as const } : {}),
  };
}

/** Worst first: severity, then error before fail before warn, then rule id. */
function sortChanges(changes: readonly FindingChange[]): FindingChange[] {
  return [...changes].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      STATUS_RANK[b.status] - STATUS_RANK[a.status] ||
      a.rule.localeCompare(b.rule, 'en') ||
      a.fingerprint.localeCompare(b.fingerprint, 'en'),
  );
}

function sideOf(image: ImageResult): ImageSide {
  return {
    ref: image.ref,
    id: image.id,
    sizeBytes: image.facts.sizeBytes,
    layerCount: image.facts.layerCount,
    score: image.score,
    grade: image.grade,
  };
}

function sizeRegression(oldBytes: number, newBytes: number, maxGrowthPercent: number): string | null {
  const grew = newBytes - oldBytes;
  if (grew <= 0 || maxGrowthPercent === Infinity) return null;
  if (oldBytes === 0) return `size grew from 0 B to ${formatBytes(newBytes)}`;
  // Compared in whole bytes, so that growth of exactly the limit passes whatever floating point makes of the percentage.
  if (grew * 100 <= maxGrowthPercent * oldBytes) return null;
  const percent = percentAbove((grew / oldBytes) * 100, maxGrowthPercent);
  return `size grew ${percent}% (${formatBytes(oldBytes)} → ${formatBytes(newBytes)}), more than ${maxGrowthPercent}%`;
}

/** One decimal, or as many more as it takes not to print 10.0% for a growth just above a 10% limit. */
function percentAbove(percent: number, limit: number): string {
  for (let digits = 1; digits < 6; digits += 1) {
    const text = percent.toFixed(digits);
    if (Number(text) > limit) return text;
  }
  return String(percent);
}

function findingRegression(
  change: FindingChange,
  policy: RegressionPolicy,
  kind: 'appeared' | 'worsened',
): string | null {
  if (
    policy.failOn === 'none' ||
    change.baselined ||
    change.status === 'warn' ||
    !atLeast(change.severity, policy.failOn)
  )
    return null;
  const was = kind === 'worsened' ? change.previousStatus : undefined;
  if (change.status === 'error')
    return `${change.severity} rule ${change.rule} could not run${was ? ` (was ${was})` : ''}`;
  return was
    ? `${change.severity} finding ${change.rule} worsened ${was} → fail`
    : `new ${change.severity} finding ${change.rule}`;
}

const PHASES = [
  ['filesystem', 'the filesystem scan'],
  ['runtime', 'the runtime checks'],
] as const;

/** Audits made with different phases differ in which rules ran: say so rather than let it pass for a change in the image. */
function phaseNotes(oldImage: ImageResult, newImage: ImageResult): string[] {
  return PHASES.flatMap(([phase, name]) => {
    const inOld = oldImage.facts[phase] !== undefined;
    const inNew = newImage.facts[phase] !== undefined;
    if (inOld === inNew) return [];
    return inOld
      ? [`the new audit ran without ${name}: findings of the rules it skipped show as disappeared, not fixed`]
      : [`the old audit ran without ${name}: findings of the rules it skipped show as appeared`];
  });
}

function checkPolicy(policy: RegressionPolicy): void {
  if (Number.isNaN(policy.maxGrowthPercent) || policy.maxGrowthPercent < 0) {
    throw new UsageError(`the allowed size growth must be 0 or more percent, got ${policy.maxGrowthPercent}`);
  }
}

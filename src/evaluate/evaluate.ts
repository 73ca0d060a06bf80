import { attribute } from './attribution.js';
import { checklistRows } from './checklist.js';
import { NO_POLICY, type BaseFindings, type FindingPolicy, type ResolvedSettings } from '../config/types.js';
import type { ImageFacts } from '../facts.js';
import { baselineKey, findingFingerprint } from './fingerprint.js';
import { allowFacts, applyPolicy } from './policy.js';
import { DEFAULT_GATE, isProblem, type Finding, type ImageResult } from './result.js';
import { RULES } from '../rules/index.js';
import {
  DEFAULT_RULE_OPTIONS,
  skip,
  whyMissing,
  type Need,
  type Rule,
  type RuleOptions,
  type Verdict,
} from '../rules/support/types.js';
import { gateReasons, gradeFor, scoreFindings } from './score.js';

export const EVIDENCE_CAP = 10;

/** How one image is judged: rule thresholds, the gate, and what the configuration says about findings. */
export type Judgement = Pick<ResolvedSettings, 'rules' | 'gate'> & {
  readonly policy?: FindingPolicy;
  /** What findings from the base image alone do (default `gate`). */
  readonly baseFindings?: BaseFindings;
};

/**
 * The pure half of an audit: facts in, verdicts, score and checklist out. `baseline` holds the keys (see
 * baselineKey) of the findings a baseline accepts; given, every problem is marked `baselined` true or false.
 */
export function evaluate(
  facts: ImageFacts,
  judgement: Partial<Judgement> = {},
  baseline?: ReadonlySet<string>,
): ImageResult {
  const {
    rules: ruleOptions = DEFAULT_RULE_OPTIONS,
    gate = DEFAULT_GATE,
    policy = NO_POLICY,
    baseFindings = 'gate',
  } = judgement;
  const allowed = allowFacts(facts, policy.allow);
  const judged = withFailedDetectors(allowed.facts);
  const findings = RULES.map((rule) => {
    const finding = judgedOrigin(applyPolicy(runRule(rule, judged, ruleOptions), policy, allowed.allowlisted[rule.id]));
    return baseline && isProblem(finding) ? { ...finding, baselined: baseline.has(baselineKey(finding)) } : finding;
  });
  const score = scoreFindings(findings);
  const reasons = gateReasons(findings, score, gate, baseFindings !== 'gate');
  const fromBase = findings.filter((finding) => finding.origin === 'base').length;
  const hidden = baseFindings === 'hide' ? fromBase : 0;
  return {
    ref: facts.ref,
    id: facts.config.id,
    score,
    grade: gradeFor(score),
    passed: reasons.length === 0,
    gate,
    gateReasons: reasons,
    facts: {
      ...facts.config,
      ...(facts.input ? { input: facts.input } : {}),
      ...(facts.engine ? { engine: facts.engine } : {}),
      ...(facts.filesystem ? { filesystem: facts.filesystem } : {}),
      ...(facts.runtime ? { runtime: facts.runtime } : {}),
      ...(facts.dockerfile ? { dockerfile: facts.dockerfile } : {}),
      ...(facts.buildContext ? { buildContext: facts.buildContext } : {}),
      ...(facts.vulnerabilities ? { vulnerabilities: facts.vulnerabilities } : {}),
    },
    findings: hidden > 0 ? findings.filter((finding) => finding.origin !== 'base') : findings,
    checklist: checklistRows(findings),
    ...(facts.config.base
      ? {
          baseSplit: {
            base: fromBase,
            own: findings.filter((finding) => finding.origin === 'own').length,
            hidden,
            baseFindings,
          },
        }
      : {}),
  };
}

/** Only a warning or a failure has an origin: one the configuration accepted or turned off has none. */
function judgedOrigin(finding: Finding): Finding {
  if (finding.status === 'fail' || finding.status === 'warn' || finding.origin === undefined) return finding;
  const { origin: _origin, evidenceOrigin: _evidenceOrigin, ...rest } = finding;
  return rest;
}

/**
 * The facts as the rules see them: a fact whose detector failed throws when read, so exactly the rules that needed
 * it say `error` (naming the detector), and the others judge as usual.
 */
function withFailedDetectors(facts: ImageFacts): ImageFacts {
  const filesystem = facts.filesystem;
  const failures = filesystem?.detectorErrors ?? [];
  if (!filesystem || failures.length === 0) return facts;
  const failedBy = new Map(failures.flatMap((failure) => failure.facts.map((fact) => [fact, failure] as const)));
  const guarded = new Proxy(filesystem, {
    get(target, key, receiver) {
      const failure = typeof key === 'string' ? failedBy.get(key) : undefined;
      if (failure)
        throw new Error(`the ${failure.detector} detector failed (${failure.message}), so its facts are missing`);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { ...facts, filesystem: guarded };
}

/**
 * One rule's verdict: a skip when it needs facts that were not collected (`--no-fs`, `--no-run`), said here for every
 * rule alike, else what its check says.
 */
export function judgeRule(rule: Rule, facts: ImageFacts, options: RuleOptions = DEFAULT_RULE_OPTIONS): Verdict {
  const missing = rule.needs.find(
    (need): need is Exclude<Need, 'config'> => need !== 'config' && facts[need] === undefined,
  );
  return missing ? skip(whyMissing(facts, missing)) : rule.check(facts, options);
}

function runRule(rule: Rule & { id: Finding['rule'] }, facts: ImageFacts, options: RuleOptions): Finding {
  const base = { rule: rule.id, title: rule.title, severity: rule.severity };
  try {
    const verdict = judgeRule(rule, facts, options);
    const attribution =
      verdict.status === 'fail' || verdict.status === 'warn' ? attribute(rule.id, verdict, facts) : undefined;
    return {
      ...base,
      status: verdict.status,
      message: verdict.message,
      evidence: verdict.evidence.slice(0, EVIDENCE_CAP),
      evidenceOmitted: Math.max(0, verdict.evidence.length - EVIDENCE_CAP),
      fingerprint: findingFingerprint(rule.id, verdict.evidence),
      ...(verdict.status === 'fail' || verdict.status === 'warn' ? { fix: rule.fix } : {}),
      ...(verdict.line !== undefined ? { line: verdict.line } : {}),
      ...(attribution
        ? {
            origin: attribution.origin,
            evidenceOrigin: attribution.evidenceOrigin.slice(0, EVIDENCE_CAP),
          }
        : {}),
    };
  } catch (error) {
    return {
      ...base,
      status: 'error',
      message: error instanceof Error ? error.message : String(error),
      evidence: [],
      evidenceOmitted: 0,
      fingerprint: findingFingerprint(rule.id, []),
    };
  }
}

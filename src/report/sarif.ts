import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import { repositoryOf } from '../compare/pairing.js';
import { isProblem, type AuditReport, type Finding, type ImageResult } from '../evaluate/result.js';
import { RULES } from '../rules/index.js';
import type { Rule, Severity } from '../rules/support/types.js';
import type { RenderContext } from './index.js';
import { sanitizeForTerminal as clean, stringifySafeJson } from '../shared/escape.js';

const SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** How many evidence items a result message lists before "and N more". */
const MESSAGE_EVIDENCE = 5;
// GitHub code scanning rejects a result without a physical location: with no known Dockerfile, use the conventional one.
const FALLBACK_DOCKERFILE = 'Dockerfile';

type Level = NonNullable<Result['level']>;

/** Level of a failed finding; also each rule's default level. */
const FAIL_LEVEL = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
} as const satisfies Record<Severity, Level>;
// A warning ranks one step below a failure of the same severity, so it never outranks a failed medium finding.
const WARN_LEVEL = {
  critical: 'warning',
  high: 'warning',
  medium: 'note',
  low: 'note',
  info: 'note',
} as const satisfies Record<Severity, Level>;

/** GitHub's scale: critical 9.0+, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9. */
const SECURITY_SEVERITY = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: '0.0',
} as const satisfies Record<Severity, string>;

const RULE_INDEX = new Map<string, number>(RULES.map((rule, index) => [rule.id, index]));

/** SARIF 2.1.0 for GitHub code scanning: one run, every rule described, one result per failed, warned or errored finding. */
export function renderSarif(report: AuditReport, context: Pick<RenderContext, 'dockerfileFor'>): string {
  const log: Log = {
    $schema: SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'imgaudit', version: report.tool.version, rules: RULES.map(ruleDescriptor) } },
        invocations: [
          {
            executionSuccessful: true,
            properties: {
              gatePassed: report.passed,
              failOn: report.gate.failOn,
              failUnder: report.gate.failUnder,
              imagesFailingGate: report.images.filter((image) => !image.passed).map((image) => clean(image.ref)),
              // Each image's own gate: `images:` entries in .imgaudit.yml may set one that differs from the run's.
              imageGates: report.images.map((image) => ({
                image: clean(image.ref),
                failOn: image.gate.failOn,
                failUnder: image.gate.failUnder,
              })),
              ...(report.baseline
                ? { baseline: { file: clean(report.baseline.file), findings: report.baseline.findings } }
                : {}),
            },
          },
        ],
        results: report.images.flatMap((image) =>
          image.findings
            .filter(isProblem)
            .map((finding) => result(image, finding, report, context.dockerfileFor(image.ref))),
        ),
      },
    ],
  };
  return `${stringifySafeJson(log)}\n`;
}

function ruleDescriptor(rule: Rule): ReportingDescriptor {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: FAIL_LEVEL[rule.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      tags: [...rule.categories, 'container', 'docker'],
      severity: rule.severity,
    },
  };
}

function helpText(rule: Rule): string {
  const docs = `Documentation: docs/rules/${rule.id}.md in the imgaudit package.`;
  return `${rule.rationale}\n\nHow to fix: ${rule.fix}\n\nSeverity: ${rule.severity}. ${docs}`;
}

function helpMarkdown(rule: Rule): string {
  const [advice = '', ...snippet] = rule.fix.split('\n');
  const language = snippetLanguage(snippet[0] ?? '');
  const example =
    snippet.length === 0
      ? ''
      : language
        ? `\n\n\`\`\`${language}\n${snippet.join('\n')}\n\`\`\``
        : `\n\n${snippet.join('\n')}`;
  return [
    `## ${rule.title}`,
    `\`${rule.id}\` · severity **${rule.severity}**`,
    `### Why\n${rule.rationale}`,
    `### How to fix\n${advice}${example}`,
    `See \`docs/rules/${rule.id}.md\` in the imgaudit package for what exactly is checked.`,
  ].join('\n\n');
}

/** Most fixes continue with a Dockerfile snippet; a few with a shell command or more prose. */
function snippetLanguage(firstLine: string): string | undefined {
  if (
    /^(FROM|RUN|COPY|ADD|USER|LABEL|ENV|ARG|ENTRYPOINT|CMD|HEALTHCHECK|VOLUME|WORKDIR|EXPOSE|SHELL|STOPSIGNAL|#)/.test(
      firstLine,
    )
  )
    return 'dockerfile';
  if (/^docker /.test(firstLine)) return 'sh';
  return undefined;
}

function result(image: ImageResult, finding: Finding, report: AuditReport, dockerfile: string | undefined): Result {
  return {
    ruleId: finding.rule,
    ruleIndex: RULE_INDEX.get(finding.rule) ?? -1,
    level: levelOf(finding),
    message: { text: escapeLinks(messageText(image, finding)) },
    locations: [location(image, dockerfile, finding.line)],
    partialFingerprints: {
      'imgaudit/finding/v1': finding.fingerprint,
      // The repository, tag and digest dropped, so an alert survives a version bump.
      'imgaudit/image-repository/v1': clean(repositoryOf(image.ref)),
    },
    ...(report.baseline ? { baselineState: finding.baselined ? ('unchanged' as const) : ('new' as const) } : {}),
    properties: {
      imageRef: clean(image.ref),
      imageId: clean(image.id),
      score: image.score,
      grade: image.grade,
      severity: finding.severity,
      status: finding.status,
      ...(finding.origin ? { origin: finding.origin } : {}),
      ...(finding.evidenceOrigin ? { evidenceOrigin: finding.evidenceOrigin.map(clean) } : {}),
      ...(finding.allowlisted?.length
        ? { allowlisted: finding.allowlisted.map(({ item, reason }) => ({ item: clean(item), reason: clean(reason) })) }
        : {}),
    },
  };
}

function levelOf(finding: Finding): Level {
  if (finding.status === 'error') return 'error';
  return finding.status === 'warn' ? WARN_LEVEL[finding.severity] : FAIL_LEVEL[finding.severity];
}

function messageText(image: ImageResult, finding: Finding): string {
  const lead = finding.status === 'error' ? `rule ${finding.rule} could not run: ${finding.message}` : finding.message;
  const lines = [`${image.ref}: ${lead}`];
  const shown = finding.evidence.slice(0, MESSAGE_EVIDENCE);
  if (shown.length > 0) lines.push('Evidence:', ...shown.map((item) => `- ${item}`));
  const more = finding.evidence.length - shown.length + finding.evidenceOmitted;
  if (more > 0) lines.push(`- and ${more} more`);
  return lines.map(clean).join('\n');
}

/** SARIF messages turn `[text](target)` into links; image text must not, so its brackets are escaped (SARIF §3.11.6). */
function escapeLinks(text: string): string {
  return text.replace(/\\(?=[[\]])/g, '\\\\').replace(/[[\]]/g, '\\$&');
}

/** The Dockerfile, at the line a Dockerfile rule found the problem on (else its first line). */
function location(image: ImageResult, dockerfile: string | undefined, line: number | undefined): Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: toUri(dockerfile || FALLBACK_DOCKERFILE), uriBaseId: '%SRCROOT%' },
      region: { startLine: line !== undefined && line >= 1 ? line : 1 },
    },
    logicalLocations: [{ name: clean(image.ref), fullyQualifiedName: clean(image.ref), kind: 'module' }],
  };
}

/** A repository-relative path as a relative URI: forward slashes, each segment percent-encoded. */
function toUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .split('/')
    .map(encodeURIComponent)
    .join('/');
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}

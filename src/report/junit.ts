import type { AuditReport, Finding, ImageResult } from '../evaluate/result.js';
import { sanitizeForTerminal } from '../shared/escape.js';
import { gateSentence } from './view.js';

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

interface Suite {
  readonly xml: string;
  readonly counts: Counts;
}

/**
 * JUnit XML for GitLab and Jenkins test reports: a suite per image, a test case per rule, and a final `gate` case
 * that fails exactly when the image fails imgaudit's gate (exit code 1).
 */
export function renderJunit(report: AuditReport): string {
  const suites = report.images.map((image) => renderSuite(image, report));
  const total = suites.reduce<Counts>((sum, { counts }) => add(sum, counts), {
    tests: 0,
    failures: 0,
    errors: 0,
    skipped: 0,
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="imgaudit"${countAttributes(total)}>`,
    ...suites.map(({ xml }) => xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function renderSuite(image: ImageResult, report: AuditReport): Suite {
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const cases = image.findings.map((finding) => {
    counts.tests++;
    if (finding.status === 'fail' && !finding.baselined) counts.failures++;
    if (finding.status === 'error') counts.errors++;
    if (finding.status === 'skip') counts.skipped++;
    return testcase(image.ref, `${finding.rule}: ${finding.title}`, findingOutcome(finding, report));
  });
  counts.tests++;
  if (!image.passed) counts.failures++;
  cases.push(testcase(image.ref, 'gate', gateOutcome(image, report)));
  const properties = Object.entries({
    id: image.id,
    score: String(image.score),
    grade: image.grade,
    gate: image.passed ? 'pass' : 'fail',
  })
    .map(([name, value]) => `      <property name="${name}" value="${attribute(value)}"/>`)
    .join('\n');
  const xml = [
    `  <testsuite name="${attribute(image.ref)}"${countAttributes(counts)}>`,
    `    <properties>\n${properties}\n    </properties>`,
    ...cases,
    '  </testsuite>',
  ].join('\n');
  return { xml, counts };
}

function findingOutcome(finding: Finding, report: AuditReport): string {
  const details = findingDetails(finding);
  switch (finding.status) {
    case 'pass':
      return '';
    case 'skip':
      return `<skipped message="${attribute(finding.message)}"/>`;
    case 'error':
      return `<error message="${attribute(finding.message)}" type="rule-error">${text(details)}</error>`;
    // A warning is not a failure: CI must not go red on one by default, so it is only reported as output.
    case 'warn':
      return systemOut(`WARN (${finding.severity}): ${details}`);
    case 'fail':
      if (finding.baselined) {
        const baseline = report.baseline ? ` ${report.baseline.file}` : '';
        return systemOut(`FAIL (${finding.severity}), in the baseline${baseline}: does not fail the gate.\n${details}`);
      }
      return `<failure message="${attribute(finding.message)}" type="${finding.severity}">${text(details)}</failure>`;
  }
}

function findingDetails(finding: Finding): string {
  const lines = [finding.message];
  for (const item of finding.evidence) lines.push(`- ${item}`);
  if (finding.evidenceOmitted > 0) lines.push(`- and ${finding.evidenceOmitted} more`);
  for (const { item, reason } of finding.allowlisted ?? []) lines.push(`allowlisted: ${item} (${reason})`);
  if (finding.fix) lines.push(`Fix: ${finding.fix}`);
  return lines.join('\n');
}

function gateOutcome(image: ImageResult, report: AuditReport): string {
  const gate = `${gateSentence(image.gate)}${report.baseline ? ' Only findings missing from the baseline count.' : ''}`;
  if (image.passed) return systemOut(`passes the gate (${gate})`);
  const reasons = image.gateReasons.join('; ');
  const details = text(`${image.gateReasons.join('\n')}\n(${gate})`);
  return `<failure message="${attribute(`fails the gate: ${reasons}`)}" type="gate">${details}</failure>`;
}

function testcase(classname: string, name: string, outcome: string): string {
  const open = `    <testcase classname="${attribute(classname)}" name="${attribute(name)}"`;
  return outcome === '' ? `${open}/>` : `${open}>\n      ${outcome}\n    </testcase>`;
}

function systemOut(content: string): string {
  return `<system-out>${text(content)}</system-out>`;
}

function countAttributes({ tests, failures, errors, skipped }: Counts): string {
  return ` tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
}

function add(a: Counts, b: Counts): Counts {
  return {
    tests: a.tests + b.tests,
    failures: a.failures + b.failures,
    errors: a.errors + b.errors,
    skipped: a.skipped + b.skipped,
  };
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
/** What sanitizeForTerminal leaves that XML 1.0 still forbids: U+FFFE, U+FFFF and unpaired surrogates. */
const XML_FORBIDDEN = /[\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Image text made visible (controls, C1, bidi overrides as `\x1b`-style escapes), then XML-escaped. */
function attribute(value: string): string {
  return escapeXml(visible(value));
}

/** Like `attribute`, but line breaks stay line breaks. */
function text(value: string): string {
  return value.split('\n').map(attribute).join('\n');
}

function visible(value: string): string {
  return sanitizeForTerminal(value).replace(XML_FORBIDDEN, (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`);
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

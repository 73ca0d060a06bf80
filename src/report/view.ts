import {
  isProblem,
  PROBLEM_STATUSES,
  type AuditReport,
  type Finding,
  type Gate,
  type ImageResult,
  type ProblemStatus,
} from '../evaluate/result.js';
import type pc from 'picocolors';
import { SEVERITIES, type Status } from '../rules/support/types.js';

// What every report format agrees on: which findings show, in which order, and how the totals read.

/** `7 failed, 8 passed, 4 skipped`: the statuses that occur, in the given order. */
export function countsText<S extends string>(statuses: readonly S[], order: readonly S[]): string {
  const words: Readonly<Record<string, string>> = {
    pass: 'passed',
    warn: 'warned',
    fail: 'failed',
    skip: 'skipped',
    error: 'errored',
  };
  return order
    .map((status) => [status, statuses.filter((s) => s === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${words[status] ?? status}`)
    .join(', ');
}

/** A fix's advice is our own text with `code` spans in it: `code` renders the spans, `escape` the rest. */
export function withCodeSpans(text: string, escape: (text: string) => string, code: (text: string) => string): string {
  return text
    .split(/`([^`\n]+)`/)
    .map((part, i) => (i % 2 === 1 ? code(part) : escape(part)))
    .join('');
}

/** A rule's fix is one line of advice, then the snippet that does it. */
export function splitFix(fix: string): { readonly lead: string; readonly code: string } {
  const [lead = '', ...code] = fix.split('\n');
  return { lead, code: code.join('\n') };
}

/** Lowest score first; equal scores keep the report's order. */
export function worstFirst(images: readonly ImageResult[]): ImageResult[] {
  return [...images].sort((a, b) => a.score - b.score);
}

/** Failed and errored rules of an image, in report order. */
export function failedRules(image: ImageResult): Finding[] {
  return image.findings.filter((finding) => finding.status === 'fail' || finding.status === 'error');
}

/** Errors, then failures, then warnings; the most severe first within each. */
export function findingsToShow(findings: readonly Finding[]): Finding[] {
  const rank = (finding: Finding) =>
    PROBLEM_STATUSES.indexOf(finding.status as ProblemStatus) * SEVERITIES.length +
    SEVERITIES.indexOf(finding.severity);
  return findings.filter(isProblem).sort((a, b) => rank(a) - rank(b));
}

/** `3 images audited: 1 passes, 2 fail the gate. Gate: …` (plain text; each format escapes it). */
export function totalsLine(report: AuditReport): string {
  const total = report.images.length;
  const failing = report.images.filter((image) => !image.passed).length;
  const passing = total - failing;
  const counts =
    `${total} ${total === 1 ? 'image' : 'images'} audited: ${passing} ${passing === 1 ? 'passes' : 'pass'}, ` +
    `${failing} ${failing === 1 ? 'fails' : 'fail'} the gate.`;
  return `${counts} ${gatePolicy(report)}`;
}

/** `Gate: an image fails on a failed finding of severity high or worse or a score under 80.` or `Gate: never fails.` */
export function gateSentence(gate: Gate): string {
  const { failOn, failUnder } = gate;
  const conditions = [
    ...(failOn === 'none' ? [] : [`a failed finding of severity ${failOn} or worse`]),
    ...(failUnder > 0 ? [`a score under ${failUnder}`] : []),
  ];
  return conditions.length > 0 ? `Gate: an image fails on ${conditions.join(' or ')}.` : 'Gate: never fails.';
}

const sameGate = (a: Gate, b: Gate) => a.failOn === b.failOn && a.failUnder === b.failUnder;

/** The run's gate, or a note that images have their own; then what a baseline changes. */
export function gatePolicy(report: AuditReport): string {
  const own = report.images.some((image) => !sameGate(image.gate, report.gate));
  const ownNote = own ? ' Some images have their own gate (images: in the configuration), shown with each.' : '';
  let policy = `${gateSentence(report.gate)}${ownNote}`;
  if (report.baseline) {
    policy += ` Only findings missing from the baseline ${report.baseline.file} (${report.baseline.findings} findings) count.`;
  }
  return policy;
}

/** The image's own gate sentence when it differs from the run's, else null: shown with the image. */
export function ownGateSentence(image: ImageResult, report: AuditReport): string | null {
  return sameGate(image.gate, report.gate) ? null : gateSentence(image.gate);
}

/** How each format writes a status. */
export const STATUS_LABEL: Readonly<Record<Status, string>> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  skip: 'SKIP',
  error: 'ERROR',
};

export type Colors = ReturnType<typeof pc.createColors>;

/** An SGR color sequence, as picocolors writes them: no width, never split. */
const COLOR_CODE = /\u001b\[[0-9;]*m/y;

/** Terminal columns of one code point: East Asian wide and full-width characters and emoji take two. */
function codePointWidth(code: number): number {
  if (code >= 0x300 && code <= 0x36f) return 0; // combining marks
  return (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
    ? 2
    : 1;
}

/** The pieces of a word: color sequences (kept whole, no width) and code points with their width. */
function* piecesOf(word: string): Generator<{ readonly text: string; readonly width: number }> {
  for (let at = 0; at < word.length;) {
    COLOR_CODE.lastIndex = at;
    const color = word.charCodeAt(at) === 0x1b ? COLOR_CODE.exec(word) : null;
    if (color) {
      yield { text: color[0], width: 0 };
      at += color[0].length;
      continue;
    }
    const code = word.codePointAt(at)!;
    const text = String.fromCodePoint(code);
    yield { text, width: codePointWidth(code) };
    at += text.length;
  }
}

/** Terminal columns of a one-line string. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const piece of piecesOf(text)) width += piece.width;
  return width;
}

/**
 * A table cell's text in lines of at most `width` columns (see grid.ts). Broken between words; a word wider than
 * the column (a path, a digest) is broken inside rather than cut off. Linear in the text.
 */
export function wrapCell(text: string, width: number): string {
  const lines: string[] = [];
  for (const source of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    const tokens = source.split(/( +)/);
    for (let i = 0; i < tokens.length; i += 2) {
      const word = tokens[i]!;
      const space = i === 0 ? '' : tokens[i - 1]!;
      const wordWidth = displayWidth(word);
      if (lineWidth + space.length + wordWidth <= width) {
        line += space + word;
        lineWidth += space.length + wordWidth;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      lineWidth = 0;
      for (const piece of piecesOf(word)) {
        if (lineWidth + piece.width > width && lineWidth > 0) {
          lines.push(line);
          line = '';
          lineWidth = 0;
        }
        line += piece.text;
        lineWidth += piece.width;
      }
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** At most `limit` characters of an image's text for the terminal, and how much was left out; JSON keeps it all. */
export function shortened(text: string, limit = 2000): string {
  if (text.length <= limit) return text;
  const cut = /[\ud800-\udbff]/.test(text[limit - 1]!) ? limit - 1 : limit;
  return `${text.slice(0, cut)}… (${text.length - cut} more characters)`;
}

/**
 * Lines of at most `width` characters, broken between words (a longer word gets a line of its own); continuation
 * lines start with `indent`.
 */
export function wrapWords(text: string, width: number, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

/**
 * Where the base image ends and what that does to the findings, in one sentence, or null when the audit did not tell
 * them apart (facts recorded before imgaudit did). A guess says it is one, and how to be sure.
 */
export function baseSentence(image: ImageResult): string | null {
  const base = image.facts.base;
  const split = image.baseSplit;
  if (!base || !split) return null;
  const layers = `${base.layers} ${base.layers === 1 ? 'layer' : 'layers'}`;
  const steps = `${base.historySteps} history ${base.historySteps === 1 ? 'step' : 'steps'}`;
  const where =
    base.source === 'base-image'
      ? `Base image ${base.reference ?? ''}: its ${layers} and ${steps}.`
      : base.source === 'heuristic'
        ? `Base image guessed from the history (the last CMD or ENTRYPOINT before the image's own layers): the first ` +
          `${layers} and ${steps}; a guess, give --base-image to be sure.`
        : "No base image told apart: every layer counts as the image's own.";
  const note = base.note ? ` Note: ${base.note}.` : '';
  const counts = `Findings: ${split.own} own, ${split.base} from the base image`;
  const handling =
    split.baseFindings === 'gate'
      ? ''
      : split.baseFindings === 'report'
        ? '; those do not fail the gate (baseFindings: report)'
        : `; ${split.hidden} hidden, still counted in the score (baseFindings: hide)`;
  return `${where}${note} ${counts}${handling}.`;
}

/**
 * The origin of the evidence item at `index` (`base`, `build step 4: RUN …`, `unknown`) to show beside it; null when
 * not known, or `image` (the image as a whole: the finding's own tag says it already).
 */
export function evidenceOriginAt(finding: Finding, index: number): string | null {
  const origin = finding.evidenceOrigin?.[index];
  if (origin === undefined || origin === 'image') return null;
  // `history #4: RUN …` names its step already: only what the origin adds (its Dockerfile line) is worth repeating.
  const step = /^history #(\d+)\b/.exec(finding.evidence[index] ?? '')?.[1];
  const own = /^build step (\d+)(?: \(Dockerfile (line \d+)\))?(?::|$)/.exec(origin);
  if (step !== undefined && own?.[1] === step) return own[2] === undefined ? null : `Dockerfile ${own[2]}`;
  return origin;
}

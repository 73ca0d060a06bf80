import { stat } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { audit } from '../audit.js';
import { DEFAULT_REGRESSION_POLICY, diffReports, type RegressionPolicy } from '../compare/diff.js';
import { UsageError } from '../shared/errors.js';
import { parseReference } from '../docker/reference.js';
import { isPattern } from '../docker/resolve.js';
import { DIFF_FORMATS, renderDiff, type DiffFormat } from '../report/diff-report.js';
import { readReportFile } from '../compare/report-file.js';
import type { AuditReport, Gate } from '../evaluate/result.js';
import { EXIT } from './exit-codes.js';
import { parseSeverityThreshold } from './parse.js';
import { createProgress, type Progress } from './progress.js';
import {
  addAuditFlags,
  auditFlagOptions,
  guarded,
  parseArgs,
  terminalOutput,
  writeOutput,
  type AuditFlags,
} from './shared.js';

interface DiffOptions extends AuditFlags {
  format: DiffFormat;
  output?: string;
  failOnRegression: boolean;
  maxGrowth: number;
  failOn: Gate['failOn'];
}

function buildDiffProgram(): Command {
  const program = new Command('imgaudit diff')
    .description(
      'Compare two audits of an image, e.g. main against a pull request: size, layers, score, and the findings that ' +
        'appeared or disappeared.\n' +
        'OLD and NEW are image references (audited now, in one run) or JSON reports written by imgaudit --format json.',
    )
    .argument('<old>', 'the image before (a reference or a report.json)')
    .argument('<new>', 'the image after (a reference or a report.json)')
    .option(
      '--fail-on-regression',
      'exit 1 when NEW regressed: grew more than --max-growth, scored lower, or has a new failed ' +
        'finding at --fail-on or worse',
      false,
    )
    .option(
      '--max-growth <percent>',
      'size growth in percent that counts as a regression',
      parsePercent,
      DEFAULT_REGRESSION_POLICY.maxGrowthPercent,
    )
    .option(
      '--fail-on <severity>',
      'a new failed finding of this severity or worse is a regression: critical, high, medium, low, info, none',
      parseSeverityThreshold,
      DEFAULT_REGRESSION_POLICY.failOn,
    )
    .addOption(new Option('-f, --format <format>', 'diff format').choices(DIFF_FORMATS).default('table'))
    .option('-o, --output <file>', 'write the diff to a file instead of standard output');
  return addAuditFlags(program);
}

/** `imgaudit diff OLD NEW`: 0, or 1 with --fail-on-regression when NEW regressed; 2 and 3 as for an audit. */
export async function runDiff(argv: readonly string[]): Promise<number> {
  const program = parseArgs(buildDiffProgram(), argv, 'imgaudit diff --help');
  if (typeof program === 'number') return program;
  const [oldInput, newInput] = program.args as [string, string];
  const options = program.opts<DiffOptions>();
  let progress: Progress | null = null;
  return guarded(
    options.debug,
    async () => {
      const policy: RegressionPolicy = { maxGrowthPercent: options.maxGrowth, failOn: options.failOn };
      const sides = await Promise.all([sideOf(oldInput), sideOf(newInput)]);
      const refs = sides.flatMap((side) => (side.kind === 'image' ? [side.ref] : []));
      let audited: AuditReport | null = null;
      if (refs.length > 0) {
        progress = createProgress(process.stderr, options.progress !== false);
        audited = await audit(refs, { ...(await auditFlagOptions(options)), onProgress: progress.onProgress });
        progress.finish();
      }
      const [oldReport, newReport] = sides.map((side) =>
        side.kind === 'report' ? side.report : onlyImage(audited!, side.ref),
      );
      const diff = diffReports(oldReport!, newReport!, policy);
      const text = renderDiff(
        diff,
        options.format,
        options.output ? { color: false, width: 120 } : terminalOutput(options.color),
      );
      await writeOutput(text, options.output ?? null, `${options.format} diff`);
      return options.failOnRegression && diff.regressed ? EXIT.GATE_FAILED : EXIT.OK;
    },
    () => progress?.finish(),
  );
}

type Side =
  { readonly kind: 'report'; readonly report: AuditReport } | { readonly kind: 'image'; readonly ref: string };

/** An existing file is a report; anything else must be an image reference (validated before any daemon call). */
async function sideOf(input: string): Promise<Side> {
  const isFile = await stat(input).then(
    (found) => found.isFile(),
    () => false,
  );
  if (isFile) return { kind: 'report', report: await readReportFile(input, 'report') };
  if (/\.json$/i.test(input)) throw new UsageError(`cannot read report ${input}: ENOENT`);
  if (isPattern(input)) throw new UsageError(`diff compares two images or reports, not a pattern: ${input}`);
  parseReference(input);
  return { kind: 'image', ref: input };
}

function onlyImage(report: AuditReport, ref: string): AuditReport {
  return { ...report, images: report.images.filter((image) => image.ref === ref) };
}

function parsePercent(text: string): number {
  const value = Number(text.replace(/%$/, ''));
  if (!/^\s*\d+(\.\d+)?%?\s*$/.test(text) || !Number.isFinite(value))
    throw new InvalidArgumentError(`"${text}" is not a percentage (e.g. 10 or 12.5)`);
  return value;
}

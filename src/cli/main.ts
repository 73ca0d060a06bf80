import { Command, Option } from 'commander';
import { audit, type AuditOptions } from '../audit.js';
import type { SweepResult } from '../collect/runtime/labels.js';
import { UsageError } from '../shared/errors.js';
import { readInputsFile } from '../docker/resolve.js';
import { sanitizeForTerminal } from '../shared/escape.js';
import { FORMATS, renderReport, type Format } from '../report/index.js';
import type { AuditReport, Gate } from '../evaluate/result.js';
import { DEFAULT_RULE_OPTIONS, misorderedPair, type VulnerabilityThreshold } from '../rules/support/types.js';
import { TOOL_VERSION } from '../shared/version.js';
import { readBaseline } from './baseline-file.js';
import { EXIT } from './exit-codes.js';
import {
  parseIntegerIn,
  parseList,
  parsePlatform,
  parseSeverityThreshold,
  parseSize,
  parseVulnerabilityThreshold,
} from './parse.js';
import { createProgress, type Progress } from './progress.js';
import {
  addAuditFlags,
  auditFlagOptions,
  collectList,
  guarded,
  parseArgs,
  terminalOutput,
  writeOutput,
  type AuditFlags,
} from './shared.js';

interface CliOptions extends AuditFlags {
  format: Format;
  output: string[];
  dockerfile: string[];
  buildContext: string[];
  vulnReport: string[];
  failOn?: Gate['failOn'];
  failUnder?: number;
  baseline?: string;
  sizeWarn?: number;
  sizeFail?: number;
  layerLimit?: number;
  requiredLabels?: string[];
  vulnFailOn?: VulnerabilityThreshold;
  vulnIgnoreUnfixed?: boolean;
  vulnMaxAge?: number;
  fromFile: string[];
  concurrency?: number;
  compose: string[];
  input: string[];
  platform?: string;
  load: boolean;
  source: 'engine' | 'registry';
  insecureRegistry: string[];
  baseImage?: string;
  ignoreBase?: boolean;
}

function buildProgram(): Command {
  const program = new Command('imgaudit')
    .description('Audit built Docker images on a live Docker engine: is each image production-ready?')
    .version(TOOL_VERSION, '-V, --version')
    .argument(
      '[image...]',
      "image references (name:tag, name@sha256:…, image id) or tag patterns ('myorg/*', '*:latest') on the local engine; " +
        'registry://HOST[:PORT]/REPO:TAG (or @sha256:…) reads the image from that registry, with no engine',
    )
    .option('--from-file <file>', 'read references or patterns from a file, one per line (repeatable)', collectList, [])
    .option('--compose <file>', "audit every service's image of a compose file (repeatable)", collectList, [])
    .option(
      '--input <path>',
      'audit the images of a docker save archive, an OCI layout directory or its tar, without an engine (repeatable)',
      collectList,
      [],
    )
    .option(
      '--load',
      'load each --input or registry image into the engine (without a name) to run its runtime phase too; removed afterwards',
      false,
    )
    .option(
      '--platform <os/arch[/variant]>',
      "which platform of a multi-platform --input or registry image to audit (default: this machine's, e.g. linux/amd64)",
      parsePlatform,
    )
    .addOption(
      new Option(
        '--source <source>',
        "where plain image references are read: the Docker engine, or each reference's registry (as docker pull names it) with no engine",
      )
        .choices(['engine', 'registry'])
        .default('engine'),
    )
    .option(
      '--insecure-registry <host[:port]>',
      "allow plain HTTP to this registry when HTTPS fails ('*': every registry; localhost and 127.0.0.0/8 always) (repeatable)",
      collectList,
      [],
    )
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('table'))
    .option(
      '-o, --output <[format=]file>',
      'write the report to a file instead of standard output; FORMAT=FILE writes that format too (repeatable)',
      collectList,
      [],
    )
    .option(
      '--dockerfile <[image=]path>',
      'the Dockerfile the image was built from: read for the Dockerfile rules and SARIF result locations (repeatable)',
      collectList,
      [],
    )
    .option(
      '--build-context <[image=]dir>',
      "the Dockerfile's build context (default: the Dockerfile's folder; alone: DIR/Dockerfile) (repeatable)",
      collectList,
      [],
    )
    .option(
      '--vuln-report <[image=]file>',
      "a vulnerability scanner's JSON report of the image (trivy, grype or CycloneDX) for the vulnerability-scan rule " +
        '(repeatable, IMAGE=FILE with several images)',
      collectList,
      [],
    )
    .option(
      '--fail-on <severity>',
      'fail the gate on a failed finding of this severity or worse: critical, high, medium, low, ' +
        'info, none (default: high)',
      parseSeverityThreshold,
    )
    .option(
      '--fail-under <score>',
      'fail the gate when an image scores below this, 0-100 (default: 0)',
      parseIntegerIn(0, 100),
    )
    .option(
      '--baseline <report.json>',
      'a JSON report of an earlier run: fail the gate only on findings it does not hold',
    )
    .option('--size-warn <size>', 'warn when the image is larger than this (default: 100MB)', parseSize)
    .option('--size-fail <size>', 'fail when the image is larger than this (default: 500MB)', parseSize)
    .option(
      '--layer-limit <count>',
      `fail when the image has this many layers or more (default: ${DEFAULT_RULE_OPTIONS.layerLimit})`,
      parseIntegerIn(1, 10_000),
    )
    .option(
      '--required-labels <labels>',
      'comma-separated labels every image must carry (default: OCI source, version, revision, created)',
      parseList,
    )
    .option(
      '--vuln-fail-on <severity>',
      'vulnerability-scan fails on a vulnerability of this severity or worse in the --vuln-report: critical, high, ' +
        'medium, low (default: high)',
      parseVulnerabilityThreshold,
    )
    .option('--vuln-ignore-unfixed', 'vulnerability-scan fails only on vulnerabilities that have a fixed version')
    .option(
      '--vuln-max-age <days>',
      'vulnerability-scan warns when the --vuln-report is older than this many days (default: 7)',
      parseIntegerIn(0, 3650),
    )
    .option('--concurrency <count>', 'how many images to audit at once (default: 2)', parseIntegerIn(1, 64))
    .option(
      '--base-image <ref>',
      'the image these were built on (e.g. the final FROM), on the engine: tells its findings from your own ' +
        '(default: a guess from the history)',
    )
    .option(
      '--ignore-base',
      'findings that come from the base image alone are reported but do not fail the gate (baseFindings: report)',
    );
  return addAuditFlags(program).addHelpText(
    'after',
    '\nCompare two audits (image references or JSON reports): imgaudit diff OLD NEW (see imgaudit diff --help)\n',
  );
}

/** Runs the CLI and returns its exit code; never throws. */
export async function run(argv: readonly string[]): Promise<number> {
  if (argv[2] === 'diff') return (await import('./diff-command.js')).runDiff(argv.slice(0, 2).concat(argv.slice(3)));
  const started = performance.now();
  const program = parseArgs(buildProgram(), argv, 'imgaudit --help');
  if (typeof program === 'number') return program;
  const refs = program.args;
  const options = program.opts<CliOptions>();
  let progress: Progress | null = null;
  return guarded(
    options.debug,
    async () => {
      const fromFiles = (await Promise.all(options.fromFile.map((file) => readInputsFile(file)))).flat();
      const inputs = [...refs, ...fromFiles];
      if (inputs.length === 0 && options.compose.length === 0 && options.input.length === 0) {
        throw new UsageError(
          'no image named: give an image reference or pattern, --from-file, --compose or --input (see imgaudit --help)',
        );
      }
      destinations(options.format, options.output);
      const auditOptions = await toAuditOptions(options);
      progress = createProgress(process.stderr, options.progress !== false);
      let layerStats = '';
      const report = await audit(inputs, {
        ...auditOptions,
        onProgress: progress.onProgress,
        onSweep: (result) => {
          if (options.debug) process.stderr.write(sweepNote(result));
        },
        onLayerStats: (stats) => {
          layerStats =
            `, layers: ${stats.streamedLayers} streamed (${stats.streamedImages} images), ${stats.diskHits} from the disk cache, ` +
            `${stats.memoryHits} shared, ${stats.cachedImages} images' files from the disk cache`;
        },
      });
      progress.finish();
      await writeReports(report, options);
      if (options.debug)
        process.stderr.write(
          `imgaudit: debug: ${Math.round(performance.now() - started)} ms, peak RSS ` +
            `${Math.round(process.resourceUsage().maxRSS / 1024)} MB${layerStats}\n`,
        );
      return report.passed ? EXIT.OK : EXIT.GATE_FAILED;
    },
    () => progress?.finish(),
  );
}

/** What the sweep of containers left by ended runs did, for --debug; nothing when there was nothing to do. */
export function sweepNote({ removed, error }: SweepResult): string {
  const lines = [
    ...(removed.length > 0 ? [`removed ${removed.length} container(s) left by ended runs: ${removed.join(', ')}`] : []),
    ...(error !== null ? [`the sweep of containers left by ended runs failed: ${error}`] : []),
  ];
  return lines.map((line) => `imgaudit: debug: ${sanitizeForTerminal(line)}\n`).join('');
}

async function toAuditOptions(options: CliOptions): Promise<AuditOptions> {
  if (misorderedPair({ sizeWarnBytes: options.sizeWarn, sizeFailBytes: options.sizeFail })) {
    throw new UsageError(
      `--size-warn (${options.sizeWarn} bytes) must not be larger than --size-fail (${options.sizeFail} bytes)`,
    );
  }
  const [flagOptions, baseline] = await Promise.all([
    auditFlagOptions(options),
    options.baseline ? readBaseline(options.baseline) : undefined,
  ]);
  return {
    ...flagOptions,
    rules: {
      sizeWarnBytes: options.sizeWarn,
      sizeFailBytes: options.sizeFail,
      layerLimit: options.layerLimit,
      requiredLabels: options.requiredLabels,
      vulnFailOn: options.vulnFailOn,
      vulnIgnoreUnfixed: options.vulnIgnoreUnfixed,
      vulnMaxAgeDays: options.vulnMaxAge,
    },
    gate: { failOn: options.failOn, failUnder: options.failUnder },
    ...(baseline ? { baseline } : {}),
    composeFiles: options.compose,
    inputs: options.input,
    loadInputs: options.load,
    source: options.source,
    insecureRegistries: options.insecureRegistry,
    ...(options.platform ? { platform: options.platform } : {}),
    dockerfiles: dockerfileMap(options.dockerfile),
    buildContexts: dockerfileMap(options.buildContext),
    ...(options.vulnReport.length > 0 ? { vulnReports: dockerfileMap(options.vulnReport) } : {}),
    concurrency: options.concurrency,
    ...(options.baseImage !== undefined ? { baseImage: options.baseImage } : {}),
    ...(options.ignoreBase ? { baseFindings: 'report' as const } : {}),
  };
}

interface Destination {
  readonly format: Format;
  /** null: standard output. */
  readonly file: string | null;
}

/**
 * `-o FILE` sends the --format report to FILE instead of standard output; `-o FORMAT=FILE` writes that format as
 * well. Checked before the audit starts, so a typo costs no audit.
 */
export function destinations(format: Format, outputs: readonly string[]): Destination[] {
  const extra: Destination[] = [];
  let main: string | null = null;
  for (const output of outputs) {
    const match = /^([a-z]+)=(.+)$/.exec(output);
    if (match && (FORMATS as readonly string[]).includes(match[1]!)) {
      extra.push({ format: match[1] as Format, file: match[2]! });
    } else if (match) {
      // A file really named like `name=x` can be written as `./name=x`.
      throw new UsageError(`--output ${output}: unknown format "${match[1]}" (one of ${FORMATS.join(', ')})`);
    } else if (main !== null) {
      throw new UsageError(`--output given two plain files (${main}, ${output}): name the others FORMAT=FILE`);
    } else {
      main = output;
    }
  }
  const all = [{ format, file: main }, ...extra];
  const files = all.flatMap((destination) => (destination.file ? [destination.file] : []));
  const twice = files.find((file, i) => files.indexOf(file) !== i);
  if (twice) throw new UsageError(`--output names ${twice} twice`);
  return all;
}

async function writeReports(report: AuditReport, options: CliOptions): Promise<void> {
  for (const { format, file } of destinations(options.format, options.output)) {
    const text = await renderReport(format, report, {
      ...(file === null ? terminalOutput(options.color) : { color: false, width: 120 }),
      dockerfileFor: (ref) => report.images.find((image) => image.ref === ref)?.dockerfile,
    });
    await writeOutput(text, file, format);
  }
}

/**
 * `--dockerfile PATH` is every image's; `--dockerfile IMAGE=PATH` one image's (references hold no `=`); the same for
 * `--build-context`.
 */
function dockerfileMap(values: readonly string[]): Map<string, string> {
  return new Map(
    values.map((value) => {
      const at = value.indexOf('=');
      return at === -1 ? ['', value] : [value.slice(0, at), value.slice(at + 1)];
    }),
  );
}

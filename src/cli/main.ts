import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { audit, type AuditOptions } from '../audit.js';
import { isShuttingDown } from '../cleanup.js';
import { findConfigFile, loadConfig } from '../config/load.js';
import type { ImgauditConfig } from '../config/types.js';
import { UsageError } from '../docker/errors.js';
import { readInputsFile } from '../docker/resolve.js';
import { FORMATS, renderReport, type Format } from '../report/index.js';
import type { AuditReport, Gate } from '../result.js';
import { DEFAULT_RUNTIME_OPTIONS, type RuntimeOptions } from '../collect/runtime/index.js';
import { DEFAULT_RULE_OPTIONS } from '../rules/types.js';
import { readBaseline } from './baseline-file.js';
import { TOOL_VERSION } from '../version.js';
import { readEnvFile } from './env-file.js';
import { createProgress, type Progress } from './progress.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { parseIntegerIn, parseList, parseSeverityThreshold, parseSize } from './parse.js';


interface CliOptions {
  format: Format;
  output: string[];
  dockerfile: string[];
  failOn?: Gate['failOn'];
  failUnder?: number;
  config?: string | false;
  baseline?: string;
  sizeWarn?: number;
  sizeFail?: number;
  layerLimit?: number;
  requiredLabels?: string[];
  timeout: number;
  fs: boolean;
  run: boolean;
  cache: boolean;
  cacheDir?: string;
  progress?: boolean;
  fromFile: string[];
  concurrency?: number;
  compose: string[];
  env: string[];
  envFile: string[];
  window?: number;
  healthTimeout?: number;
  stopTimeout?: number;
  color: boolean;
  debug: boolean;
}

function buildProgram(): Command {
  return new Command('imgaudit')
    .description('Audit built Docker images on a live Docker engine: is each image production-ready?')
    .version(TOOL_VERSION, '-V, --version')
    .argument('[image...]', "image references (name:tag, name@sha256:…, image id) or tag patterns ('myorg/*', '*:latest') on the local engine")
    .option('--from-file <file>', 'read references or patterns from a file, one per line (repeatable)', collectList, [])
    .option('--compose <file>', "audit every service's image of a compose file (repeatable)", collectList, [])
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('table'))
    .option('-o, --output <[format=]file>', 'write the report to a file instead of standard output; FORMAT=FILE writes that format too (repeatable)', collectList, [])
    .option('--dockerfile <[image=]path>', 'the Dockerfile the image was built from, for SARIF result locations (repeatable)', collectList, [])
    .option('--fail-on <severity>', 'fail the gate on a failed finding of this severity or worse: critical, high, medium, low, info, none (default: high)', parseSeverityThreshold)
    .option('--fail-under <score>', 'fail the gate when an image scores below this, 0-100 (default: 0)', parseIntegerIn(0, 100))
    .option('-c, --config <file>', 'read settings from this file (default: .imgaudit.yml or .imgaudit.yaml in the working directory)')
    .option('--no-config', 'ignore .imgaudit.yml')
    .option('--baseline <report.json>', 'a JSON report of an earlier run: fail the gate only on findings it does not hold')
    .option('--size-warn <size>', 'warn when the image is larger than this (default: 100MB)', parseSize)
    .option('--size-fail <size>', 'fail when the image is larger than this (default: 500MB)', parseSize)
    .option('--layer-limit <count>', `fail when the image has this many layers or more (default: ${DEFAULT_RULE_OPTIONS.layerLimit})`, parseIntegerIn(1, 10_000))
    .option('--required-labels <labels>', 'comma-separated labels every image must carry (default: OCI source, version, revision, created)', parseList)
    .option('--concurrency <count>', 'how many images to audit at once (default: 2)', parseIntegerIn(1, 64))
    .option('--timeout <seconds>', 'deadline for each Docker engine call', parseIntegerIn(1, 3600), 30)
    .option('--no-fs', 'skip the filesystem scan of the image layers')
    .option('--no-run', 'skip the runtime checks (imgaudit then never starts a container)')
    .option('--no-cache', 'read every layer from the engine, ignoring and not updating the layer cache')
    .option('--cache-dir <dir>', 'where the per-layer scan cache lives (default: $IMGAUDIT_CACHE_DIR, else ~/.cache/imgaudit)')
    .option('--no-progress', 'no progress line on stderr (it is shown only when stderr is a terminal)')
    .option('-e, --env <name=value>', 'environment variable for the audited container (repeatable)', collectEnv, [])
    .option('--env-file <file>', 'read environment variables for the container from a file (repeatable)', collectList, [])
    .option('--window <seconds>', `how long to watch the running container (default: ${DEFAULT_RUNTIME_OPTIONS.windowSeconds})`, parseIntegerIn(1, 600))
    .option('--health-timeout <seconds>', `longest extra wait for the HEALTHCHECK verdict (default: ${DEFAULT_RUNTIME_OPTIONS.healthTimeoutSeconds})`, parseIntegerIn(0, 600))
    .option('--stop-timeout <seconds>', `grace period after the stop signal before the container is killed (default: ${DEFAULT_RUNTIME_OPTIONS.stopGraceSeconds})`, parseIntegerIn(1, 600))
    .option('--no-color', 'never color the table (NO_COLOR is honoured too)')
    .option('--debug', 'print the stack trace of an error, and the run time and peak memory', false);
}

/** Runs the CLI and returns its exit code; never throws. */
export async function run(argv: readonly string[]): Promise<number> {
  const started = performance.now();
  const program = buildProgram();
  program.exitOverride();
  program.configureOutput({
    outputError: (message, write) => write(`imgaudit: ${message.trim().replace(/^error: /, '')} (see imgaudit --help)\n`),
  });
  let refs: string[];
  let options: CliOptions;
  try {
    program.parse(argv as string[]);
    refs = program.args;
    options = program.opts<CliOptions>();
  } catch (error) {
    if (error instanceof CommanderError) {
      const shown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      return shown ? EXIT.OK : EXIT.INPUT;
    }
    throw error;
  }
  let progress: Progress | null = null;
  try {
    const fromFiles = (await Promise.all(options.fromFile.map((file) => readInputsFile(file)))).flat();
    const inputs = [...refs, ...fromFiles];
    if (inputs.length === 0 && options.compose.length === 0) {
      throw new UsageError('no image named: give an image reference or pattern, --from-file or --compose (see imgaudit --help)');
    }
    destinations(options.format, options.output);
    const auditOptions = await toAuditOptions(options);
    progress = createProgress(process.stderr, options.progress !== false);
    let layerStats = '';
    const report = await audit(inputs, {
      ...auditOptions,
      onProgress: progress.onProgress,
      onLayerStats: (stats) => {
        layerStats =
          `, layers: ${stats.streamedLayers} streamed (${stats.streamedImages} images), ${stats.diskHits} from the disk cache, ` +
          `${stats.memoryHits} shared, ${stats.cachedImages} images' files from the disk cache`;
      },
    });
    progress.finish();
    await writeReports(report, options);
    if (options.debug) process.stderr.write(`imgaudit: debug: ${Math.round(performance.now() - started)} ms, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB${layerStats}\n`);
    return report.passed ? EXIT.OK : EXIT.GATE_FAILED;
  } catch (error) {
    progress?.finish();
    // The signal handler has said why and is removing containers; the cancelled work's error adds nothing.
    if (isShuttingDown()) return EXIT.INTERRUPTED;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`imgaudit: ${message.split('\n')[0]}\n`);
    if (options.debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return exitCodeFor(error);
  }
}

async function toAuditOptions(options: CliOptions): Promise<AuditOptions> {
  if (options.sizeWarn !== undefined && options.sizeFail !== undefined && options.sizeWarn > options.sizeFail) {
    throw new UsageError(`--size-warn (${options.sizeWarn} bytes) must not be larger than --size-fail (${options.sizeFail} bytes)`);
  }
  const [config, baseline] = await Promise.all([configFor(options.config), options.baseline ? readBaseline(options.baseline) : undefined]);
  return {
    rules: { sizeWarnBytes: options.sizeWarn, sizeFailBytes: options.sizeFail, layerLimit: options.layerLimit, requiredLabels: options.requiredLabels },
    gate: { failOn: options.failOn, failUnder: options.failUnder },
    config,
    ...(baseline ? { baseline } : {}),
    timeoutMs: options.timeout * 1000,
    composeFiles: options.compose,
    dockerfiles: dockerfileMap(options.dockerfile),
    concurrency: options.concurrency,
    filesystem: options.fs,
    cache: options.cache ? (options.cacheDir ?? true) : false,
    runtime: options.run ? await runtimeOptions(options) : false,
  };
}

/** `--config FILE`, else `.imgaudit.yml` in the working directory when there is one; `--no-config`: none. */
async function configFor(option: string | false | undefined): Promise<ImgauditConfig | null> {
  if (option === false) return null;
  const path = option ?? (await findConfigFile());
  return path ? loadConfig(path, option ?? basename(path)) : null;
}

async function runtimeOptions(options: CliOptions): Promise<Partial<RuntimeOptions>> {
  const fromFiles = (await Promise.all(options.envFile.map((file) => readEnvFile(file)))).flat();
  return {
    env: [...fromFiles, ...options.env],
    windowSeconds: options.window,
    healthTimeoutSeconds: options.healthTimeout,
    stopGraceSeconds: options.stopTimeout,
  };
}

function collectEnv(value: string, previous: string[]): string[] {
  if (value.includes('=')) return [...previous, value];
  // `-e NAME` passes this process's value, as docker run does.
  const fromProcess = process.env[value];
  return fromProcess === undefined ? previous : [...previous, `${value}=${fromProcess}`];
}

function collectList(value: string, previous: string[]): string[] {
  return [...previous, value];
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
  const toTerminal = process.stdout.isTTY === true;
  for (const { format, file } of destinations(options.format, options.output)) {
    const onScreen = file === null && toTerminal;
    const text = await renderReport(format, report, {
      color: onScreen && options.color && !process.env.NO_COLOR,
      width: onScreen ? (process.stdout.columns ?? 120) : 120,
      dockerfileFor: (ref) => report.images.find((image) => image.ref === ref)?.dockerfile,
    });
    if (file === null) {
      process.stdout.write(text);
      continue;
    }
    await writeFile(file, text).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot write ${file}: ${error.code ?? error.message}`);
    });
    process.stderr.write(`imgaudit: ${format} report written to ${file}\n`);
  }
}

/** `--dockerfile PATH` is every image's; `--dockerfile IMAGE=PATH` one image's (references hold no `=`). */
function dockerfileMap(values: readonly string[]): Map<string, string> {
  return new Map(
    values.map((value) => {
      const at = value.indexOf('=');
      return at === -1 ? ['', value] : [value.slice(0, at), value.slice(at + 1)];
    }),
  );
}

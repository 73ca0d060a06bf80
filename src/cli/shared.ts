import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import type { AuditOptions } from '../audit.js';
import { isShuttingDown } from '../shared/cleanup.js';
import { DEFAULT_RUNTIME_OPTIONS, type RuntimeOptions } from '../collect/runtime/options.js';
import { findConfigFile, loadConfig } from '../config/load.js';
import type { ImgauditConfig } from '../config/types.js';
import { UsageError } from '../shared/errors.js';
import { sanitizeForTerminal } from '../shared/escape.js';
import { redactText } from '../secrets/redactor.js';
import { readEnvFile } from './env-file.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { parseIntegerIn } from './parse.js';

/** The flags of every command that audits images: how to reach the engine, which phases run, and how. */
export interface AuditFlags {
  config?: string | false;
  context?: string;
  timeout: number;
  scanTimeout: number;
  fs: boolean;
  run: boolean;
  cache: boolean;
  cacheDir?: string;
  progress?: boolean;
  env: string[];
  envFile: string[];
  window?: number;
  healthTimeout?: number;
  stopTimeout?: number;
  color: boolean;
  debug: boolean;
}

/** Adds the AuditFlags options, in the order `--help` shows them. */
export function addAuditFlags(command: Command): Command {
  return command
    .option(
      '-c, --config <file>',
      'read settings from this file (default: .imgaudit.yml or .imgaudit.yaml in the working directory)',
    )
    .option('--no-config', 'ignore .imgaudit.yml')
    .option(
      '--context <name>',
      'the docker context to audit on (default: DOCKER_HOST, else DOCKER_CONTEXT or the current context)',
    )
    .option('--timeout <seconds>', 'deadline for each Docker engine call', parseIntegerIn(1, 3600), 30)
    .option(
      '--scan-timeout <seconds>',
      'deadline for reading the layers of all images (the docker save stream); 0: none',
      parseIntegerIn(0, 86_400),
      600,
    )
    .option('--no-fs', 'skip the filesystem scan of the image layers')
    .option('--no-run', 'skip the runtime checks (imgaudit then never starts a container)')
    .option('--no-cache', 'read every layer from the engine, ignoring and not updating the layer cache')
    .option(
      '--cache-dir <dir>',
      'where the per-layer scan cache lives (default: $IMGAUDIT_CACHE_DIR, else ~/.cache/imgaudit)',
    )
    .option('--no-progress', 'no progress line on stderr (it is shown only when stderr is a terminal)')
    .option('-e, --env <name=value>', 'environment variable for the audited container (repeatable)', collectEnv, [])
    .option(
      '--env-file <file>',
      'read environment variables for the container from a file (repeatable)',
      collectList,
      [],
    )
    .option(
      '--window <seconds>',
      `how long to watch the running container (default: ${DEFAULT_RUNTIME_OPTIONS.windowSeconds})`,
      parseIntegerIn(1, 600),
    )
    .option(
      '--health-timeout <seconds>',
      `longest extra wait for the HEALTHCHECK verdict (default: ${DEFAULT_RUNTIME_OPTIONS.healthTimeoutSeconds})`,
      parseIntegerIn(0, 600),
    )
    .option(
      '--stop-timeout <seconds>',
      `grace period after the stop signal before the container is killed (default: ` +
        `${DEFAULT_RUNTIME_OPTIONS.stopGraceSeconds})`,
      parseIntegerIn(1, 600),
    )
    .option('--no-color', 'never color the table (NO_COLOR is honoured too)')
    .option('--debug', 'print the stack trace of an error, and the run time and peak memory', false);
}

/** What AuditFlags say, as audit() options. */
export async function auditFlagOptions(flags: AuditFlags): Promise<AuditOptions> {
  return {
    config: await configFor(flags.config),
    ...(flags.context ? { context: flags.context } : {}),
    timeoutMs: flags.timeout * 1000,
    scanTimeoutMs: flags.scanTimeout * 1000,
    filesystem: flags.fs,
    cache: flags.cache ? (flags.cacheDir ?? true) : false,
    runtime: flags.run ? await runtimeOptions(flags) : false,
  };
}

/** `--config FILE`, else `.imgaudit.yml` in the working directory when there is one; `--no-config`: none. */
async function configFor(option: string | false | undefined): Promise<ImgauditConfig | null> {
  if (option === false) return null;
  const path = option ?? (await findConfigFile());
  return path ? loadConfig(path, option ?? basename(path)) : null;
}

async function runtimeOptions(flags: AuditFlags): Promise<Partial<RuntimeOptions>> {
  const fromFiles = (await Promise.all(flags.envFile.map((file) => readEnvFile(file)))).flat();
  return {
    env: [...fromFiles, ...flags.env],
    windowSeconds: flags.window,
    healthTimeoutSeconds: flags.healthTimeout,
    stopGraceSeconds: flags.stopTimeout,
  };
}

function collectEnv(value: string, previous: string[]): string[] {
  if (value.includes('=')) return [...previous, value];
  // `-e NAME` passes this process's value, as docker run does.
  const fromProcess = process.env[value];
  return fromProcess === undefined ? previous : [...previous, `${value}=${fromProcess}`];
}

export function collectList(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Parses argv with commander, its errors as one `imgaudit:` line. Returns the parsed command, or the exit code when
 * there is nothing to run (help, version: 0; a bad flag: 2).
 */
export function parseArgs(program: Command, argv: readonly string[], helpHint: string): Command | number {
  program.exitOverride();
  program.configureOutput({
    outputError: (message, write) =>
      write(`imgaudit: ${sanitizeForTerminal(redactText(message.trim().replace(/^error: /, '')))} (see ${helpHint})\n`),
  });
  try {
    program.parse(argv);
    return program;
  } catch (error) {
    if (error instanceof CommanderError) {
      const shown =
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help';
      return shown ? EXIT.OK : EXIT.INPUT;
    }
    throw error;
  }
}

/** Runs a command's work; an error becomes one line on stderr and its exit code (with the stack under --debug). */
export async function guarded(
  debug: boolean,
  work: () => Promise<number>,
  cleanUp: () => void = () => undefined,
): Promise<number> {
  try {
    return await work();
  } catch (error) {
    cleanUp();
    // The signal handler has said why and is removing containers; the cancelled work's error adds nothing.
    if (isShuttingDown()) return EXIT.INTERRUPTED;
    // An error may quote what it could not use (a reference, a YAML value, the daemon's words): redacted like a report.
    const message = redactText(error instanceof Error ? error.message : String(error));
    process.stderr.write(`imgaudit: ${sanitizeForTerminal(message.split('\n')[0] ?? '')}\n`);
    if (debug && error instanceof Error && error.stack) {
      process.stderr.write(`${redactText(error.stack).split('\n').map(sanitizeForTerminal).join('\n')}\n`);
    }
    return exitCodeFor(error);
  }
}

/** Whether a report written to standard output goes to a terminal: colors and width follow. */
export function terminalOutput(color: boolean): { readonly color: boolean; readonly width: number } {
  const toTerminal = process.stdout.isTTY === true;
  return {
    color: toTerminal && color && !process.env.NO_COLOR,
    width: toTerminal ? (process.stdout.columns ?? 120) : 120,
  };
}

/** To standard output (file null), or to a file with a note on stderr. */
export async function writeOutput(text: string, file: string | null, what: string): Promise<void> {
  if (file === null) {
    process.stdout.write(text);
    return;
  }
  await writeFile(file, text).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot write ${file}: ${error.code ?? error.message}`);
  });
  process.stderr.write(`imgaudit: ${what} report written to ${file}\n`);
}

import { dirname, relative, resolve, sep } from 'node:path';
import type { RuntimeOptions } from '../collect/runtime/options.js';
import { ConfigError } from '../shared/errors.js';
import { isRuleId, RULES, type RuleId } from '../rules/index.js';
import {
  misorderedPair,
  SEVERITIES,
  SEVERITY_THRESHOLDS,
  severityThreshold,
  VULNERABILITY_THRESHOLDS,
  type RuleOptions,
  type Severity,
} from '../rules/support/types.js';
import { parseSize, parseWholeNumber, SIZE_EXAMPLES } from '../shared/parse.js';
import { BASE_FINDINGS } from './types.js';
import type {
  AllowEntry,
  Allowlists,
  Gate,
  ImageOverride,
  ImageSettings,
  ImgauditConfig,
  RuleOverride,
} from './types.js';

export type KeyPath = readonly (string | number)[];

/** Finds the line a key path stands on in the source file, when it can. */
export type Locate = (path: KeyPath) => number | null;

const SETTINGS_KEYS = [
  'gate',
  'thresholds',
  'requiredLabels',
  'rules',
  'allow',
  'runtime',
  'baseFindings',
  'vulnerabilities',
] as const;
const TOP_KEYS = ['version', ...SETTINGS_KEYS, 'images'] as const;

/** Size thresholds: the file's key, and the rule option it sets. */
const SIZE_THRESHOLDS = {
  sizeWarn: 'sizeWarnBytes',
  sizeFail: 'sizeFailBytes',
  packageCache: 'packageCacheLimitBytes',
  wastedWarn: 'wastedWarnBytes',
  wastedFail: 'wastedFailBytes',
  writableLayer: 'writableLayerLimitBytes',
} as const satisfies Record<string, keyof RuleOptions>;

const FINGERPRINT = /^[0-9a-f]{16}$/;

/**
 * Checks a parsed `.imgaudit.yml` and turns it into settings. Every problem is a ConfigError naming the file,
 * the line, the key and what was expected: the first one found, so each fix is one edit.
 */
export function validateConfig(document: unknown, source: string, locate: Locate = () => null): ImgauditConfig {
  const check = new Checker(source, locate);
  const root = document === null || document === undefined ? {} : check.object(document, [], TOP_KEYS);
  if (root.version !== undefined && root.version !== 1)
    check.fail(['version'], `expected 1, got ${show(root.version)}`);
  const images =
    root.images === undefined
      ? []
      : check.list(root.images, ['images']).map((entry, i) => imageOverride(check, entry, ['images', i]));
  return { source, ...settings(check, root, []), images };
}

function imageOverride(check: Checker, value: unknown, path: KeyPath): ImageOverride {
  const entry = check.object(value, path, [
    'match',
    ...SETTINGS_KEYS,
    'dockerfile',
    'context',
    'baseImage',
    'vulnReport',
  ]);
  if (entry.match === undefined) check.fail(path, 'needs `match`: the image patterns this entry applies to');
  const patterns = typeof entry.match === 'string' ? [entry.match] : check.list(entry.match, [...path, 'match']);
  const match = patterns.map((pattern, i) =>
    check.text(pattern, typeof entry.match === 'string' ? [...path, 'match'] : [...path, 'match', i]),
  );
  if (match.length === 0) check.fail([...path, 'match'], 'expected at least one pattern');
  // Paths in the file are relative to the file, as compose's are.
  const fromFile = (key: 'dockerfile' | 'context' | 'vulnReport') =>
    entry[key] === undefined ? {} : { [key]: besideFile(check.source, check.text(entry[key], [...path, key])) };
  const baseImage =
    entry.baseImage === undefined ? {} : { baseImage: check.text(entry.baseImage, [...path, 'baseImage']) };
  return {
    match,
    ...fromFile('dockerfile'),
    ...fromFile('context'),
    ...fromFile('vulnReport'),
    ...settings(check, entry, path),
    ...baseImage,
  };
}

function besideFile(source: string, path: string): string {
  return (
    relative(process.cwd(), resolve(dirname(resolve(source)), path))
      .split(sep)
      .join('/') || '.'
  );
}

function settings(check: Checker, entry: Record<string, unknown>, path: KeyPath): ImageSettings {
  const rules = {
    ...(entry.thresholds !== undefined ? thresholds(check, entry.thresholds, [...path, 'thresholds']) : {}),
    ...(entry.requiredLabels !== undefined
      ? {
          requiredLabels: check
            .list(entry.requiredLabels, [...path, 'requiredLabels'])
            .map((label, i) => check.text(label, [...path, 'requiredLabels', i])),
        }
      : {}),
    ...(entry.vulnerabilities !== undefined
      ? vulnerabilityOptions(check, entry.vulnerabilities, [...path, 'vulnerabilities'])
      : {}),
  };
  return {
    ...(entry.gate !== undefined ? { gate: gate(check, entry.gate, [...path, 'gate']) } : {}),
    ...(Object.keys(rules).length > 0 ? { rules } : {}),
    ...(entry.rules !== undefined ? { ruleOverrides: ruleOverrides(check, entry.rules, [...path, 'rules']) } : {}),
    ...(entry.allow !== undefined ? { allow: allowlists(check, entry.allow, [...path, 'allow']) } : {}),
    ...(entry.runtime !== undefined ? { runtime: runtime(check, entry.runtime, [...path, 'runtime']) } : {}),
    ...(entry.baseFindings !== undefined
      ? { baseFindings: check.oneOf(entry.baseFindings, [...path, 'baseFindings'], BASE_FINDINGS) }
      : {}),
  };
}

function gate(check: Checker, value: unknown, path: KeyPath): Partial<Gate> {
  const entry = check.object(value, path, ['failOn', 'failUnder']);
  return {
    ...(entry.failOn !== undefined ? { failOn: check.severity(entry.failOn, [...path, 'failOn'], true) } : {}),
    ...(entry.failUnder !== undefined
      ? { failUnder: check.integer(entry.failUnder, [...path, 'failUnder'], 0, 100) }
      : {}),
  };
}

function thresholds(check: Checker, value: unknown, path: KeyPath): Partial<RuleOptions> {
  const entry = check.object(value, path, [...Object.keys(SIZE_THRESHOLDS), 'layerLimit']);
  const options: Partial<Record<keyof RuleOptions, unknown>> = {};
  for (const [key, option] of Object.entries(SIZE_THRESHOLDS)) {
    if (entry[key] !== undefined) options[option] = check.size(entry[key], [...path, key]);
  }
  if (entry.layerLimit !== undefined)
    options.layerLimit = check.integer(entry.layerLimit, [...path, 'layerLimit'], 1, 10_000);
  const misordered = misorderedPair(options as Partial<RuleOptions>);
  if (misordered)
    check.fail([...path, fileKeyOf(misordered.warn)], `must not be larger than ${fileKeyOf(misordered.fail)}`);
  return options as Partial<RuleOptions>;
}

/** `vulnerabilities: { failOn, ignoreUnfixed, maxAgeDays }`: the vulnerability-scan rule's options. */
function vulnerabilityOptions(check: Checker, value: unknown, path: KeyPath): Partial<RuleOptions> {
  const entry = check.object(value, path, ['failOn', 'ignoreUnfixed', 'maxAgeDays']);
  if (entry.ignoreUnfixed !== undefined && typeof entry.ignoreUnfixed !== 'boolean')
    check.fail([...path, 'ignoreUnfixed'], `expected true or false, got ${show(entry.ignoreUnfixed)}`);
  return {
    ...(entry.failOn !== undefined
      ? { vulnFailOn: check.oneOf(entry.failOn, [...path, 'failOn'], VULNERABILITY_THRESHOLDS) }
      : {}),
    ...(entry.ignoreUnfixed !== undefined ? { vulnIgnoreUnfixed: entry.ignoreUnfixed } : {}),
    ...(entry.maxAgeDays !== undefined
      ? { vulnMaxAgeDays: check.integer(entry.maxAgeDays, [...path, 'maxAgeDays'], 0, 3650) }
      : {}),
  };
}

function fileKeyOf(option: keyof RuleOptions): string {
  return Object.entries(SIZE_THRESHOLDS).find(([, value]) => value === option)?.[0] ?? option;
}

function ruleOverrides(check: Checker, value: unknown, path: KeyPath): Partial<Record<RuleId, RuleOverride>> {
  const entry = check.object(value, path, null);
  const overrides: Partial<Record<RuleId, RuleOverride>> = {};
  for (const [id, setting] of Object.entries(entry)) {
    if (!isRuleId(id))
      check.fail(
        [...path, id],
        `unknown rule (rules: see docs/rules/; e.g. ${RULES.slice(0, 3)
          .map((rule) => rule.id)
          .join(', ')})`,
      );
    // YAML 1.1 habits: `off`/`false` turn a rule off either way.
    if (setting === 'off' || setting === false) overrides[id] = 'off';
    else if (typeof setting === 'string' && (SEVERITIES as readonly string[]).includes(setting))
      overrides[id] = setting as Severity;
    else check.fail([...path, id], `expected off or a severity (${SEVERITIES.join(', ')}), got ${show(setting)}`);
  }
  return overrides;
}

function allowlists(check: Checker, value: unknown, path: KeyPath): Allowlists {
  const entry = check.object(value, path, ['setuid', 'secrets']);
  const list = (key: 'setuid' | 'secrets') =>
    entry[key] === undefined
      ? []
      : check
          .list(entry[key], [...path, key])
          .map((item, i) => allowEntry(check, item, [...path, key, i], key === 'secrets'));
  return { setuid: list('setuid'), secrets: list('secrets') };
}

function allowEntry(check: Checker, value: unknown, path: KeyPath, fingerprints: boolean): AllowEntry {
  const entry = check.object(value, path, fingerprints ? ['path', 'fingerprint', 'reason'] : ['path', 'reason']);
  if (entry.reason === undefined) check.fail(path, 'needs a `reason`: say why this is accepted');
  const reason = check.text(entry.reason, [...path, 'reason']);
  if (entry.path !== undefined && entry.fingerprint !== undefined)
    check.fail(path, 'give `path` or `fingerprint`, not both');
  if (entry.path !== undefined) {
    const allowed = check.text(entry.path, [...path, 'path']);
    if (!allowed.startsWith('/'))
      check.fail([...path, 'path'], `expected an absolute path in the image, got ${show(allowed)}`);
    return { path: allowed, reason };
  }
  if (entry.fingerprint !== undefined) {
    const fingerprint = check.text(entry.fingerprint, [...path, 'fingerprint']);
    if (!FINGERPRINT.test(fingerprint))
      check.fail(
        [...path, 'fingerprint'],
        `expected a finding fingerprint (16 hex digits, from the JSON report), got ${show(fingerprint)}`,
      );
    return { fingerprint, reason };
  }
  return check.fail(path, fingerprints ? 'needs a `path` or a `fingerprint`' : 'needs a `path`');
}

function runtime(check: Checker, value: unknown, path: KeyPath): Partial<RuntimeOptions> {
  const entry = check.object(value, path, ['env', 'window', 'healthTimeout', 'stopTimeout']);
  return {
    ...(entry.env !== undefined ? { env: environment(check, entry.env, [...path, 'env']) } : {}),
    ...(entry.window !== undefined ? { windowSeconds: check.integer(entry.window, [...path, 'window'], 1, 600) } : {}),
    ...(entry.healthTimeout !== undefined
      ? { healthTimeoutSeconds: check.integer(entry.healthTimeout, [...path, 'healthTimeout'], 0, 600) }
      : {}),
    ...(entry.stopTimeout !== undefined
      ? { stopGraceSeconds: check.integer(entry.stopTimeout, [...path, 'stopTimeout'], 1, 600) }
      : {}),
  };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `env: { NAME: value }` or `env: [NAME=value]`, as compose writes it. */
function environment(check: Checker, value: unknown, path: KeyPath): string[] {
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      const text = check.text(item, [...path, i]);
      if (!ENV_NAME.test(text.split('=')[0]!) || !text.includes('='))
        check.fail([...path, i], `expected NAME=value, got ${show(text)}`);
      return text;
    });
  }
  const entry = check.object(value, path, null);
  return Object.entries(entry).map(([name, setting]) => {
    if (!ENV_NAME.test(name)) check.fail([...path, name], 'not a valid environment variable name');
    if (!['string', 'number', 'boolean'].includes(typeof setting))
      check.fail([...path, name], `expected a string, number or boolean, got ${show(setting)}`);
    return `${name}=${String(setting)}`;
  });
}

class Checker {
  constructor(
    readonly source: string,
    private readonly locate: Locate,
  ) {}

  fail(path: KeyPath, problem: string): never {
    throw new ConfigError(this.source, this.locate(path), keyName(path), problem);
  }

  /** A mapping whose keys are among `keys` (any keys when null). */
  object(value: unknown, path: KeyPath, keys: readonly string[] | null): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path, `expected a mapping, got ${show(value)}`);
    const entry = value as Record<string, unknown>;
    const unknown = keys ? Object.keys(entry).find((key) => !keys.includes(key)) : undefined;
    if (unknown !== undefined) this.fail([...path, unknown], `unknown key (expected one of: ${keys!.join(', ')})`);
    return entry;
  }

  list(value: unknown, path: KeyPath): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `expected a list, got ${show(value)}`);
    return value as unknown[];
  }

  text(value: unknown, path: KeyPath): string {
    if (typeof value !== 'string' || value.trim() === '')
      this.fail(path, `expected a non-empty string, got ${show(value)}`);
    return value.trim();
  }

  integer(value: unknown, path: KeyPath, min: number, max: number): number {
    // A YAML number: `window: "3"` is a string, a mistake worth naming.
    const number = typeof value === 'number' ? parseWholeNumber(value, min, max) : null;
    return number ?? this.fail(path, `expected a whole number from ${min} to ${max}, got ${show(value)}`);
  }

  /** `100MB`, `1.5GB`, `512MiB`, or a number of bytes. */
  size(value: unknown, path: KeyPath): number {
    const bytes = typeof value === 'string' ? parseSize(value) : parseWholeNumber(value, 0, Number.MAX_SAFE_INTEGER);
    return bytes ?? this.fail(path, `expected a size (${SIZE_EXAMPLES} or bytes), got ${show(value)}`);
  }

  oneOf<T extends string>(value: unknown, path: KeyPath, choices: readonly T[]): T {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    return this.fail(path, `expected one of ${choices.join(', ')}, got ${show(value)}`);
  }

  severity(value: unknown, path: KeyPath, allowNone: boolean): Severity | 'none' {
    const threshold = typeof value === 'string' ? severityThreshold(value) : null;
    if (threshold === null || (threshold === 'none' && !allowNone)) {
      return this.fail(
        path,
        `expected one of ${(allowNone ? SEVERITY_THRESHOLDS : SEVERITIES).join(', ')}, got ${show(value)}`,
      );
    }
    return threshold;
  }
}

/** `images[1].allow.setuid[0].reason`; a key with a control character in it is quoted, so the message stays one line. */
export function keyName(path: KeyPath): string {
  return path
    .map((part, i) =>
      typeof part === 'number'
        ? `[${part}]`
        : `${i === 0 ? '' : '.'}${CONTROL.test(part) ? JSON.stringify(part) : part}`,
    )
    .join('');
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

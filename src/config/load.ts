import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../shared/errors.js';
import { isAliasBomb, MAX_YAML_ALIASES, nestsTooDeep, TOO_DEEP, TOO_MANY_ALIASES } from '../shared/yaml.js';
import type { ImgauditConfig } from './types.js';
import { validateConfig, type KeyPath } from './validate.js';
import { readTextFile } from '../shared/files.js';

export const CONFIG_FILES = ['.imgaudit.yml', '.imgaudit.yaml'] as const;

/** `.imgaudit.yml` (or `.yaml`) in `dir`, or null when there is none. */
export async function findConfigFile(dir: string = process.cwd()): Promise<string | null> {
  for (const name of CONFIG_FILES) {
    const path = join(dir, name);
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  return null;
}

/** Reads and validates a configuration file; every problem is a one-line ConfigError with file, line and key. */
export async function loadConfig(path: string, shownAs: string = path): Promise<ImgauditConfig> {
  const text = await readTextFile(path, (reason) => new ConfigError(shownAs, null, '', `cannot read it (${reason})`));
  return parseConfig(text, shownAs);
}

export async function parseConfig(text: string, source: string): Promise<ImgauditConfig> {
  // Loaded on demand: a run without a configuration file reads no YAML.
  const { LineCounter, parseDocument, isNode } = await import('yaml');
  if (await nestsTooDeep(text)) throw new ConfigError(source, null, '', TOO_DEEP);
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false, uniqueKeys: true });
  const problem = document.errors[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line ?? lines.linePos(problem.pos[0]).line;
    throw new ConfigError(source, line, '', `not valid YAML: ${problem.message.split('\n')[0]}`);
  }
  const lineOf = (node: unknown): number | null =>
    isNode(node) && node.range ? lines.linePos(node.range[0]).line : null;
  // The line of the key itself (`sizeFail:`), else of the list item, else of the nearest enclosing key.
  const locate = (path: KeyPath): number | null => {
    for (let depth = path.length; depth > 0; depth--) {
      const parent = document.getIn(path.slice(0, depth - 1), true);
      const last = path[depth - 1];
      const pair = isMapWithItems(parent) ? parent.items.find((item) => keyOf(item) === last) : undefined;
      const line = pair
        ? lineOf(pair.key)
        : typeof last === 'number'
          ? lineOf(document.getIn(path.slice(0, depth), true))
          : null;
      if (line !== null) return line;
    }
    return lineOf(document.contents);
  };
  return validateConfig(toPlain(document, source), source, locate);
}

/** The document as plain values; the yaml library throws its own errors for an alias bomb or a dangling alias. */
function toPlain(document: { toJS(options: { maxAliasCount: number }): unknown }, source: string): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (isAliasBomb(error)) throw new ConfigError(source, null, '', TOO_MANY_ALIASES);
    throw new ConfigError(
      source,
      null,
      '',
      `not valid YAML: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
    );
  }
}

interface PairLike {
  readonly key: unknown;
}

function isMapWithItems(node: unknown): node is { items: PairLike[] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { items?: unknown }).items);
}

function keyOf(pair: PairLike): unknown {
  const key = pair.key as { value?: unknown } | null;
  return key && typeof key === 'object' && 'value' in key ? key.value : key;
}

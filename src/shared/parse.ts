/** Values people write in flags and in `.imgaudit.yml`: sizes and whole numbers, one reading for both. */

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

export const SIZE_EXAMPLES = '100MB, 1.5GB, 512MiB';

/** `100MB`, `1.5GB`, `512MiB` or a plain number of bytes (decimal units, as `docker images` prints them); null otherwise. */
export function parseSize(text: string): number | null {
  // Trimmed first: `\s*([a-z]*)\s*$` backtracks quadratically on a long run of spaces.
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const factor = match ? UNITS[(match[2] || 'b').toLowerCase()] : undefined;
  return match && factor !== undefined ? Math.round(Number(match[1]) * factor) : null;
}

/** A whole number from `min` to `max`, given as a number or as digits; null otherwise. */
export function parseWholeNumber(value: unknown, min: number, max: number): number | null {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(number) && number >= min && number <= max ? number : null;
}

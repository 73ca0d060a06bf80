const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;
const DECIMALS: Readonly<Record<(typeof UNITS)[number], number>> = { B: 0, kB: 0, MB: 1, GB: 2, TB: 2 };

/** Decimal units, as `docker images` shows sizes: 950 kB, 512.3 MB, 1.20 GB. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  for (const [i, unit] of UNITS.entries()) {
    const text = value.toFixed(DECIMALS[unit]);
    // Move up a unit when rounding lands on 1000 (999.96 kB → 1.0 MB, not 1000 kB).
    if (Number(text) < 1000 || i === UNITS.length - 1) return `${text} ${unit}`;
    value /= 1000;
  }
  return `${bytes} B`;
}

/** One line of at most `max` characters: white space collapsed, cut with an ellipsis. */
export function truncate(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** `sha256:99a15485eb57…` → `99a15485eb57`: the short id `docker images` shows. */
export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** A redacted preview that never reveals the value: at most a quarter of it (and at most 4 characters), then its length. */
export function redact(value: string): string {
  // Code points, so a preview never ends in half a surrogate pair.
  const chars = Array.from(value);
  if (chars.length === 0) return '(empty)';
  const shown = Math.min(4, Math.floor(chars.length / 4));
  return `${chars.slice(0, shown).join('')}…(${chars.length} chars)`;
}

/**
 * Image-provided text (labels, env names, history, file names) may hold terminal control sequences or
 * bidi overrides. Terminal output shows them as visible escapes; JSON output escapes them as \uXXXX.
 */
const INVISIBLE = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE = new RegExp(`[\\u0000-\\u001f${INVISIBLE}]`, 'g');
/** C0 controls are escaped by JSON.stringify already, and its own line breaks must stay. */
const UNSAFE_IN_JSON = new RegExp(`[${INVISIBLE}]`, 'g');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function sanitizeForTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => NAMED[char] ?? visibleCodePoint(char));
}

function visibleCodePoint(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** JSON.stringify escapes C0 controls only; escape the rest so that `cat report.json` is safe too. */
export function stringifySafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    UNSAFE_IN_JSON,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

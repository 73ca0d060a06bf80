/**
 * A name from a tar header as text: valid UTF-8 as it is, and each byte of an invalid sequence as the visible escape
 * `\xNN`, so two names that differ only in such bytes stay different (`toString('utf8')` makes both U+FFFD). A name
 * holding a literal `\x` followed by two hex digits still reads like an escaped one: the escape is for people, and
 * real layer names almost never hold a backslash.
 */
export function decodeName(bytes: Buffer, start = 0, end = bytes.length): string {
  const text = bytes.toString('utf8', start, end);
  // The common case costs one native scan: only a name that decoded to U+FFFD (invalid, or a literal one) is redone.
  return text.includes('\ufffd') ? decodeExactly(bytes, start, end) : text;
}

function decodeExactly(bytes: Buffer, start: number, end: number): string {
  let out = '';
  let valid = start;
  let i = start;
  while (i < end) {
    const length = sequenceLength(bytes, i, end);
    if (length > 0) {
      i += length;
      continue;
    }
    out += `${bytes.toString('utf8', valid, i)}\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
    i++;
    valid = i;
  }
  return out + bytes.toString('utf8', valid, end);
}

/** Bytes in the well-formed UTF-8 sequence at `i` (RFC 3629: shortest form, no surrogates, at most U+10FFFF); 0 if none. */
function sequenceLength(bytes: Buffer, i: number, end: number): number {
  const lead = bytes[i]!;
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    else if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    else if (lead === 0xf4) high = 0x8f;
  } else return 0;
  if (i + length > end) return 0;
  const second = bytes[i + 1]!;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k]!;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

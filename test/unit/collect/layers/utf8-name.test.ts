import { describe, expect, it } from 'vitest';
import { decodeName } from '../../../../src/collect/layers/utf8-name.js';
import { pathMatches } from '../../../../src/shared/glob.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

describe('decodeName', () => {
  it('keeps valid UTF-8 as it is: ASCII, é, 日本, an emoji, and a literal U+FFFD', () => {
    for (const name of [
      'usr/bin/env',
      'caf\u00e9/r\u00e9sum\u00e9.txt',
      '\u65e5\u672c/\u8a9e.md',
      'emoji/\u{1f680}\u{1f600}.png',
      'literal/\ufffd.txt',
    ]) {
      expect(decodeName(Buffer.from(name, 'utf8'))).toBe(name);
    }
  });

  it('writes each byte of an invalid sequence as \\xNN, lowercase', () => {
    expect(decodeName(bytes('bad', [0xff], 'name'))).toBe('bad\\xffname');
    expect(decodeName(bytes('bad', [0xfe], 'name'))).toBe('bad\\xfename');
    expect(decodeName(bytes('latin1-', [0xe9], 't', [0xe9]))).toBe('latin1-\\xe9t\\xe9');
    // A lead byte cut short, an overlong '/', a UTF-16 surrogate, a code point past U+10FFFF, a stray continuation.
    expect(decodeName(bytes('a', [0xe6, 0x97], 'b'))).toBe('a\\xe6\\x97b');
    expect(decodeName(bytes([0xc0, 0xaf]))).toBe('\\xc0\\xaf');
    expect(decodeName(bytes([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80');
    expect(decodeName(bytes([0xf4, 0x90, 0x80, 0x80]))).toBe('\\xf4\\x90\\x80\\x80');
    expect(decodeName(bytes('x', [0x80]))).toBe('x\\x80');
    expect(decodeName(bytes([0xf0, 0x9f, 0x9a]))).toBe('\\xf0\\x9f\\x9a');
  });

  it('keeps valid characters, a literal U+FFFD among them, around the invalid bytes', () => {
    expect(decodeName(bytes('\u00e9\ufffd', [0xff], '\u65e5\u{1f680}'))).toBe('\u00e9\ufffd\\xff\u65e5\u{1f680}');
  });

  it('decodes only the range asked for', () => {
    const block = bytes('xx', [0xff], 'abc', [0xfe]);
    expect(decodeName(block, 2, 6)).toBe('\\xffabc');
  });

  it('gives an allowlist path a way to name one of two such files and not the other', () => {
    const [ff, fe] = [decodeName(bytes('app/bad', [0xff], 'name')), decodeName(bytes('app/bad', [0xfe], 'name'))];
    expect([pathMatches('app/bad\\xffname', ff), pathMatches('app/bad\\xffname', fe)]).toEqual([true, false]);
  });
});

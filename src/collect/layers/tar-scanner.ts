/**
 * A push parser for tar: the outer `docker save` archive and each layer tar inside it. A layer can hold 100,000
 * files and the stream arrives in ~10,000 chunks; a general tar extractor makes a stream object per entry and
 * passes every chunk through several async hops, which on a 2-core machine takes CPU from the engine producing the
 * very bytes we wait for. This reads ustar, GNU and pax headers in place, skips data by arithmetic, and hands an
 * entry's bytes to the caller only when asked: whole (small files a detector wants) or piece by piece, without
 * copies (a layer tar inside the saved archive, to an inner scanner).
 */

import { decodeName } from './utf8-name.js';

export interface TarHeader {
  /** Names are UTF-8, with each byte of an invalid sequence written `\xNN` (see decodeName). */
  readonly name: string;
  /** ustar type flag: '0' file, '1' hard link, '2' symlink, '5' directory, … */
  readonly type: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly linkname: string;
}

/** Receives one entry's bytes as they arrive. Pieces are views of the caller's chunks: copy what is kept. */
export interface EntrySink {
  write(piece: Buffer): void;
  end(): void;
}

export interface TarVisitor {
  /**
   * Called for each entry: false skips its bytes, true delivers them whole to `content`, a sink streams them.
   * `dataStart` is where its bytes start in the whole tar.
   */
  entry(header: TarHeader, dataStart: number): boolean | EntrySink;
  content(header: TarHeader, data: Buffer): void;
}

/** The bytes are not a tar the engine itself would read (Go's archive/tar rules): says where and what. */
export class TarFormatError extends Error {}

const BLOCK = 512;
const EMPTY = Buffer.alloc(0);
const META_LIMIT = 1024 * 1024;

/** `zero`: one zero block read, which must be followed by another or by the end of the bytes. */
type State = 'header' | 'zero' | 'data' | 'meta' | 'padding' | 'end';

export class TarScanner {
  private state: State = 'header';
  private pending: Buffer = EMPTY;
  private remaining = 0;
  private padding = 0;
  private current: TarHeader | null = null;
  private parts: Buffer[] | null = null;
  private sink: EntrySink | null = null;
  private metaType = '';
  /** Pending pax records for the next entry; null (no allocation per entry) when there are none. */
  private pax: Record<string, string> | null = null;
  private longName: string | null = null;
  private longLink: string | null = null;
  /** Where in the whole tar the current chunk and the header being read start, for error messages. */
  private chunkStart = 0;
  private headerStart = 0;

  constructor(private readonly visitor: TarVisitor) {}

  write(chunk: Buffer): void {
    let offset = 0;
    const chunkStart = this.chunkStart;
    this.chunkStart += chunk.length;
    if (this.pending.length > 0) {
      // Only the header that straddles the chunks is joined; copying the whole chunk would double the bytes moved.
      const missing = BLOCK - this.pending.length;
      if (chunk.length < missing) {
        this.pending = Buffer.concat([this.pending, chunk]);
        return;
      }
      const header = Buffer.concat([this.pending, chunk.subarray(0, missing)], BLOCK);
      this.headerStart = chunkStart - this.pending.length;
      this.pending = EMPTY;
      offset = missing;
      this.readHeader(header, 0);
    }
    while (offset < chunk.length) {
      if (this.state === 'end') return;
      if (this.state === 'header' || this.state === 'zero') {
        if (chunk.length - offset < BLOCK) {
          this.pending = Buffer.from(chunk.subarray(offset));
          return;
        }
        this.headerStart = chunkStart + offset;
        // The header is read in place (no subarray): one object fewer for each of 100,000 entries.
        this.readHeader(chunk, offset);
        offset += BLOCK;
        continue;
      }
      const take = Math.min(this.state === 'padding' ? this.padding : this.remaining, chunk.length - offset);
      if (this.state === 'padding') {
        this.padding -= take;
        if (this.padding === 0) this.state = 'header';
      } else {
        if (this.sink) this.sink.write(chunk.subarray(offset, offset + take));
        else if (this.parts) this.parts.push(Buffer.from(chunk.subarray(offset, offset + take)));
        this.remaining -= take;
        if (this.remaining === 0) this.finishData();
      }
      offset += take;
    }
  }

  /**
   * Bytes of the current entry's data and padding the scanner would drop (the visitor skipped it): a reader that can
   * seek passes them by and calls skip() instead of writing them.
   */
  get skippable(): number {
    return this.state === 'data' && !this.sink && !this.parts ? this.remaining + this.padding : 0;
  }

  /** The skippable bytes were passed by the reader. */
  skip(): void {
    this.chunkStart += this.skippable;
    this.remaining = 0;
    this.padding = 0;
    this.current = null;
    this.state = 'header';
  }

  /** Throws when the tar stopped in the middle of an entry. */
  end(): void {
    if (this.state === 'end' || this.state === 'zero') return;
    const midEntry =
      this.state !== 'header' ||
      this.pending.length > 0 ||
      this.pax !== null ||
      this.longName !== null ||
      this.longLink !== null;
    if (midEntry) throw new TarFormatError(`unexpected end of data in the tar after ${this.chunkStart} bytes`);
  }

  /** The 512-byte header at `at` in `block`. */
  private readHeader(block: Buffer, at: number): void {
    if (isZero(block, at)) {
      // Two zero blocks end the archive and whatever follows is padding; Go's reader, like this one, rejects a lone one.
      this.state = this.state === 'zero' ? 'end' : 'zero';
      return;
    }
    if (this.state === 'zero') throw this.corrupt('a zero block before the end of the tar', -BLOCK);
    const stored = octal(block, at + 148, 8);
    // Old tars summed signed bytes; Go accepts either sum, and the second one is only computed when the first fails.
    if (stored < 0 || (stored !== checksum(block, at) && stored !== signedChecksum(block, at)))
      throw this.corrupt('invalid checksum');
    const type = block[at + 156] === 0 ? '0' : String.fromCharCode(block[at + 156]!);
    const size = this.numericField(block, at, 124, 12, 'size');
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > META_LIMIT) throw this.corrupt(`oversized extension header (${size} bytes)`);
      this.metaType = type;
      this.startData(size, []);
      this.state = size === 0 ? this.afterMeta() : 'meta';
      return;
    }
    const header = this.buildHeader(block, at, type, size);
    const dataBytes = type === '1' || type === '2' || type === '5' ? 0 : header.size;
    const wanted = this.visitor.entry(header, this.headerStart + BLOCK);
    this.current = header;
    this.startData(dataBytes, wanted === true ? [] : null);
    if (typeof wanted === 'object') this.sink = wanted;
    if (dataBytes === 0) this.finishData();
  }

  private buildHeader(block: Buffer, at: number, type: string, size: number): TarHeader {
    // Only POSIX ustar ("ustar\0") has the name prefix field; GNU tar uses those bytes for other things.
    const ustarPrefix = isPosixUstar(block, at) ? text(block, at + 345, 155) : '';
    const pax = this.pax;
    const name =
      this.longName ?? pax?.path ?? (ustarPrefix ? `${ustarPrefix}/${text(block, at, 100)}` : text(block, at, 100));
    const linkname = this.longLink ?? pax?.linkpath ?? text(block, at + 157, 100);
    const header: TarHeader = {
      name,
      type,
      mode: this.numericField(block, at, 100, 8, 'mode'),
      uid: pax?.uid !== undefined ? this.paxNumber(pax.uid, 'uid') : this.numericField(block, at, 108, 8, 'uid'),
      gid: pax?.gid !== undefined ? this.paxNumber(pax.gid, 'gid') : this.numericField(block, at, 116, 8, 'gid'),
      size: pax?.size !== undefined ? this.paxNumber(pax.size, 'size') : size,
      linkname,
    };
    this.pax = null;
    this.longName = null;
    this.longLink = null;
    return header;
  }

  private numericField(block: Buffer, at: number, offset: number, length: number, field: string): number {
    const value = numeric(block, at + offset, length);
    if (value >= 0) return value;
    const shown = block.toString('latin1', at + offset, at + offset + length).replace(/[\0 ]+$/, '');
    throw this.corrupt(`the ${field} field ${JSON.stringify(shown)} is not a number`);
  }

  private paxNumber(value: string, key: string): number {
    const number = decimal(value);
    if (number < 0) throw this.corrupt(`the pax ${key} ${JSON.stringify(value)} is not a number`);
    return number;
  }

  /** `shift` moves the position named from the header being read (a lone zero block is the one before it). */
  private corrupt(problem: string, shift = 0): TarFormatError {
    return new TarFormatError(`tar header at byte ${this.headerStart + shift}: ${problem}`);
  }

  private startData(bytes: number, parts: Buffer[] | null): void {
    this.remaining = bytes;
    this.padding = (BLOCK - (bytes % BLOCK)) % BLOCK;
    this.parts = parts;
    this.state = 'data';
  }

  private finishData(): void {
    const data = this.parts ? Buffer.concat(this.parts) : null;
    if (this.state === 'meta') {
      this.applyMeta(data ?? Buffer.alloc(0));
      this.metaType = '';
      this.state = this.padding > 0 ? 'padding' : 'header';
      return;
    }
    if (data && this.current) this.visitor.content(this.current, data);
    const sink = this.sink;
    this.current = null;
    this.parts = null;
    this.sink = null;
    this.state = this.padding > 0 ? 'padding' : 'header';
    sink?.end();
  }

  private afterMeta(): State {
    this.applyMeta(Buffer.alloc(0));
    this.metaType = '';
    return 'header';
  }

  private applyMeta(data: Buffer): void {
    if (this.metaType === 'L') this.longName = cString(data);
    else if (this.metaType === 'K') this.longLink = cString(data);
    else if (this.metaType === 'x') {
      const records = parsePax(data);
      if (records === null) throw this.corrupt('malformed pax record');
      this.pax = { ...this.pax, ...records };
    }
    // Global pax headers ('g') set defaults imgaudit does not need.
  }
}

function isZero(block: Buffer, at: number): boolean {
  for (let i = at; i < at + BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** The header's byte sum with its own checksum field (148–155) counted as spaces. */
function checksum(block: Buffer, at: number): number {
  let sum = 8 * 0x20;
  for (let i = at; i < at + 148; i++) sum += block[i]!;
  for (let i = at + 156; i < at + BLOCK; i++) sum += block[i]!;
  return sum;
}

/** The same sum over signed bytes, as some old tars wrote it. */
function signedChecksum(block: Buffer, at: number): number {
  let sum = 8 * 0x20;
  for (let i = at; i < at + BLOCK; i++)
    if (i < at + 148 || i >= at + 156) sum += block[i]! >= 0x80 ? block[i]! - 256 : block[i]!;
  return sum;
}

/** "ustar\0" at 257, compared byte by byte: no string for each header. */
const USTAR = Buffer.from('ustar\u0000', 'latin1');

function isPosixUstar(block: Buffer, at: number): boolean {
  for (let i = 0; i < USTAR.length; i++) if (block[at + 257 + i] !== USTAR[i]) return false;
  return true;
}

/** A NUL-terminated field; an empty one (most link names and name prefixes) costs no call into the buffer. */
function text(block: Buffer, start: number, length: number): string {
  if (block[start] === 0) return '';
  const end = block.indexOf(0, start);
  return decodeName(block, start, end === -1 || end > start + length ? start + length : end);
}

function cString(data: Buffer): string {
  const end = data.indexOf(0);
  return decodeName(data, 0, end === -1 ? data.length : end);
}

/** Octal digits with NUL or space padding on either side, as Go's archive/tar accepts them; -1 for anything else. */
function octal(block: Buffer, start: number, length: number): number {
  let value = 0;
  let i = start;
  const end = start + length;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++;
  for (; i < end; i++) {
    const byte = block[i]!;
    if (byte < 0x30 || byte > 0x37) break;
    value = value * 8 + (byte - 0x30);
  }
  for (; i < end; i++) if (block[i] !== 0x20 && block[i] !== 0) return -1;
  return value;
}

/** Octal, or GNU base-256 (high bit of the first byte set) for sizes and ids that do not fit; -1 when invalid or negative. */
function numeric(block: Buffer, start: number, length: number): number {
  const first = block[start]!;
  if ((first & 0x80) === 0) return octal(block, start, length);
  if ((first & 0x40) !== 0) return -1;
  let value = first & 0x3f;
  for (let i = start + 1; i < start + length; i++) {
    value = value * 256 + block[i]!;
    if (value > Number.MAX_SAFE_INTEGER) return -1;
  }
  return value;
}

/** A pax number: decimal digits only; -1 for anything else. */
function decimal(text: string): number {
  if (text.length === 0 || text.length > 15) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** `"<length> <key>=<value>\n"` records; null when one is malformed. Trailing NULs (padding some writers add) end them. */
function parsePax(data: Buffer): Record<string, string> | null {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length && data[offset] !== 0) {
    const space = data.indexOf(0x20, offset);
    if (space === -1 || space - offset > 15) return null;
    const length = decimal(data.toString('latin1', offset, space));
    const end = offset + length;
    if (length <= space - offset || end > data.length || data[end - 1] !== 0x0a) return null;
    const equals = data.indexOf(0x3d, space + 1);
    if (equals === -1 || equals >= end - 1 || equals === space + 1) return null;
    records[data.toString('latin1', space + 1, equals)] = decodeName(data, equals + 1, end - 1);
    offset = end;
  }
  return records;
}

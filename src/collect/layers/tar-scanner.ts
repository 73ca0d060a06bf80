/**
 * A push parser for tar: the outer `docker save` archive and each layer tar inside it. A layer can hold 100,000
 * files and the stream arrives in ~10,000 chunks; a general tar extractor makes a stream object per entry and
 * passes every chunk through several async hops, which on a 2-core machine takes CPU from the engine producing the
 * very bytes we wait for. This reads ustar, GNU and pax headers in place, skips data by arithmetic, and hands an
 * entry's bytes to the caller only when asked: whole (small files a detector wants) or piece by piece, without
 * copies (a layer tar inside the saved archive, to an inner scanner).
 */

export interface TarHeader {
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
  /** Called for each entry: false skips its bytes, true delivers them whole to `content`, a sink streams them. */
  entry(header: TarHeader): boolean | EntrySink;
  content(header: TarHeader, data: Buffer): void;
}

export class TarFormatError extends Error {}

const BLOCK = 512;
const EMPTY = Buffer.alloc(0);
const META_LIMIT = 1024 * 1024;

type State = 'header' | 'data' | 'meta' | 'padding' | 'end';

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

  constructor(private readonly visitor: TarVisitor) {}

  write(chunk: Buffer): void {
    let offset = 0;
    if (this.pending.length > 0) {
      // Only the header that straddles the chunks is joined; copying the whole chunk would double the bytes moved.
      const missing = BLOCK - this.pending.length;
      if (chunk.length < missing) {
        this.pending = Buffer.concat([this.pending, chunk]);
        return;
      }
      const header = Buffer.concat([this.pending, chunk.subarray(0, missing)], BLOCK);
      this.pending = EMPTY;
      offset = missing;
      this.readHeader(header, 0);
    }
    while (offset < chunk.length) {
      if (this.state === 'end') return;
      if (this.state === 'header') {
        if (chunk.length - offset < BLOCK) {
          this.pending = Buffer.from(chunk.subarray(offset));
          return;
        }
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

  /** Throws when the tar stopped in the middle of an entry. */
  end(): void {
    if (this.state === 'end') return;
    if (this.state !== 'header' || this.pending.length > 0) throw new TarFormatError('unexpected end of data in the tar');
  }

  /** The 512-byte header at `at` in `block`. */
  private readHeader(block: Buffer, at: number): void {
    if (isZero(block, at)) {
      // The first of the two zero blocks that end an archive; whatever follows is padding.
      this.state = 'end';
      return;
    }
    if (checksum(block, at) !== octal(block, at + 148, 8)) throw new TarFormatError('invalid tar header checksum');
    const type = block[at + 156] === 0 ? '0' : String.fromCharCode(block[at + 156]!);
    const size = numeric(block, at + 124, 12);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > META_LIMIT) throw new TarFormatError('oversized tar extension header');
      this.metaType = type;
      this.startData(size, []);
      this.state = size === 0 ? this.afterMeta() : 'meta';
      return;
    }
    const header = this.buildHeader(block, at, type, size);
    const dataBytes = type === '1' || type === '2' || type === '5' ? 0 : header.size;
    const wanted = this.visitor.entry(header);
    this.current = header;
    this.startData(dataBytes, wanted === true ? [] : null);
    if (typeof wanted === 'object') this.sink = wanted;
    if (dataBytes === 0) this.finishData();
  }

  private buildHeader(block: Buffer, at: number, type: string, size: number): TarHeader {
    // Only POSIX ustar ("ustar\0") has the name prefix field; GNU tar uses those bytes for other things.
    const ustarPrefix = isPosixUstar(block, at) ? text(block, at + 345, 155) : '';
    const pax = this.pax;
    const name = this.longName ?? pax?.path ?? (ustarPrefix ? `${ustarPrefix}/${text(block, at, 100)}` : text(block, at, 100));
    const linkname = this.longLink ?? pax?.linkpath ?? text(block, at + 157, 100);
    const header: TarHeader = {
      name,
      type,
      mode: octal(block, at + 100, 8),
      uid: pax?.uid !== undefined ? Number(pax.uid) : numeric(block, at + 108, 8),
      gid: pax?.gid !== undefined ? Number(pax.gid) : numeric(block, at + 116, 8),
      size: pax?.size !== undefined ? Number(pax.size) : size,
      linkname,
    };
    this.pax = null;
    this.longName = null;
    this.longLink = null;
    return header;
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
    else if (this.metaType === 'x') this.pax = { ...this.pax, ...parsePax(data) };
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
  return block.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

function cString(data: Buffer): string {
  const end = data.indexOf(0);
  return data.toString('utf8', 0, end === -1 ? data.length : end);
}

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
  return value;
}

/** Octal, or GNU base-256 (high bit of the first byte set) for sizes and ids that do not fit. */
function numeric(block: Buffer, start: number, length: number): number {
  if ((block[start]! & 0x80) === 0) return octal(block, start, length);
  let value = block[start]! & 0x7f;
  for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i]!;
  return value;
}

/** `"<length> <key>=<value>\n"` records. */
function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number(data.toString('latin1', offset, space));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.toString('utf8', space + 1, offset + length - 1);
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

/**
 * A push parser for the headers of one layer tar. A layer can hold 100,000 files; a general tar extractor makes a
 * stream object per entry, which on a 2-core machine takes CPU from the engine producing the very bytes we wait for.
 * This reads ustar, GNU and pax headers in place, skips file data by arithmetic, and copies out only the content
 * the caller wants. The outer `docker save` archive, with a dozen entries, still goes through tar-stream.
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

export interface TarVisitor {
  /** Called for each entry; return true to receive the entry's bytes in `content`. */
  entry(header: TarHeader): boolean;
  content(header: TarHeader, data: Buffer): void;
}

export class TarFormatError extends Error {}

const BLOCK = 512;
const META_LIMIT = 1024 * 1024;

type State = 'header' | 'data' | 'meta' | 'padding' | 'end';

export class TarScanner {
  private state: State = 'header';
  private pending: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private padding = 0;
  private current: TarHeader | null = null;
  private parts: Buffer[] | null = null;
  private metaType = '';
  private pax: Record<string, string> = {};
  private longName: string | null = null;
  private longLink: string | null = null;

  constructor(private readonly visitor: TarVisitor) {}

  write(chunk: Buffer): void {
    let offset = 0;
    if (this.pending.length > 0) {
      chunk = Buffer.concat([this.pending, chunk]);
      this.pending = Buffer.alloc(0);
    }
    while (offset < chunk.length) {
      if (this.state === 'end') return;
      if (this.state === 'header') {
        if (chunk.length - offset < BLOCK) {
          this.pending = Buffer.from(chunk.subarray(offset));
          return;
        }
        this.readHeader(chunk.subarray(offset, offset + BLOCK));
        offset += BLOCK;
        continue;
      }
      const take = Math.min(this.state === 'padding' ? this.padding : this.remaining, chunk.length - offset);
      if (this.state === 'padding') {
        this.padding -= take;
        if (this.padding === 0) this.state = 'header';
      } else {
        if (this.parts) this.parts.push(Buffer.from(chunk.subarray(offset, offset + take)));
        this.remaining -= take;
        if (this.remaining === 0) this.finishData();
      }
      offset += take;
    }
  }

  /** Throws when the tar stopped in the middle of an entry. */
  end(): void {
    if (this.state === 'end') return;
    if (this.state !== 'header' || this.pending.length > 0) throw new TarFormatError('unexpected end of data in a layer tar');
  }

  private readHeader(block: Buffer): void {
    if (isZero(block)) {
      // The first of the two zero blocks that end an archive; whatever follows is padding.
      this.state = 'end';
      return;
    }
    if (checksum(block) !== octal(block, 148, 8)) throw new TarFormatError('invalid tar header checksum in a layer');
    const type = block[156] === 0 ? '0' : String.fromCharCode(block[156]!);
    const size = numeric(block, 124, 12);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > META_LIMIT) throw new TarFormatError('oversized tar extension header in a layer');
      this.metaType = type;
      this.startData(size, []);
      this.state = size === 0 ? this.afterMeta() : 'meta';
      return;
    }
    const header = this.buildHeader(block, type, size);
    const dataBytes = type === '1' || type === '2' || type === '5' ? 0 : header.size;
    const wanted = this.visitor.entry(header);
    this.current = header;
    this.startData(dataBytes, wanted ? [] : null);
    if (dataBytes === 0) this.finishData();
  }

  private buildHeader(block: Buffer, type: string, size: number): TarHeader {
    // Only POSIX ustar ("ustar\0") has the name prefix field; GNU tar uses those bytes for other things.
    const ustarPrefix = block.toString('latin1', 257, 263) === 'ustar\u0000' ? text(block, 345, 155) : '';
    const name = this.longName ?? this.pax.path ?? (ustarPrefix ? `${ustarPrefix}/${text(block, 0, 100)}` : text(block, 0, 100));
    const linkname = this.longLink ?? this.pax.linkpath ?? text(block, 157, 100);
    const header: TarHeader = {
      name,
      type,
      mode: octal(block, 100, 8),
      uid: this.pax.uid !== undefined ? Number(this.pax.uid) : numeric(block, 108, 8),
      gid: this.pax.gid !== undefined ? Number(this.pax.gid) : numeric(block, 116, 8),
      size: this.pax.size !== undefined ? Number(this.pax.size) : size,
      linkname,
    };
    this.pax = {};
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
    this.current = null;
    this.parts = null;
    this.state = this.padding > 0 ? 'padding' : 'header';
  }

  private afterMeta(): State {
    this.applyMeta(Buffer.alloc(0));
    this.metaType = '';
    return 'header';
  }

  private applyMeta(data: Buffer): void {
    if (this.metaType === 'L') this.longName = cString(data);
    else if (this.metaType === 'K') this.longLink = cString(data);
    else if (this.metaType === 'x') Object.assign(this.pax, parsePax(data));
    // Global pax headers ('g') set defaults imgaudit does not need.
  }
}

function isZero(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

function checksum(block: Buffer): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += block[i]!;
  return sum;
}

function text(block: Buffer, start: number, length: number): string {
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

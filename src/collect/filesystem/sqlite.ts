/**
 * A read-only reader of one table of an SQLite database file (sqlite.org/fileformat.html), the subset the rpm
 * database needs: the 100-byte header, the schema table on page 1, table b-trees (interior and leaf pages), records
 * and overflow chains. Written for untrusted bytes: every offset is checked against the page it belongs to, every page
 * is visited at most once (a hostile file's cycles end there), so the work is bounded by the file's size; a corrupt
 * file is an error string, never a throw, never a hang. Index b-trees, freelists, the WAL and writing are not needed.
 */

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;
const LEAF_TABLE = 13;
const INTERIOR_TABLE = 5;

/** A column's value: SQL NULL, an integer or float, text, or a blob (a view of the file's bytes or a copy). */
export type SqliteValue = null | number | string | Buffer;

/**
 * Called with each row of the table in rowid order; returning false stops the walk. A blob is valid during the call
 * only (a payload joined from overflow pages shares one buffer with the next row's): copy what is kept.
 */
export type RowVisitor = (rowid: number, values: readonly SqliteValue[]) => boolean;

/** Why the file could not be read (one line), or undefined when every row was visited (or the visitor stopped). */
export type SqliteProblem = string | undefined;

interface Database {
  readonly bytes: Buffer;
  readonly pageSize: number;
  /** The usable bytes of a page: the page size less the bytes reserved at its end (for extensions). */
  readonly usable: number;
  readonly pageCount: number;
  readonly encoding: 'utf8' | 'utf16le' | 'utf16be';
  /** Pages already visited (b-tree and overflow alike): a page seen twice is a cycle or a shared page. */
  readonly visited: Uint8Array;
  /**
   * Payload bytes the rows may still hand out. Cells of a sound file never overlap, so their payloads add up to less
   * than the file; a hostile page whose cell pointers all point at one large cell would otherwise cost cells × size.
   */
  budget: number;
  /** Where payloads spread over overflow pages are joined: one buffer, reused, not a new one each row. */
  joined: Buffer;
}

class Corrupt extends Error {}

/** Opens the database and walks the rows of `table` (a table b-tree named in sqlite_schema). */
export function readSqliteTable(bytes: Buffer, table: string, visit: RowVisitor): SqliteProblem {
  try {
    const db = open(bytes);
    const root = findRootPage(db, table);
    if (root === undefined) return `no table ${table} in the sqlite schema`;
    walkTable(db, root, visit);
    return undefined;
  } catch (error) {
    if (error instanceof Corrupt) return `corrupt sqlite database: ${error.message}`;
    throw error;
  }
}

/** True when the bytes start like an SQLite 3 database. */
export function isSqlite(bytes: Buffer): boolean {
  return bytes.length >= MAGIC.length && bytes.subarray(0, MAGIC.length).equals(MAGIC);
}

function open(bytes: Buffer): Database {
  if (!isSqlite(bytes)) throw new Corrupt('not an SQLite 3 file (no "SQLite format 3" header)');
  if (bytes.length < HEADER_BYTES) throw new Corrupt('truncated header');
  const encoded = bytes.readUInt16BE(16);
  // A power of two from 512 to 32768, or 1 for 65536.
  const pageSize = encoded === 1 ? 65536 : encoded;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw new Corrupt(`page size ${encoded}`);
  const usable = pageSize - bytes[20]!;
  if (usable < 480) throw new Corrupt(`usable page size ${usable}`);
  const encoding = ({ 1: 'utf8', 2: 'utf16le', 3: 'utf16be' } as const)[bytes.readUInt32BE(56) || 1];
  if (encoding === undefined) throw new Corrupt(`text encoding ${bytes.readUInt32BE(56)}`);
  // The header's page count may be stale (a file written by an old version): the file's length decides.
  const pageCount = Math.floor(bytes.length / pageSize);
  if (pageCount < 1) throw new Corrupt('shorter than one page');
  return {
    bytes,
    pageSize,
    usable,
    pageCount,
    encoding,
    visited: new Uint8Array(pageCount + 1),
    budget: bytes.length,
    joined: Buffer.alloc(0),
  };
}

/** The root page of a table named in sqlite_schema (page 1): `type, name, tbl_name, rootpage, sql` per row. */
function findRootPage(db: Database, table: string): number | undefined {
  let root: number | undefined;
  const wanted = table.toLowerCase();
  walkTable(db, 1, (_rowid, values) => {
    const [type, name, , rootpage] = values;
    if (type === 'table' && typeof name === 'string' && name.toLowerCase() === wanted) {
      if (typeof rootpage !== 'number' || !Number.isInteger(rootpage)) throw new Corrupt(`root page of ${table}`);
      root = rootpage;
      return false;
    }
    return true;
  });
  return root;
}

/** Marks a page visited; throws when it is out of the file or was visited before. */
function enter(db: Database, page: number, what: string): number {
  if (!Number.isInteger(page) || page < 1 || page > db.pageCount)
    throw new Corrupt(`${what} page ${page} out of the file`);
  if (db.visited[page] === 1) throw new Corrupt(`${what} page ${page} reached twice`);
  db.visited[page] = 1;
  return (page - 1) * db.pageSize;
}

/** Depth-first over the b-tree rooted at `root`, on a stack of its own: a hostile tree can be as deep as it is long. */
function walkTable(db: Database, root: number, visit: RowVisitor): void {
  const { bytes } = db;
  const stack: number[] = [root];
  while (stack.length > 0) {
    const page = stack.pop()!;
    const start = enter(db, page, 'b-tree');
    // Page 1 holds the database header before its b-tree header; cell offsets still count from the page's start.
    const header = page === 1 ? start + HEADER_BYTES : start;
    const end = start + db.usable;
    const type = bytes[header];
    const interior = type === INTERIOR_TABLE;
    if (!interior && type !== LEAF_TABLE) throw new Corrupt(`page ${page} is not a table b-tree page (type ${type})`);
    const headerBytes = interior ? 12 : 8;
    const cells = bytes.readUInt16BE(header + 3);
    const pointers = header + headerBytes;
    if (pointers + 2 * cells > end) throw new Corrupt(`page ${page}: ${cells} cells do not fit`);
    if (interior) {
      // Children are pushed right-most first, so the leaves come off the stack in rowid order.
      stack.push(bytes.readUInt32BE(header + 8));
      for (let i = cells - 1; i >= 0; i--) {
        const cell = start + bytes.readUInt16BE(pointers + 2 * i);
        if (cell < pointers + 2 * cells || cell + 4 > end) throw new Corrupt(`page ${page}: cell ${i} out of the page`);
        stack.push(bytes.readUInt32BE(cell));
      }
      continue;
    }
    for (let i = 0; i < cells; i++) {
      const cell = start + bytes.readUInt16BE(pointers + 2 * i);
      if (cell < pointers + 2 * cells || cell >= end) throw new Corrupt(`page ${page}: cell ${i} out of the page`);
      const { rowid, payload } = leafCell(db, page, cell, end);
      if (!visit(rowid, record(db, payload))) return;
    }
  }
}

/** A table leaf cell: payload size, rowid, the payload's local part, then the first overflow page when it spills. */
function leafCell(db: Database, page: number, cell: number, end: number): { rowid: number; payload: Buffer } {
  const size = varint(db.bytes, cell, end);
  const rowid = varint(db.bytes, size.next, end);
  const total = size.value;
  if (total > db.budget) throw new Corrupt(`page ${page}: more payload than the file holds (overlapping cells)`);
  db.budget -= total;
  const local = localPayload(db.usable, total);
  const at = rowid.next;
  if (at + local > end) throw new Corrupt(`page ${page}: payload out of the page`);
  if (local === total) return { rowid: rowid.value, payload: db.bytes.subarray(at, at + local) };
  if (at + local + 4 > end) throw new Corrupt(`page ${page}: overflow pointer out of the page`);
  if (db.joined.length < total) db.joined = Buffer.allocUnsafe(Math.max(total, 2 * db.joined.length));
  let length = db.bytes.copy(db.joined, 0, at, at + local);
  let next = db.bytes.readUInt32BE(at + local);
  // Each overflow page: the next page's number, then up to usable - 4 bytes of the payload.
  while (length < total) {
    if (next === 0) throw new Corrupt(`page ${page}: overflow chain ends ${total - length} bytes early`);
    const start = enter(db, next, 'overflow');
    length += db.bytes.copy(db.joined, length, start + 4, start + 4 + Math.min(db.usable - 4, total - length));
    next = db.bytes.readUInt32BE(start);
  }
  return { rowid: rowid.value, payload: db.joined.subarray(0, total) };
}

/** How much of a table leaf cell's payload is on the page itself (the rest is on overflow pages). */
function localPayload(usable: number, total: number): number {
  const maxLocal = usable - 35;
  if (total <= maxLocal) return total;
  const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
  const k = minLocal + ((total - minLocal) % (usable - 4));
  return k <= maxLocal ? k : minLocal;
}

/** SQLite's variable-length integer: up to 9 bytes, big-endian, 7 bits a byte and all 8 in the ninth. */
function varint(bytes: Buffer, at: number, end: number): { value: number; next: number } {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    if (at + i >= end) throw new Corrupt('varint out of bounds');
    const byte = bytes[at + i]!;
    if (i === 8) return { value: value * 256 + byte, next: at + 9 };
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
  }
  /* c8 ignore next */
  throw new Corrupt('varint');
}

/** A record: a header of serial types (its own length first), then the values. */
function record(db: Database, payload: Buffer): SqliteValue[] {
  const headerSize = varint(payload, 0, payload.length);
  if (headerSize.value > payload.length || headerSize.value < headerSize.next) throw new Corrupt('record header size');
  const values: SqliteValue[] = [];
  let at = headerSize.next;
  let body = headerSize.value;
  while (at < headerSize.value) {
    const serial = varint(payload, at, headerSize.value);
    at = serial.next;
    const length = serialLength(serial.value);
    if (body + length > payload.length) throw new Corrupt('record value out of the payload');
    values.push(value(db, payload, serial.value, body, length));
    body += length;
  }
  return values;
}

const INTEGER_BYTES = [0, 1, 2, 3, 4, 6, 8];

function serialLength(serial: number): number {
  if (serial <= 6) return INTEGER_BYTES[serial]!;
  if (serial === 7) return 8;
  if (serial <= 9) return 0;
  if (serial <= 11) throw new Corrupt(`reserved serial type ${serial}`);
  return Math.floor((serial - 12) / 2);
}

function value(db: Database, payload: Buffer, serial: number, at: number, length: number): SqliteValue {
  if (serial === 0) return null;
  if (serial === 8) return 0;
  if (serial === 9) return 1;
  if (serial === 7) return payload.readDoubleBE(at);
  if (serial <= 6) return serial === 6 ? Number(payload.readBigInt64BE(at)) : payload.readIntBE(at, length);
  const bytes = payload.subarray(at, at + length);
  if (serial % 2 === 0) return bytes;
  if (db.encoding === 'utf8') return bytes.toString('utf8');
  if (db.encoding === 'utf16le') return bytes.toString('utf16le');
  // swap16 wants an even length: a hostile odd one loses its last byte.
  return Buffer.from(bytes.subarray(0, length - (length % 2)))
    .swap16()
    .toString('utf16le');
}

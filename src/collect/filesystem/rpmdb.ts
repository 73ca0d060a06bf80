/**
 * rpm's sqlite database (`rpmdb.sqlite`: Fedora 33+, RHEL/UBI 9, Amazon Linux 2023), reduced as the other package
 * metadata is (package-records.ts): table `Packages (hnum INTEGER PRIMARY KEY, blob BLOB)` holds one rpm header per
 * installed package, read with our own SQLite reader (sqlite.ts); each header gives a record
 * `name, [epoch:]version-release, arch, license, epoch, version, release, source rpm, vendor`.
 */
import { MAX_RECORDS, PROBLEM, type PackageRecord } from './package-records.js';
import { readSqliteTable } from './sqlite.js';

/** The header tags the inventory reads (rpm's rpmtag.h). */
const TAG = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  vendor: 1011,
  license: 1014,
  arch: 1022,
  sourcerpm: 1044,
} as const;
const WANTED_TAGS: ReadonlyMap<number, keyof typeof TAG> = new Map(
  Object.entries(TAG).map(([key, tag]) => [tag, key as keyof typeof TAG]),
);

const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_I18NSTRING = 9;
const ENTRY_BYTES = 16;
/** rpm's own limits on a header (hdrchkTags, hdrchkData). */
const MAX_ENTRIES = 0xffff;
const MAX_DATA = 256 * 1024 * 1024;
/** No header field the inventory keeps is longer: a string without its NUL in this many bytes is not read. */
const MAX_STRING = 4096;

/** The fields read from one header; a field the header lacks (or whose entry is unreadable) is absent. */
export type RpmHeader = { -readonly [K in keyof typeof TAG]?: K extends 'epoch' ? number : string };

/**
 * An rpm header as rpmdb stores it (no lead, no magic): entry count and data length (big-endian int32s), the index
 * entries (tag, type, offset, count), then the data store. Undefined when the bytes are not such a header; a field
 * whose entry points outside the data store is left out.
 */
export function rpmHeader(blob: Buffer): RpmHeader | undefined {
  if (blob.length < 8) return undefined;
  const entries = blob.readUInt32BE(0);
  const dataLength = blob.readUInt32BE(4);
  if (entries < 1 || entries > MAX_ENTRIES || dataLength > MAX_DATA) return undefined;
  const data = 8 + entries * ENTRY_BYTES;
  if (data + dataLength > blob.length) return undefined;
  const store = blob.subarray(data, data + dataLength);
  const header: RpmHeader = {};
  for (let i = 0; i < entries; i++) {
    const at = 8 + i * ENTRY_BYTES;
    const key = WANTED_TAGS.get(blob.readUInt32BE(at));
    if (key === undefined || key in header) continue;
    const type = blob.readUInt32BE(at + 4);
    const offset = blob.readUInt32BE(at + 8);
    const count = blob.readUInt32BE(at + 12);
    if (key === 'epoch') {
      if (type === TYPE_INT32 && count >= 1 && offset + 4 <= store.length) header.epoch = store.readUInt32BE(offset);
    } else if (type === TYPE_STRING || type === TYPE_I18NSTRING) {
      const text = cString(store, offset);
      if (text !== undefined) header[key] = text;
    }
  }
  return header;
}

/** The NUL-terminated string at `offset` of the data store, or undefined when it has no NUL within bounds. */
function cString(store: Buffer, offset: number): string | undefined {
  if (offset >= store.length) return undefined;
  const length = store.subarray(offset, offset + MAX_STRING + 1).indexOf(0);
  return length < 0 ? undefined : store.toString('utf8', offset, offset + length);
}

/** `[epoch:]version-release`, as rpm -q --qf '%{EPOCH}:%{VERSION}-%{RELEASE}' writes it (without an absent epoch). */
export function rpmVersion(version: string, release: string | undefined, epoch: number | undefined): string {
  return `${epoch === undefined ? '' : `${epoch}:`}${version}${release ? `-${release}` : ''}`;
}

/**
 * The installed packages of an rpmdb.sqlite: a record each, or one `!` record saying why the database could not be
 * read (a corrupt file, a header that is not one). The `gpg-pubkey` entries are left out: rpm keeps each imported
 * signing key as a pseudo package, which is no software a CVE scanner could match (grype and trivy skip them too).
 */
export function rpmdbRecords(bytes: Buffer): PackageRecord[] {
  const records: PackageRecord[] = [];
  let bad: string | undefined;
  const corrupt = readSqliteTable(bytes, 'Packages', (rowid, values) => {
    const blob = values[1];
    const header = Buffer.isBuffer(blob) ? rpmHeader(blob) : undefined;
    if (header === undefined) bad = `row ${rowid} of table Packages holds no rpm header`;
    else if (!header.name || !header.version) bad = `the rpm header of row ${rowid} has no name or version`;
    else if (records.length >= MAX_RECORDS) bad = `more than ${MAX_RECORDS} packages`;
    if (bad !== undefined) return false;
    const { name, version, release, epoch, arch, license, sourcerpm, vendor } = header!;
    if (name === 'gpg-pubkey') return true;
    records.push([
      name!,
      rpmVersion(version!, release, epoch),
      arch ?? '',
      license ?? '',
      epoch === undefined ? '' : String(epoch),
      version!,
      release ?? '',
      sourcerpm ?? '',
      vendor ?? '',
    ]);
    return true;
  });
  const reason = corrupt ?? bad;
  return reason === undefined ? records : [[PROBLEM, reason]];
}

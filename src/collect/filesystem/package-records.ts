/**
 * Package metadata reduced, during the layer scan, to the few fields the inventory needs: each format's parser turns
 * the bytes of an untrusted file into records, one a line, fields separated by tabs. Only these records are kept (in
 * memory, in the layer cache), so a 3 MB dpkg status costs a few kilobytes, and what the redactor sees is plain text.
 * Every parser takes any bytes: it never throws, never loops on its input, and keeps a bounded amount.
 */
import { inflateRawSync } from 'node:zlib';

/** A record of a package, or `!` and why the file could not be read. */
export type PackageRecord = readonly string[];

/** The record that says a file was found but could not be read, and why. */
export const PROBLEM = '!';

/** At most this many records from one file: a hostile database cannot grow the facts without bound. */
export const MAX_RECORDS = 20_000;
const MAX_FIELD = 512;

/** One field as a record keeps it: no tabs or line breaks (they separate fields and records), bounded. */
function field(value: string): string {
  const flat = value.replace(/[\t\r\n]+/g, ' ').trim();
  return flat.length > MAX_FIELD ? flat.slice(0, MAX_FIELD) : flat;
}

export function formatRecords(records: readonly PackageRecord[]): Buffer {
  return Buffer.from(records.map((record) => record.map(field).join('\t')).join('\n'), 'utf8');
}

export function parseRecords(bytes: Buffer): PackageRecord[] {
  const text = bytes.toString('utf8');
  if (text === '') return [];
  return text.split('\n').map((line) => line.split('\t'));
}

const problem = (reason: string): PackageRecord[] => [[PROBLEM, reason]];

/**
 * RFC 822-style paragraphs (dpkg status, apk's database uses single-letter keys without the space): a map per
 * paragraph, continuation lines appended. `separator` splits a key from its value.
 */
function paragraphs(text: string, separator: ':' | 'apk'): Map<string, string>[] {
  const result: Map<string, string>[] = [];
  let current = new Map<string, string>();
  for (const line of text.split('\n')) {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.trim() === '') {
      if (current.size > 0) result.push(current);
      if (result.length >= MAX_RECORDS) return result;
      current = new Map();
      continue;
    }
    // A continuation line (Description, Conffiles): the inventory never needs one.
    if (separator === ':' && (trimmed.startsWith(' ') || trimmed.startsWith('\t'))) continue;
    const colon = trimmed.indexOf(':');
    if (colon <= 0) continue;
    const key = trimmed.slice(0, colon);
    const value = separator === ':' ? trimmed.slice(colon + 1).trim() : trimmed.slice(colon + 1);
    if (!current.has(key)) current.set(key, value);
  }
  if (current.size > 0 && result.length < MAX_RECORDS) result.push(current);
  return result;
}

/**
 * dpkg's status database (`var/lib/dpkg/status`, or one file per package in distroless's `status.d/`): a record
 * `name, version, architecture, source package, source version` per installed package (Status `… installed`).
 */
export function dpkgRecords(bytes: Buffer): PackageRecord[] {
  const records: PackageRecord[] = [];
  for (const fields of paragraphs(bytes.toString('utf8'), ':')) {
    const name = fields.get('Package');
    const version = fields.get('Version');
    if (!name || !version) continue;
    const status = fields.get('Status');
    // distroless's status.d files carry no Status: present means installed.
    if (status !== undefined && !/\binstalled$/.test(status)) continue;
    const source = /^(\S+)(?:\s+\(([^)]*)\))?/.exec(fields.get('Source') ?? '');
    records.push([name, version, fields.get('Architecture') ?? '', source?.[1] ?? '', source?.[2] ?? '']);
  }
  return records;
}

/** apk's database (`lib/apk/db/installed`): `name, version, architecture, license, origin` per package. */
export function apkRecords(bytes: Buffer): PackageRecord[] {
  const records: PackageRecord[] = [];
  for (const fields of paragraphs(bytes.toString('utf8'), 'apk')) {
    const name = fields.get('P');
    const version = fields.get('V');
    if (!name || !version) continue;
    records.push([name, version, fields.get('A') ?? '', fields.get('L') ?? '', fields.get('o') ?? '']);
  }
  return records;
}

/** Core metadata (`*.dist-info/METADATA`, `*.egg-info/PKG-INFO`): `name, version, license` from its headers. */
export function pythonRecords(bytes: Buffer): PackageRecord[] {
  const headers = new Map<string, string>();
  for (const line of bytes.toString('utf8').split('\n')) {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed === '') break;
    if (trimmed.startsWith(' ') || trimmed.startsWith('\t')) continue;
    const colon = trimmed.indexOf(':');
    if (colon <= 0) continue;
    const key = trimmed.slice(0, colon).toLowerCase();
    if (!headers.has(key)) headers.set(key, trimmed.slice(colon + 1).trim());
  }
  const name = headers.get('name');
  const version = headers.get('version');
  if (!name || !version) return problem('no Name or Version header');
  const license = headers.get('license-expression') || shortLicense(headers.get('license'));
  return [[name, version, license ?? '']];
}

/** A `License:` header sometimes holds the whole license text: only a short one names it. */
function shortLicense(value: string | undefined): string | undefined {
  if (!value || value === 'UNKNOWN' || value.length > 100) return undefined;
  return value;
}

/** A package's own `package.json`: `name, version, license`. */
export function npmRecords(bytes: Buffer): PackageRecord[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(bytes.toString('utf8'));
  } catch {
    return problem('not valid JSON');
  }
  if (typeof manifest !== 'object' || manifest === null) return problem('not a JSON object');
  const { name, version, license } = manifest as Record<string, unknown>;
  if (typeof name !== 'string' || typeof version !== 'string' || name === '' || version === '')
    return problem('no name or version');
  const licenseName =
    typeof license === 'string'
      ? license
      : typeof license === 'object' && license !== null && typeof (license as { type?: unknown }).type === 'string'
        ? (license as { type: string }).type
        : '';
  return [[name, version, licenseName]];
}

/**
 * npm's hidden lockfile (`node_modules/.package-lock.json`, npm 7 and later): the package folders it marks as
 * dev-only (`dev: true`), one record each, so the inventory can say which installed packages are dev dependencies.
 */
export function npmLockRecords(bytes: Buffer): PackageRecord[] {
  let lock: unknown;
  try {
    lock = JSON.parse(bytes.toString('utf8'));
  } catch {
    return problem('not valid JSON');
  }
  const packages = (lock as { packages?: unknown } | null)?.packages;
  if (typeof packages !== 'object' || packages === null) return problem('no "packages" object');
  const records: PackageRecord[] = [['lock']];
  for (const [folder, entry] of Object.entries(packages)) {
    if (records.length > MAX_RECORDS) break;
    const dev = (entry as { dev?: unknown } | null)?.dev === true;
    records.push([folder, dev ? 'dev' : 'prod']);
  }
  return records;
}

/** A RubyGems specification (`specifications/*.gemspec`): `name, version, license`. */
export function gemRecords(bytes: Buffer): PackageRecord[] {
  const text = bytes.toString('utf8');
  const name = /\.name\s*=\s*["']([^"'\n]{1,200})["']/.exec(text)?.[1];
  // One `\s*` where the optional part is absent: two around it took quadratic time on a run of spaces.
  const version = /\.version\s*=\s*(?:Gem::Version\.new\(\s*)?["']([^"'\n]{1,100})["']/.exec(text)?.[1];
  if (!name || !version) return problem('no name or version assignment');
  const license = /\.licenses?\s*=\s*(?:\[\s*)?["']([^"'\n]{1,100})["']/.exec(text)?.[1] ?? '';
  return [[name, version, license]];
}

/** `groupId, artifactId, version` from a pom.properties. */
function pomProperties(text: string): PackageRecord | undefined {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    // The value trimmed here: a lazy value before a trailing `\s*$` took quadratic time on a run of spaces.
    const match = /^\s*(groupId|artifactId|version)\s*[=:](.*)$/.exec(line);
    if (match && !values.has(match[1]!)) values.set(match[1]!, match[2]!.trim());
  }
  const group = values.get('groupId');
  const artifact = values.get('artifactId');
  const version = values.get('version');
  return group && artifact && version ? ['maven', group, artifact, version] : undefined;
}

const ZIP_END = 0x06054b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_LOCAL = 0x04034b50;
const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
const NESTED_ARCHIVE = /\.(?:jar|war|ear)$/;
const MAX_POM_BYTES = 64 * 1024;
const MAX_ZIP_ENTRIES = 200_000;

/**
 * A jar (a zip): its `META-INF/maven/<group>/<artifact>/pom.properties` entries, found through the central directory,
 * each a `maven, group, artifact, version` record; nested jars (a Spring Boot fat jar's BOOT-INF/lib) are counted in
 * a `nested, count` record, since they are not opened.
 */
export function jarRecords(zip: Buffer): PackageRecord[] {
  const end = findZipEnd(zip);
  if (end < 0) return problem('no zip end of central directory');
  const entries = zip.readUInt16LE(end + 10);
  const directoryOffset = zip.readUInt32LE(end + 16);
  if (directoryOffset === 0xffffffff || entries === 0xffff) return problem('zip64 archive');
  const records: PackageRecord[] = [];
  let nested = 0;
  let at = directoryOffset;
  for (let i = 0; i < Math.min(entries, MAX_ZIP_ENTRIES); i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== ZIP_CENTRAL) return [...records, [PROBLEM, 'corrupt zip']];
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, Math.min(at + 46 + nameLength, zip.length));
    at = next;
    if (NESTED_ARCHIVE.test(name)) nested++;
    if (!POM_PROPERTIES.test(name) || records.length >= 1000) continue;
    const text = zipEntry(zip, local, method, compressed);
    const record = text === undefined ? undefined : pomProperties(text);
    if (record) records.push(record);
  }
  if (nested > 0) records.push(['nested', String(nested)]);
  return records;
}

function findZipEnd(zip: Buffer): number {
  const earliest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= earliest; at--) if (zip.readUInt32LE(at) === ZIP_END) return at;
  return -1;
}

/** One small entry's bytes as text (stored or deflated), or undefined when it is not readable. */
function zipEntry(zip: Buffer, local: number, method: number, compressed: number): string | undefined {
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== ZIP_LOCAL) return undefined;
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  if (compressed > MAX_POM_BYTES || start + compressed > zip.length) return undefined;
  const data = zip.subarray(start, start + compressed);
  try {
    if (method === 0) return data.toString('utf8');
    if (method === 8) return inflateRawSync(data, { maxOutputLength: MAX_POM_BYTES }).toString('utf8');
  } catch {
    return undefined;
  }
  return undefined;
}

/** The magic that starts a Go binary's build information (`runtime/debug.BuildInfo`), in its `.go.buildinfo` section. */
export const GO_BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const GO_HEADER = 32;
const GO_INLINE_STRINGS = 0x2;

/**
 * Go build information from the bytes starting at its magic: a `go, toolchain version` record, then `mod`/`dep`
 * records `path, version` (a `=>` replacement line replaces the version of the module before it). Go 1.18 and later
 * write the strings inline after the 32-byte header; older binaries point to them elsewhere in the file, which a
 * streaming read does not reach: that is a `!` record.
 */
export function goBuildInfoRecords(blob: Buffer): PackageRecord[] {
  if (blob.length < GO_HEADER || !blob.subarray(0, GO_BUILDINFO_MAGIC.length).equals(GO_BUILDINFO_MAGIC))
    return problem('no Go build information');
  if ((blob[15]! & GO_INLINE_STRINGS) === 0)
    return problem('Go build information before Go 1.18 (pointers into the binary) is not read');
  const version = readVarString(blob, GO_HEADER);
  if (!version) return problem('truncated Go build information');
  const modinfo = readVarString(blob, version.next);
  const records: PackageRecord[] = [['go', version.text]];
  if (!modinfo) return records;
  // The module information is framed by 16 sentinel bytes on each side.
  const text = modinfo.text.length >= 33 ? modinfo.text.slice(16, -16) : '';
  for (const line of text.split('\n')) {
    const parts = line.split('\t');
    if ((parts[0] === 'mod' || parts[0] === 'dep') && parts[1]) records.push([parts[0], parts[1], parts[2] ?? '']);
    else if (parts[0] === '=>' && records.length > 1 && parts[2]) {
      const last = records[records.length - 1]!;
      records[records.length - 1] = [last[0]!, last[1]!, parts[2]];
    }
    if (records.length > MAX_RECORDS) break;
  }
  return records;
}

/** A uvarint-length-prefixed string at `at`, or undefined when the bytes end first. */
function readVarString(blob: Buffer, at: number): { text: string; next: number } | undefined {
  let length = 0;
  let shift = 0;
  let position = at;
  for (;;) {
    if (position >= blob.length || shift > 28) return undefined;
    const byte = blob[position++]!;
    length += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
  }
  if (position + length > blob.length) return undefined;
  return { text: blob.toString('latin1', position, position + length), next: position + length };
}

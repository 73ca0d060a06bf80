/**
 * The package inventory: OS packages (dpkg, apk, rpm's sqlite database) and language packages (Python, npm, Go
 * binaries, Maven jars, gems) of the final view. The layer scan reduces each metadata file to a few records as it
 * streams past (see package-records.ts, rpmdb.ts); this detector turns the visible ones into packages with their
 * package URLs. Metadata it finds but cannot read (a BerkeleyDB or ndb rpm database, a jar too large to open) is
 * listed as not inventoried, with the path and why.
 */
import type { NotInventoried, OsFacts, PackageFact, PackageInventory } from '../../facts.js';
import type { ContentReader, ContentWanted, FinalView } from '../layers/types.js';
import { detectOs } from './os-release.js';
import {
  apkRecords,
  dpkgRecords,
  formatRecords,
  gemRecords,
  GO_BUILDINFO_MAGIC,
  goBuildInfoRecords,
  jarRecords,
  MAX_RECORDS,
  npmLockRecords,
  npmRecords,
  parseRecords,
  PROBLEM,
  pythonRecords,
  type PackageRecord,
} from './package-records.js';
import { absolute, compareText } from './paths.js';
import { golangPurl, npmPurl, purl, pypiName } from './purl.js';
import { rpmdbRecords } from './rpmdb.js';

const DPKG_STATUS = 'var/lib/dpkg/status';
const DPKG_STATUS_D = 'var/lib/dpkg/status.d/';
const APK_INSTALLED = 'lib/apk/db/installed';
const NPM_LOCK = '.package-lock.json';
/** rpm keeps its database in sqlite (Fedora 33+, RHEL/UBI 9, Amazon Linux 2023): read into the inventory. */
const RPM_SQLITE: ReadonlySet<string> = new Set(['var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite']);
/** Its other formats, which imgaudit cannot read: listed as not inventoried, with what to do instead. */
const RPM_UNREAD = (format: string, used: string) =>
  `rpm database in ${format} format (${used}): imgaudit cannot read it, so the image's rpm packages are not ` +
  `inventoried; list them with rpm itself, e.g. docker run --rm --entrypoint rpm IMAGE -qa`;
const RPM_DATABASES: ReadonlyMap<string, string> = new Map([
  ['var/lib/rpm/Packages', RPM_UNREAD('BerkeleyDB', 'RHEL/UBI/CentOS 7 and 8, Amazon Linux 2, Fedora before 33')],
  [
    'usr/lib/sysimage/rpm/Packages',
    RPM_UNREAD('BerkeleyDB', 'RHEL/UBI/CentOS 7 and 8, Amazon Linux 2, Fedora before 33'),
  ],
  ['var/lib/rpm/Packages.db', RPM_UNREAD('ndb', 'openSUSE, SUSE Linux Enterprise 15 SP3 and later')],
  ['usr/lib/sysimage/rpm/Packages.db', RPM_UNREAD('ndb', 'openSUSE, SUSE Linux Enterprise 15 SP3 and later')],
]);
/** SQLite's write-ahead log beside a database: transactions not yet copied into the database file itself. */
const WAL_SUFFIX = '-wal';

/** The most bytes a reader keeps of one file before reducing it: bounds memory whatever the image holds. */
const CAPS = {
  dpkg: 32 * 1024 * 1024,
  apk: 32 * 1024 * 1024,
  npmLock: 16 * 1024 * 1024,
  json: 1024 * 1024,
  gem: 256 * 1024,
  jar: 16 * 1024 * 1024,
  /**
   * A few hundred packages take 5–20 MB; a few thousand, tens of MB. Held whole while its b-trees are walked, so the
   * cap is what keeps the peak under 150 MB: a 30 MB database measured +20–45 MB of RSS.
   */
  rpm: 32 * 1024 * 1024,
  /** Headers come first: the rest of a METADATA (its long description) is not kept. */
  pythonHeaders: 64 * 1024,
} as const;
/** Go binaries between these sizes are searched for build information; it is at most this long. */
const GO_MIN_BYTES = 512 * 1024;
const GO_MAX_BYTES = 512 * 1024 * 1024;
const GO_BUILDINFO_BYTES = 256 * 1024;
/** How far into the data segment the magic is looked for (Go's own debug/buildinfo looks at its first 64 KiB). */
const GO_SEARCH_BYTES = 1024 * 1024;

type Kind = 'dpkg' | 'apk' | 'python' | 'npm' | 'npmLock' | 'gem' | 'jar' | 'rpm';

/**
 * The last characters of every name kindOf takes: status, installed, METADATA, PKG-INFO, package.json,
 * .package-lock.json, .gemspec, .jar, .war, .ear, .egg-info (dpkg's status.d/ files are checked by their folder).
 */
const MAY_BE_METADATA: ReadonlySet<number> = new Set([...'sdAOncro'].map((char) => char.charCodeAt(0)));

/** `rpmdb.sqlite`'s last character, which no name of MAY_BE_METADATA ends in. */
const LAST_OF_SQLITE = 'e'.charCodeAt(0);

/** Which metadata a path is, from its name alone: a few comparisons per file of the image. */
function kindOf(path: string): Kind | undefined {
  // Most files end in none of the names and suffixes below: that is decided without cutting the name out.
  const last = path.charCodeAt(path.length - 1);
  if (last === LAST_OF_SQLITE) return RPM_SQLITE.has(path) ? 'rpm' : undefined;
  if (!MAY_BE_METADATA.has(last) && !path.startsWith(DPKG_STATUS_D)) return undefined;
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  switch (base) {
    case 'status':
      return path === DPKG_STATUS ? 'dpkg' : undefined;
    case 'installed':
      return path === APK_INSTALLED ? 'apk' : undefined;
    case 'METADATA':
      return path.endsWith('.dist-info/METADATA') && inPythonTree(path) ? 'python' : undefined;
    case 'PKG-INFO':
      return path.endsWith('.egg-info/PKG-INFO') && inPythonTree(path) ? 'python' : undefined;
    case 'package.json':
      return isNodeModule(path, slash) ? 'npm' : undefined;
    case NPM_LOCK:
      return path === `node_modules/${NPM_LOCK}` || path.endsWith(`/node_modules/${NPM_LOCK}`) ? 'npmLock' : undefined;
  }
  if (path.startsWith(DPKG_STATUS_D)) return base.endsWith('.md5sums') ? undefined : 'dpkg';
  if (base.endsWith('.gemspec')) return /(?:^|\/)specifications\/(?:default\/)?[^/]+$/.test(path) ? 'gem' : undefined;
  if (base.endsWith('.jar') || base.endsWith('.war') || base.endsWith('.ear')) return 'jar';
  // distutils writes a single `<name>-<version>.egg-info` file of PKG-INFO format.
  if (base.endsWith('.egg-info') && inPythonTree(path)) return 'python';
  return undefined;
}

function inPythonTree(path: string): boolean {
  return path.includes('site-packages/') || path.includes('dist-packages/');
}

/** `…/node_modules/<name>/package.json` or `…/node_modules/@scope/<name>/package.json`, not a file deeper inside. */
function isNodeModule(path: string, slash: number): boolean {
  const dir = path.slice(0, slash);
  const parent = dir.slice(0, dir.lastIndexOf('/') + 1);
  if (parent === 'node_modules/' || parent.endsWith('/node_modules/')) return true;
  const scope = parent.slice(0, -1);
  const scopeName = scope.slice(scope.lastIndexOf('/') + 1);
  if (!scopeName.startsWith('@')) return false;
  const above = scope.slice(0, scope.length - scopeName.length);
  return above === 'node_modules/' || above.endsWith('/node_modules/');
}

const REDUCERS: Record<Kind, { cap: number; reduce: (bytes: Buffer) => PackageRecord[]; truncates?: true }> = {
  dpkg: { cap: CAPS.dpkg, reduce: dpkgRecords },
  apk: { cap: CAPS.apk, reduce: apkRecords },
  python: { cap: CAPS.pythonHeaders, reduce: pythonRecords, truncates: true },
  npm: { cap: CAPS.json, reduce: npmRecords },
  npmLock: { cap: CAPS.npmLock, reduce: npmLockRecords },
  gem: { cap: CAPS.gem, reduce: gemRecords },
  jar: { cap: CAPS.jar, reduce: jarRecords },
  rpm: { cap: CAPS.rpm, reduce: rpmdbRecords },
};

/**
 * Keeps a file's bytes up to its format's cap, then reduces them to records; a file over the cap is not wanted at
 * all (the detector then says so from its size), except METADATA, whose headers come first.
 */
function reducing(kind: Kind): ContentReader {
  const { reduce } = REDUCERS[kind];
  const parts: Buffer[] = [];
  let length = 0;
  const cap = REDUCERS[kind].cap;
  return {
    write(piece) {
      if (length >= cap) return;
      const kept = piece.length <= cap - length ? piece : piece.subarray(0, cap - length);
      parts.push(Buffer.from(kept));
      length += kept.length;
    },
    end: () => formatRecords(reduce(Buffer.concat(parts, length))),
  };
}

/**
 * Keeps a whole file of a known size in one buffer, then reduces it: for the rpm database, whose pages the reader
 * visits in any order. One allocation of the file's size, not pieces and then their concatenation (twice the bytes).
 */
function wholeFile(size: number, reduce: (bytes: Buffer) => PackageRecord[]): ContentReader {
  const bytes = Buffer.allocUnsafe(size);
  let length = 0;
  return {
    write(piece) {
      length += piece.copy(bytes, length);
    },
    end: () => formatRecords(reduce(bytes.subarray(0, length))),
  };
}

/**
 * Searches an ELF executable's bytes for Go's build information as they stream past, and keeps only the bytes from
 * its magic on (bounded). Go's linker puts it near the start of the first writable, non-executable PT_LOAD segment
 * (where `go version -m` looks when there are no section headers), so only a window there is searched: the program
 * headers come first in the file, and everything before the window streams past unread. Anything that is not ELF is
 * let go at its first bytes; an ELF whose program headers do not say where is searched from the start, bounded.
 */
export function goBuildInfoReader(): ContentReader {
  const overlap = GO_BUILDINFO_MAGIC.length - 1;
  let head = Buffer.alloc(0);
  let state: 'head' | 'search' | 'collect' | 'done' = 'head';
  /** Bytes of the file before the current piece. */
  let position = 0;
  let windowStart = 0;
  let windowEnd = GO_SEARCH_BYTES;
  let tail = Buffer.alloc(0);
  const found: Buffer[] = [];
  let collected = 0;
  const collect = (bytes: Buffer) => {
    const kept = bytes.subarray(0, GO_BUILDINFO_BYTES - collected);
    found.push(Buffer.from(kept));
    collected += kept.length;
    if (collected >= GO_BUILDINFO_BYTES) state = 'done';
  };
  /** Searches piece[from, to) (the window's part of it); what follows the magic is collected from the whole piece. */
  const search = (piece: Buffer, from: number, to: number) => {
    // The magic may straddle two pieces: look in the last bytes of the one before joined to the start of this one.
    const joined = tail.length > 0 ? Buffer.concat([tail, piece.subarray(from, from + overlap)]) : undefined;
    const across = joined ? joined.indexOf(GO_BUILDINFO_MAGIC) : -1;
    if (across >= 0) {
      state = 'collect';
      collect(joined!.subarray(across));
      if (state === 'collect') collect(piece.subarray(Math.min(piece.length, from + overlap)));
      return;
    }
    const at = piece.subarray(from, to).indexOf(GO_BUILDINFO_MAGIC);
    if (at >= 0) {
      state = 'collect';
      collect(piece.subarray(from + at));
      return;
    }
    // The last bytes of the window so far, however small the pieces.
    const part = piece.subarray(from, to);
    tail =
      part.length >= overlap
        ? Buffer.from(part.subarray(part.length - overlap))
        : Buffer.concat([tail, part]).subarray(-overlap);
  };
  /** False (and done) when the file is not ELF. */
  const startSearch = (): boolean => {
    if (head.readUInt32BE(0) !== ELF_MAGIC) {
      state = 'done';
      return false;
    }
    const dataStart = elfDataStart(head);
    if (dataStart !== undefined) {
      windowStart = dataStart;
      windowEnd = dataStart + GO_SEARCH_BYTES;
    }
    state = 'search';
    return true;
  };
  const write = (piece: Buffer) => {
    const start = position;
    position += piece.length;
    if (state === 'search') {
      const from = Math.max(0, windowStart - start);
      const to = Math.min(piece.length, windowEnd - start);
      if (from < to) search(piece, from, to);
      if (state === 'search' && position >= windowEnd) state = 'done';
    } else if (state === 'collect') collect(piece);
  };
  return {
    write(piece) {
      if (state === 'done') return;
      if (state !== 'head') return write(piece);
      head = Buffer.concat([head, piece]);
      if (head.length < ELF_HEAD_BYTES || !startSearch()) return;
      position = 0;
      write(head);
    },
    end() {
      if (state === 'head' && head.length >= 4 && startSearch()) {
        position = 0;
        write(head);
      }
      return found.length === 0 ? undefined : formatRecords(goBuildInfoRecords(Buffer.concat(found)));
    },
  };
}

const ELF_MAGIC = 0x7f454c46;
/** Enough of the file for the ELF header and its program headers, which follow it. */
const ELF_HEAD_BYTES = 4096;
const PT_LOAD = 1;
const PF_X = 1;
const PF_W = 2;
const PT_GNU_RELRO = 0x6474e552;

/**
 * Where in the file the data segment starts: the first writable, non-executable PT_LOAD segment, past its RELRO part
 * when it has one (a position-independent, externally linked Go binary puts megabytes of .data.rel.ro first, and
 * .go.buildinfo after it), from the program headers in `head`. Undefined when they are not there or not readable.
 */
export function elfDataStart(head: Buffer): number | undefined {
  if (head.length < 0x40) return undefined;
  const is64 = head[4] === 2;
  const little = head[5] === 1;
  const u16 = (at: number) => (little ? head.readUInt16LE(at) : head.readUInt16BE(at));
  const u32 = (at: number) => (little ? head.readUInt32LE(at) : head.readUInt32BE(at));
  const u64 = (at: number) => Number(little ? head.readBigUInt64LE(at) : head.readBigUInt64BE(at));
  const phoff = is64 ? u64(0x20) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  if (phentsize < (is64 ? 0x38 : 0x20)) return undefined;
  let data: { offset: number; size: number } | undefined;
  let relro: { offset: number; size: number } | undefined;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + phentsize > head.length) return undefined;
    const type = u32(at);
    const flags = is64 ? u32(at + 4) : u32(at + 24);
    const segment = is64 ? { offset: u64(at + 8), size: u64(at + 32) } : { offset: u32(at + 4), size: u32(at + 16) };
    if (type === PT_LOAD && (flags & (PF_X | PF_W)) === PF_W && data === undefined) data = segment;
    else if (type === PT_GNU_RELRO && relro === undefined) relro = segment;
  }
  if (data === undefined) return undefined;
  const inData = relro !== undefined && relro.offset >= data.offset && relro.offset < data.offset + data.size;
  return inData ? relro!.offset + relro!.size : data.offset;
}

/** What the scan reads for the inventory: the metadata files by name, executables for Go build information. */
export const wants: ContentWanted = (path, size, mode) => {
  const kind = kindOf(path);
  if (kind === 'rpm') return size <= CAPS.rpm ? wholeFile(size, rpmdbRecords) : false;
  if (kind !== undefined) return size <= REDUCERS[kind].cap || REDUCERS[kind].truncates ? reducing(kind) : false;
  if (((mode ?? 0) & 0o111) !== 0 && size >= GO_MIN_BYTES && size <= GO_MAX_BYTES) return goBuildInfoReader();
  return false;
};

interface Found {
  readonly packages: PackageFact[];
  readonly notInventoried: NotInventoried[];
}

/** The inventory of the final view: one pass over its files, the records of the visible metadata. */
export function detectPackages(view: FinalView): PackageInventory {
  const os = detectOs(view);
  const found: Found = { packages: [], notInventoried: [] };
  const lockDev = npmDevFolders(view);
  for (const entry of view.files.values()) {
    if (entry.type !== 'file') continue;
    const kind = kindOf(entry.path);
    if (kind === undefined) {
      // An executable whose bytes held Go build information (only those the reader read: a Map lookup at most).
      if ((entry.mode & 0o111) !== 0 && entry.size >= GO_MIN_BYTES) {
        const records = entry.size <= GO_MAX_BYTES ? view.content(entry.path) : undefined;
        if (records !== undefined) addGo(found, parseRecords(records), entry);
      } else if (RPM_DATABASES.has(entry.path)) {
        found.notInventoried.push({ path: absolute(entry.path), reason: RPM_DATABASES.get(entry.path)! });
      }
      continue;
    }
    const records = view.content(entry.path);
    const place = absolute(entry.path);
    if (kind === 'npmLock') continue;
    if (records === undefined) {
      const { cap, truncates } = REDUCERS[kind];
      const reason =
        entry.size > cap && !truncates ? `larger than ${cap / (1024 * 1024)} MiB: not read` : 'content not read';
      found.notInventoried.push({ path: place, reason: kind === 'rpm' ? `rpm database (sqlite) ${reason}` : reason });
      continue;
    }
    const parsed = parseRecords(records);
    const problem = parsed.find((record) => record[0] === PROBLEM);
    if (problem && kind !== 'jar') {
      const reason = problem[1] ?? 'unreadable';
      found.notInventoried.push({
        path: place,
        reason: kind === 'rpm' ? `rpm database (sqlite) not read: ${reason}` : reason,
      });
      continue;
    }
    switch (kind) {
      case 'dpkg':
        addDpkg(found, view, entry.path, parsed, os, entry.layerIndex);
        break;
      case 'apk':
        addApk(found, view, parsed, os, entry.layerIndex);
        break;
      case 'python':
        addOne(found, parsed, entry, 'pypi', (name, version) => purl({ type: 'pypi', name: pypiName(name), version }));
        break;
      case 'npm':
        addOne(found, parsed, entry, 'npm', npmPurl, lockDev(entry.path));
        break;
      case 'gem':
        addOne(found, parsed, entry, 'gem', (name, version) => purl({ type: 'gem', name, version }));
        break;
      case 'jar':
        addJar(found, parsed, entry);
        break;
      case 'rpm':
        addRpm(found, view, entry.path, parsed, os, entry.layerIndex);
        break;
    }
  }
  return { packages: sortPackages(dedupe(found.packages)), notInventoried: sortMissing(found.notInventoried) };
}

type Entry = { readonly path: string; readonly layerIndex: number };

function addOne(
  found: Found,
  records: readonly PackageRecord[],
  entry: Entry,
  type: 'pypi' | 'npm' | 'gem',
  toPurl: (name: string, version: string) => string,
  dev?: boolean,
): void {
  const [name, version, license] = records[0] ?? [];
  if (!name || !version) return;
  found.packages.push({
    name,
    version,
    type,
    path: absolute(entry.path),
    layerIndex: entry.layerIndex,
    ...(license ? { license } : {}),
    purl: toPurl(name, version),
    ...(dev === undefined ? {} : { dev }),
  });
}

/** `debian-12`, `ubuntu-22.04`, `alpine-3.19.1`: the distro qualifier CVE scanners match on. */
function distro(os: OsFacts): string | undefined {
  return os.versionId ? `${os.id}-${os.versionId}` : undefined;
}

/**
 * The layer that installed each version: the first layer, going up, from which on every copy of the database lists
 * it with that version. A later layer's `apt-get install` rewrites the whole file, so the visible copy alone would
 * put every package in the last layer that touched it.
 */
function firstListed(view: FinalView, path: string) {
  const since = new Map<string, number>();
  for (const layer of view.layers) {
    const bytes = layer.contents.get(path);
    if (bytes === undefined) continue;
    const present = new Set<string>();
    for (const [name, version] of parseRecords(bytes)) {
      const key = `${name}\t${version}`;
      present.add(key);
      if (!since.has(key)) since.set(key, layer.index);
    }
    for (const key of since.keys()) if (!present.has(key)) since.delete(key);
  }
  return (name: string, version: string, fallback: number) => since.get(`${name}\t${version}`) ?? fallback;
}

function addDpkg(
  found: Found,
  view: FinalView,
  path: string,
  records: readonly PackageRecord[],
  os: OsFacts,
  layerIndex: number,
): void {
  const layerOf = path === DPKG_STATUS ? firstListed(view, path) : () => layerIndex;
  const namespace = os.id === 'ubuntu' ? 'ubuntu' : 'debian';
  for (const [name, version, arch, source, sourceVersion] of records) {
    if (!name || !version) continue;
    const upstream = source && source !== name ? (sourceVersion ? `${source}@${sourceVersion}` : source) : undefined;
    found.packages.push({
      name,
      version,
      type: 'deb',
      path: absolute(path),
      layerIndex: layerOf(name, version, layerIndex),
      purl: purl({ type: 'deb', namespace, name, version, qualifiers: { arch, distro: distro(os), upstream } }),
    });
  }
}

function addApk(found: Found, view: FinalView, records: readonly PackageRecord[], os: OsFacts, layerIndex: number) {
  const layerOf = firstListed(view, APK_INSTALLED);
  for (const [name, version, arch, license, origin] of records) {
    if (!name || !version) continue;
    const upstream = origin && origin !== name ? origin : undefined;
    found.packages.push({
      name,
      version,
      type: 'apk',
      path: absolute(APK_INSTALLED),
      layerIndex: layerOf(name, version, layerIndex),
      ...(license ? { license } : {}),
      purl: purl({
        type: 'apk',
        namespace: 'alpine',
        name,
        version,
        qualifiers: { arch, distro: distro(os), upstream },
      }),
    });
  }
}

/** The purl namespace of rpm packages: the distribution's vendor, as os-release's ID names it (rhel is redhat). */
function rpmNamespace(os: OsFacts): string | undefined {
  if (os.id === 'rhel') return 'redhat';
  return os.id === 'scratch' || os.id === 'linux' ? undefined : os.id;
}

function addRpm(
  found: Found,
  view: FinalView,
  path: string,
  records: readonly PackageRecord[],
  os: OsFacts,
  layerIndex: number,
): void {
  const layerOf = firstListed(view, path);
  const namespace = rpmNamespace(os);
  for (const [name, evr, arch, license, epoch, version, release, sourcerpm] of records) {
    if (!name || !evr || !version) continue;
    found.packages.push({
      name,
      version: evr,
      type: 'rpm',
      path: absolute(path),
      layerIndex: layerOf(name, evr, layerIndex),
      ...(license ? { license } : {}),
      // The purl spec's rpm type: the version is `version-release`, the epoch a qualifier of its own.
      purl: purl({
        type: 'rpm',
        namespace,
        name,
        version: release ? `${version}-${release}` : version,
        qualifiers: { arch, epoch, distro: distro(os), upstream: sourcerpm },
      }),
    });
  }
  // rpm writes through SQLite's write-ahead log: what is still in a non-empty -wal file is not in the database file.
  const wal = view.files.get(`${path}${WAL_SUFFIX}`);
  if (wal?.type === 'file' && wal.size > 0)
    found.notInventoried.push({
      path: absolute(wal.path),
      reason:
        'sqlite write-ahead log beside the rpm database, not read: packages installed or removed by its last ' +
        'transactions (not yet checkpointed into rpmdb.sqlite) may be missing from or still listed in the inventory',
    });
}

function addGo(found: Found, records: readonly PackageRecord[], entry: Entry): void {
  const path = absolute(entry.path);
  // Only a reader's extract: another detector's copy of an executable (a script) is not build information.
  if (records[0]?.[0] !== 'go' && records[0]?.[0] !== PROBLEM) return;
  const problem = records.find((record) => record[0] === PROBLEM);
  if (problem) {
    found.notInventoried.push({ path, reason: problem[1] ?? 'unreadable Go build information' });
    return;
  }
  const push = (name: string, version: string, purlText: string) =>
    found.packages.push({ name, version, type: 'golang', path, layerIndex: entry.layerIndex, purl: purlText });
  for (const [kind, name, version] of records) {
    if (kind === 'go' && name) {
      // `go1.22.1` or `go1.22.1 X:boringcrypto`: the standard library is a package a scanner can match too.
      const stdlib = name.split(' ')[0]!.replace(/^go/, '');
      push('stdlib', stdlib, purl({ type: 'golang', name: 'stdlib', version: stdlib }));
    } else if ((kind === 'mod' || kind === 'dep') && name && version) push(name, version, golangPurl(name, version));
  }
}

function addJar(found: Found, records: readonly PackageRecord[], entry: Entry): void {
  const path = absolute(entry.path);
  let any = false;
  for (const record of records) {
    const [kind, group, artifact, version] = record;
    if (kind === 'maven' && group && artifact && version) {
      any = true;
      found.packages.push({
        name: `${group}:${artifact}`,
        version,
        type: 'maven',
        path,
        layerIndex: entry.layerIndex,
        purl: purl({ type: 'maven', namespace: group, name: artifact, version }),
      });
    } else if (kind === 'nested') {
      found.notInventoried.push({ path, reason: `${group} nested archives inside: not opened` });
    } else if (kind === PROBLEM) {
      found.notInventoried.push({ path, reason: group ?? 'unreadable' });
    }
  }
  if (!any && records.length === 0)
    found.notInventoried.push({ path, reason: 'jar without META-INF/maven pom.properties' });
}

/**
 * npm's hidden lockfiles, by the folder holding their node_modules: whether each package folder is dev-only.
 * Returns a lookup from a package.json path to true (dev), false (production) or undefined (no lockfile says).
 */
function npmDevFolders(view: FinalView): (packageJson: string) => boolean | undefined {
  const locks = new Map<string, Map<string, boolean>>();
  return (packageJson) => {
    const folder = packageJson.slice(0, -'/package.json'.length);
    const at = folder.startsWith('node_modules/') ? 0 : folder.indexOf('/node_modules/') + 1;
    if (at < 0) return undefined;
    const root = folder.slice(0, at);
    let lock = locks.get(root);
    if (lock === undefined) {
      lock = new Map();
      const bytes = view.content(`${root}node_modules/${NPM_LOCK}`);
      const records = bytes ? parseRecords(bytes) : [];
      if (records[0]?.[0] === 'lock')
        for (const [key, dev] of records.slice(1, MAX_RECORDS + 1)) if (key) lock.set(key, dev === 'dev');
      locks.set(root, lock);
    }
    return lock.get(folder.slice(root.length));
  };
}

function dedupe(packages: PackageFact[]): PackageFact[] {
  const seen = new Set<string>();
  return packages.filter((pkg) => {
    const key = `${pkg.purl}\t${pkg.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortPackages(packages: PackageFact[]): PackageFact[] {
  return packages.sort(
    (a, b) =>
      compareText(a.type, b.type) ||
      compareText(a.name, b.name) ||
      compareText(a.version, b.version) ||
      compareText(a.path, b.path),
  );
}

function sortMissing(missing: NotInventoried[]): NotInventoried[] {
  return missing.sort((a, b) => compareText(a.path, b.path) || compareText(a.reason, b.reason));
}

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  codeDigest,
  defaultCacheDir,
  LayerCache,
  scannerVersionOf,
  type StoredLayer,
} from '../../../../src/collect/layers/cache.js';
import { layerStepsFromHistory } from '../../../../src/collect/layers/store.js';
import { makeFacts } from '../../helpers/facts.js';

const DIFF = `sha256:${'ab'.repeat(32)}`;
const IMAGE = `sha256:${'cd'.repeat(32)}`;
const SCANNER_VERSION = scannerVersionOf();

const layer: StoredLayer = {
  source: `${'1'.repeat(64)}/layer.tar`,
  compression: 'none',
  readable: true,
  fileBytes: 31,
  entries: [
    { path: 'etc', type: 'directory', mode: 0o755, uid: 0, gid: 0, size: 0, linkname: null },
    { path: 'etc/passwd', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 27, linkname: null },
    { path: 'usr/bin/su', type: 'file', mode: 0o4755, uid: 0, gid: 0, size: 4, linkname: null },
    { path: 'bin/rpm', type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, linkname: '/bin/busybox' },
    { path: 'bin/chage', type: 'hardlink', mode: 0o755, uid: 0, gid: 0, size: 0, linkname: 'usr/bin/su' },
  ],
  whiteouts: ['app/old'],
  opaqueDirs: ['var/cache'],
  contents: new Map([['etc/passwd', Buffer.from('root:x:0:0::/root:/bin/sh\n\u00ff')]]),
  secrets: [{ path: 'app/.npmrc', kind: 'npm-token', preview: 'npm-token: npm_…(40 chars)', line: 1 }],
};

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'imgaudit-cache-test-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('LayerCache', () => {
  it('returns a stored layer exactly as it was put, bytes included', async () => {
    const cache = new LayerCache(root);
    await cache.putLayer(DIFF, layer);
    const read = await new LayerCache(root).getLayer(DIFF);
    expect(read).toEqual(layer);
    expect(read?.contents.get('etc/passwd')).toEqual(layer.contents.get('etc/passwd'));
  });

  it('misses on an unknown layer, a corrupt file, and a file from another scanner version', async () => {
    const cache = new LayerCache(root);
    expect(await cache.getLayer(DIFF)).toBeUndefined();
    await cache.putLayer(DIFF, layer);
    const dir = join(root, `layers-${SCANNER_VERSION}`);
    const [file] = readdirSync(dir);
    const path = join(dir, file!);
    writeFileSync(path, readFileSync(path, 'utf8').replace(`"scanner":"${SCANNER_VERSION}"`, '"scanner":"0.0.0-r0"'));
    expect(await cache.getLayer(DIFF)).toBeUndefined();
    writeFileSync(path, '{"scanner":');
    expect(await cache.getLayer(DIFF)).toBeUndefined();
  });

  it('keeps no temp file and only the redacted preview of a secret', async () => {
    const cache = new LayerCache(root);
    await Promise.all([
      cache.putLayer(DIFF, layer),
      cache.putImage(IMAGE, { diffIds: [DIFF], layerHistoryIndex: [0] }),
    ]);
    const files = [
      ...readdirSync(join(root, `layers-${SCANNER_VERSION}`)),
      ...readdirSync(join(root, `images-${SCANNER_VERSION}`)),
    ];
    expect(files).toEqual([`${DIFF.replace(':', '-')}.json`, `${IMAGE.replace(':', '-')}.json`]);
    expect(await cache.getImage(IMAGE)).toEqual({ diffIds: [DIFF], layerHistoryIndex: [0] });
  });

  it('never writes outside its directory, whatever the key', async () => {
    const cache = new LayerCache(root);
    await cache.putLayer('../../escape', layer);
    expect(readdirSync(join(root, `layers-${SCANNER_VERSION}`))).toEqual(['..-..-escape.json']);
  });

  it('never keeps a layer whose file names hold a secret (names are stored as they are)', async () => {
    const token = `ghp_${'T'.repeat(36)}`;
    const named = { ...layer, entries: [...layer.entries, { ...layer.entries[1]!, path: `app/${token}.txt` }] };
    const cache = new LayerCache(root);
    await cache.putLayer(DIFF, named);
    expect(await cache.getLayer(DIFF)).toBeUndefined();
    await cache.putLayer(DIFF, layer);
    expect(await cache.getLayer(DIFF)).toBeDefined();
  });

  it('lives in $IMGAUDIT_CACHE_DIR, else $XDG_CACHE_HOME/imgaudit, else ~/.cache/imgaudit', () => {
    expect(defaultCacheDir({ IMGAUDIT_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/imgaudit');
    expect(defaultCacheDir({})).toMatch(/\/\.cache\/imgaudit$/);
  });
});

describe('layerStepsFromHistory (a cached image whose config was never saved)', () => {
  it('maps layers to the steps that stored bytes, else to every step that is not metadata', () => {
    const base = makeFacts().config;
    const history = [
      { createdBy: 'ADD rootfs.tar /', sizeBytes: 100, created: null, comment: '' },
      { createdBy: 'ENV A=1', sizeBytes: 0, created: null, comment: '' },
      { createdBy: 'RUN mkdir -p /data', sizeBytes: 0, created: null, comment: '' },
      { createdBy: '/bin/sh -c #(nop)  CMD ["x"]', sizeBytes: 0, created: null, comment: '' },
    ];
    const oneLayer = { ...base, history, historyCount: 4, layerDiffIds: [DIFF], layerCount: 1 };
    expect(layerStepsFromHistory(oneLayer).layerHistoryIndex).toEqual([0]);
    const twoLayers = { ...oneLayer, layerDiffIds: [DIFF, DIFF], layerCount: 2 };
    expect(layerStepsFromHistory(twoLayers).layerHistoryIndex).toEqual([0, 2]);
    const threeLayers = { ...twoLayers, layerDiffIds: [DIFF, DIFF, DIFF], layerCount: 3 };
    expect(layerStepsFromHistory(threeLayers).layerHistoryIndex).toEqual([null, null, null]);
  });
});

describe('the scanner version that keys the cache (regression: keyed by the tool version only, a detector change served stale facts)', () => {
  it('is the tool version and a digest of the scanner code', () => {
    expect(SCANNER_VERSION).toMatch(/^\d+\.\d+\.\d+.*-[0-9a-f]{16}$/);
  });

  it('changes with any change to that code, and only then', () => {
    const code = join(root, 'code');
    mkdirSync(join(code, 'sub'), { recursive: true });
    writeFileSync(join(code, 'detector.ts'), 'export const wants = 1;');
    writeFileSync(join(code, 'sub', 'finder.js'), 'export const kinds = [];');
    writeFileSync(join(code, 'README.md'), 'not code');
    const folders = [pathToFileURL(`${code}/`)];
    const before = codeDigest(folders);
    expect(codeDigest(folders)).toBe(before);
    writeFileSync(join(code, 'README.md'), 'still not code');
    expect(codeDigest(folders)).toBe(before);
    writeFileSync(join(code, 'sub', 'finder.js'), 'export const kinds = ["new-kind"];');
    const changed = codeDigest(folders);
    expect(changed).not.toBe(before);
    writeFileSync(join(code, 'extra.ts'), '');
    expect(codeDigest(folders)).not.toBe(changed);
  });

  it('makes a cache written by other scanner code a miss', async () => {
    await new LayerCache(root, 'other-scanner').putLayer(DIFF, layer);
    await new LayerCache(root, 'other-scanner').putFacts(IMAGE, { fileCount: 1 });
    expect(await new LayerCache(root).getLayer(DIFF)).toBeUndefined();
    expect(await new LayerCache(root).getFacts(IMAGE)).toBeUndefined();
    expect(await new LayerCache(root, 'other-scanner').getFacts(IMAGE)).toEqual({ fileCount: 1 });
  });
});

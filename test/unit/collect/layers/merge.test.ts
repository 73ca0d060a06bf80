import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeLayers, normalise, resolveSymlink } from '../../../../src/collect/layers/merge.js';
import type { LayerEntry, LayerIndex } from '../../../../src/collect/layers/types.js';

const entry = (path: string, extra: Partial<LayerEntry> = {}): LayerEntry => ({
  path,
  type: 'file',
  mode: 0o644,
  uid: 0,
  gid: 0,
  size: 1,
  linkname: null,
  ...extra,
});
const layer = (index: number, entries: LayerEntry[], extra: Partial<LayerIndex> = {}): LayerIndex => ({
  index,
  source: `l${index}`,
  compression: 'none',
  readable: true,
  entries,
  whiteouts: [],
  opaqueDirs: [],
  contents: new Map(),
  fileBytes: 0,
  ...extra,
});
const paths = (layers: LayerIndex[]) => [...mergeLayers(layers).files.keys()].sort();

describe('mergeLayers', () => {
  it('lets an upper layer replace a file and remembers which layer is visible', () => {
    const view = mergeLayers([layer(0, [entry('a', { size: 1 })]), layer(1, [entry('a', { size: 2 })])]);
    expect(view.files.get('a')).toMatchObject({ size: 2, layerIndex: 1 });
    expect(view.isVisible('a', 1)).toBe(true);
    expect(view.isVisible('a', 0)).toBe(false);
  });

  it('removes a whited-out directory with everything below it, but not look-alike siblings', () => {
    const bottom = layer(0, [entry('app', { type: 'directory' }), entry('app/x'), entry('app/sub/y'), entry('apple')]);
    expect(paths([bottom, layer(1, [], { whiteouts: ['app'] })])).toEqual(['apple']);
  });

  it('hides only lower contents of an opaque directory, keeping the same layer’s new files', () => {
    const bottom = layer(0, [entry('cache', { type: 'directory' }), entry('cache/old')]);
    const top = layer(1, [entry('cache', { type: 'directory' }), entry('cache/new')], { opaqueDirs: ['cache'] });
    expect(paths([bottom, top])).toEqual(['cache', 'cache/new']);
  });

  it('drops a directory’s contents when a file replaces the directory', () => {
    const bottom = layer(0, [entry('conf', { type: 'directory' }), entry('conf/a')]);
    expect(paths([bottom, layer(1, [entry('conf')])])).toEqual(['conf']);
  });

  it('resolves relative and absolute symlink chains and hard links, and gives up on loops', () => {
    const view = mergeLayers([
      layer(0, [
        entry('bin/busybox', { mode: 0o755 }),
        entry('usr/bin/rpm', { type: 'symlink', linkname: '../../bin/busybox' }),
        entry('usr/sbin/rpm2', { type: 'symlink', linkname: '/usr/bin/rpm' }),
        entry('bin/ln-hard', { type: 'hardlink', linkname: 'bin/busybox' }),
        entry('loop/a', { type: 'symlink', linkname: 'b' }),
        entry('loop/b', { type: 'symlink', linkname: 'a' }),
        entry('dangling', { type: 'symlink', linkname: '/nowhere' }),
      ]),
    ]);
    expect(view.resolve('usr/sbin/rpm2')?.path).toBe('bin/busybox');
    expect(view.resolve('/bin/ln-hard')?.path).toBe('bin/busybox');
    expect(view.resolve('loop/a')).toBeUndefined();
    expect(view.resolve('dangling')).toBeUndefined();
  });

  it('serves the visible version’s captured content only', () => {
    const view = mergeLayers([
      layer(0, [entry('etc/passwd')], { contents: new Map([['etc/passwd', Buffer.from('old')]]) }),
      layer(1, [entry('etc/passwd')], { contents: new Map([['etc/passwd', Buffer.from('new')]]) }),
    ]);
    expect(view.content('/etc/passwd')?.toString()).toBe('new');
  });
});

describe('path helpers', () => {
  it('normalise strips ./, leading and trailing slashes and cannot climb above the root', () => {
    expect(normalise('./etc/passwd')).toBe('etc/passwd');
    expect(normalise('/usr/bin/')).toBe('usr/bin');
    expect(normalise('../../etc/shadow')).toBe('etc/shadow');
    expect(normalise('./')).toBe('');
  });
  it('resolveSymlink joins relative targets to the link’s directory', () => {
    expect(resolveSymlink('etc/os-release', '../usr/lib/os-release')).toBe('usr/lib/os-release');
    expect(resolveSymlink('bin/sh', 'busybox')).toBe('bin/busybox');
    expect(resolveSymlink('a/b', '/c')).toBe('c');
  });
});

describe('mergeLayers: link resolution regressions (found in review of the filesystem detectors)', () => {
  it('follows a symlinked directory in the middle of a path (usrmerge: bin -> usr/bin)', () => {
    const view = mergeLayers([
      layer(0, [
        entry('usr', { type: 'directory' }),
        entry('usr/bin', { type: 'directory' }),
        entry('bin', { type: 'symlink', linkname: 'usr/bin' }),
        entry('usr/bin/dash', { mode: 0o755 }),
        entry('usr/bin/sh', { type: 'symlink', linkname: 'dash' }),
      ]),
    ]);
    expect(view.resolve('bin/sh')?.path).toBe('usr/bin/dash');
    expect(view.resolve('/bin/dash')?.path).toBe('usr/bin/dash');
    expect(view.resolve('bin/missing')).toBeUndefined();
  });

  it('resolves a hard link to the copy in its own layer even when a later layer removes the target path', () => {
    const view = mergeLayers([
      layer(0, [
        entry('bin/busybox', { mode: 0o4755 }),
        entry('bin/sh', { type: 'hardlink', linkname: 'bin/busybox' }),
      ]),
      layer(1, [], { whiteouts: ['bin/busybox'] }),
    ]);
    expect(view.resolve('bin/sh')).toMatchObject({ type: 'file', mode: 0o4755, layerIndex: 0 });
  });

  it('stops on a directory symlink loop', () => {
    const view = mergeLayers([
      layer(0, [entry('a', { type: 'symlink', linkname: 'b' }), entry('b', { type: 'symlink', linkname: 'a' })]),
    ]);
    expect(view.resolve('a/x')).toBeUndefined();
  });
});

describe('normalise fast path agrees with the general one', () => {
  it.each([
    'usr/bin/x',
    './usr/bin/x',
    '/usr/bin/x',
    'usr/share/',
    './',
    '.',
    '/',
    '',
    'a//b',
    'a/./b',
    'a/b/.',
    '../x',
    'a/../../b',
    './/x',
    'x/',
  ])('%j', (path) => {
    const general = (() => {
      const clean = posix.normalize(`/${path}`);
      return clean === '/' ? '' : clean.replace(/^\/+/, '').replace(/\/+$/, '');
    })();
    expect(normalise(path)).toBe(general);
  });
});

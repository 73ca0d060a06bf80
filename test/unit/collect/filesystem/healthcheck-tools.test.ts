import { describe, expect, it } from 'vitest';
import { findHealthcheckTools, healthcheckPrograms } from '../../../../src/collect/filesystem/healthcheck-tools.js';
import { mergeLayers } from '../../../../src/collect/layers/merge.js';
import type { LayerEntry } from '../../../../src/collect/layers/types.js';

const entry = (path: string, extra: Partial<LayerEntry> = {}): LayerEntry => ({
  path,
  type: 'file',
  mode: 0o755,
  uid: 0,
  gid: 0,
  size: 1,
  linkname: null,
  ...extra,
});
const viewOf = (entries: LayerEntry[]) =>
  mergeLayers([
    {
      index: 0,
      source: 'l0',
      compression: 'none',
      readable: true,
      entries,
      whiteouts: [],
      opaqueDirs: [],
      contents: new Map(),
      fileBytes: 0,
    },
  ]);

describe('healthcheckPrograms', () => {
  it('takes the program of CMD, and the shell plus the first word of CMD-SHELL', () => {
    expect(healthcheckPrograms(['CMD', '/bin/busybox', 'wget', '-q'])).toEqual(['/bin/busybox']);
    expect(healthcheckPrograms(['CMD-SHELL', 'curl -f http://localhost/ || exit 1'])).toEqual(['/bin/sh', 'curl']);
    expect(healthcheckPrograms(['CMD-SHELL', 'exit 0'])).toEqual(['/bin/sh']);
    expect(healthcheckPrograms(['NONE'])).toEqual([]);
    expect(healthcheckPrograms(null)).toEqual([]);
  });
});

describe('findHealthcheckTools', () => {
  const view = viewOf([
    entry('bin/busybox'),
    entry('bin/sh', { type: 'symlink', linkname: 'busybox' }),
    entry('usr/bin/wget', { type: 'symlink', linkname: '/bin/busybox' }),
    entry('app/notes.txt', { mode: 0o644 }),
  ]);

  it('finds absolute programs and bare names on the default PATH, through links', () => {
    expect(findHealthcheckTools(view, ['CMD-SHELL', 'wget -q -O- http://127.0.0.1/health'])).toEqual([
      { name: '/bin/sh', path: '/bin/sh' },
      { name: 'wget', path: '/usr/bin/wget' },
    ]);
  });

  it('reports what is missing or not executable with a null path', () => {
    expect(findHealthcheckTools(view, ['CMD', 'curl', '-f', 'http://localhost/'])).toEqual([
      { name: 'curl', path: null },
    ]);
    expect(findHealthcheckTools(view, ['CMD', '/app/notes.txt'])).toEqual([{ name: '/app/notes.txt', path: null }]);
  });
});

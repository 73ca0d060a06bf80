import { describe, expect, it } from 'vitest';
import { buildFilesystemFacts } from '../../../../src/collect/filesystem/index.js';
import { context, dir, file, image, symlink, whiteout } from './layers.js';

describe('pathLayers: the layer each path named in the filesystem facts comes from', () => {
  const view = image(
    [
      dir('usr/bin'),
      file('usr/bin/passwd', { mode: 0o4755 }),
      file('bin/busybox', { mode: 0o755 }),
      symlink('bin/sh', 'busybox'),
      file('etc/os-release', { content: 'ID=debian\nPRETTY_NAME="Debian GNU/Linux 12"\n' }),
      file('var/lib/apt/lists/base_Packages', { size: 10 }),
      file('tmp/big.tar', { size: 5_000_000 }),
    ],
    [
      file('usr/bin/gcc', { mode: 0o755 }),
      dir('srv/upload', { mode: 0o777 }),
      file('var/lib/apt/lists/deb.debian.org_Packages', { size: 3_000_000 }),
    ],
    [whiteout('tmp/big.tar'), file('usr/bin/passwd', { mode: 0o755 }), symlink('usr/bin/cc', 'gcc')],
  );
  const facts = buildFilesystemFacts(view, context({ layerCreatedBy: ['ADD', 'RUN', 'RUN'] }));

  it('places setuid files, world-writable paths and tools by the entry the final view shows', () => {
    expect(facts.worldWritable).toEqual(['/srv/upload']);
    expect(facts.pathLayers).toMatchObject({ '/srv/upload': 1, '/usr/bin/gcc': 1, '/bin/sh': 0, '/etc/os-release': 0 });
  });

  it('a link counts as itself, not as what it points at', () => {
    expect(facts.buildTools.map((tool) => tool.path)).toContain('/usr/bin/cc');
    expect(facts.pathLayers?.['/usr/bin/cc']).toBe(2);
  });

  it('a package cache by its newest file', () => {
    expect(facts.packageCaches.map((cache) => cache.path)).toEqual(['/var/lib/apt/lists']);
    expect(facts.pathLayers?.['/var/lib/apt/lists']).toBe(1);
  });

  it('a wasted file by the layer that hid it: its whiteout, or the copy that replaced it', () => {
    expect(facts.wastedFiles.map((wasted) => wasted.path)).toEqual(['/tmp/big.tar', '/usr/bin/passwd']);
    expect(facts.pathLayers).toMatchObject({ '/tmp/big.tar': 2, '/usr/bin/passwd': 2 });
  });

  it('names only paths the facts hold', () => {
    expect(facts.pathLayers).not.toHaveProperty('/bin/busybox');
  });
});

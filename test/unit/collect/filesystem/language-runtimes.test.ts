import { describe, expect, it } from 'vitest';
import {
  detectLanguageRuntimes,
  parseNodeVersionHeader,
  wants,
} from '../../../../src/collect/filesystem/language-runtimes.js';
import { dir, file, image, symlink, whiteout } from './layers.js';

const HEADER = 'usr/local/include/node/node_version.h';
/** The lines of node_version.h that matter, among the others it has. */
const nodeHeader = (major: number, minor: number, patch: number) =>
  [
    '#ifndef SRC_NODE_VERSION_H_',
    '#define SRC_NODE_VERSION_H_',
    '',
    `#define NODE_MAJOR_VERSION ${major}`,
    `#define NODE_MINOR_VERSION ${minor}`,
    `#define NODE_PATCH_VERSION ${patch}`,
    '',
    '#define NODE_VERSION_IS_LTS 1',
    '#define NODE_VERSION_LTS_CODENAME "Iron"',
    '#define NODE_VERSION_IS_RELEASE 1',
    '#define NODE_STRINGIFY(n) NODE_STRINGIFY_HELPER(n)',
    '#define NODE_MODULE_VERSION 115',
    '#endif  // SRC_NODE_VERSION_H_',
    '',
  ].join('\n');

describe('wants (the content the scan keeps for this detector)', () => {
  it('is node_version.h at its official-image path only, and only when small', () => {
    expect(wants(HEADER, 4_000)).toBe(true);
    expect(wants(HEADER, 10 * 1024 * 1024)).toBe(false);
    expect(wants('usr/include/node/node_version.h', 4_000)).toBe(false);
    expect(wants('usr/local/lib/python3.12/os.py', 40_000)).toBe(false);
    expect(wants('usr/local/bin/python3.12', 20_000)).toBe(false);
  });
});

describe('parseNodeVersionHeader', () => {
  it.each([
    [nodeHeader(20, 11, 1), '20.11.1'],
    [nodeHeader(18, 20, 4).replace(/\n/g, '\r\n'), '18.20.4'],
    ['# define NODE_MAJOR_VERSION 22 /* major */\n#  define NODE_MINOR_VERSION 3\n', '22.3'],
    ['#define NODE_MAJOR_VERSION 16\n', '16'],
    ['#define NODE_MAJOR_VERSION 16\n#define NODE_PATCH_VERSION 2\n', '16'],
    ['#define NODE_MAJOR_VERSION 024\n#define NODE_MINOR_VERSION 00\n#define NODE_PATCH_VERSION 1\n', '24.0.1'],
  ])('%j: %s', (text, version) => {
    expect(parseNodeVersionHeader(text)).toBe(version);
  });

  it('takes the first definition, and says nothing without a plain number for the major', () => {
    expect(parseNodeVersionHeader('#define NODE_MAJOR_VERSION 20\n#define NODE_MAJOR_VERSION 99\n')).toBe('20');
    expect(parseNodeVersionHeader('')).toBeUndefined();
    expect(parseNodeVersionHeader('#define NODE_MAJOR_VERSION\n')).toBeUndefined();
    expect(parseNodeVersionHeader('#define NODE_MAJOR_VERSION 2x0\n')).toBeUndefined();
    expect(parseNodeVersionHeader('// #define NODE_MAJOR_VERSION 20\n')).toBeUndefined();
    expect(parseNodeVersionHeader('#define NODE_MAJOR_VERSION_X 20\n')).toBeUndefined();
  });
});

describe('detectLanguageRuntimes', () => {
  it('finds the official node image: its version from node_version.h, in the layer that holds it', () => {
    const view = image(
      [file('etc/os-release', { content: 'ID=debian\nVERSION_ID=12\n' })],
      [dir('usr/local/include/node'), file(HEADER, { content: nodeHeader(20, 11, 1) }), file('usr/local/bin/node')],
    );
    expect(detectLanguageRuntimes(view)).toEqual([
      { runtime: 'node', version: '20.11.1', path: '/usr/local/include/node/node_version.h', layerIndex: 1 },
    ]);
  });

  it('finds nothing when the header was deleted, is not a file, or its content was not kept', () => {
    const deleted = image([file(HEADER, { content: nodeHeader(20, 11, 1) })], [whiteout(HEADER)]);
    const linked = image([symlink(HEADER, '/etc/passwd')]);
    const unread = image([file(HEADER, { size: 4_000 })]);
    const junk = image([file(HEADER, { content: 'not a header' })]);
    for (const view of [deleted, linked, unread, junk]) expect(detectLanguageRuntimes(view)).toEqual([]);
  });

  it('finds the official python image by its standard library, preferred to its interpreter', () => {
    const view = image(
      [file('usr/local/bin/python3.11', { mode: 0o755 }), symlink('usr/local/bin/python3', 'python3.11')],
      [dir('usr/local/lib/python3.11'), file('usr/local/lib/python3.11/os.py')],
    );
    expect(detectLanguageRuntimes(view)).toEqual([
      { runtime: 'python', version: '3.11', path: '/usr/local/lib/python3.11/os.py', layerIndex: 1 },
    ]);
  });

  it('falls back to the interpreter (a file or a link), and finds each version once, oldest first', () => {
    const view = image([
      file('usr/local/bin/python3.12', { mode: 0o755 }),
      symlink('usr/local/bin/python2.7', 'python2'),
      file('usr/local/lib/python3.9/os.py'),
      file('usr/local/bin/python3.9', { mode: 0o755 }),
    ]);
    expect(detectLanguageRuntimes(view).map(({ version, path }) => [version, path])).toEqual([
      ['2.7', '/usr/local/bin/python2.7'],
      ['3.9', '/usr/local/lib/python3.9/os.py'],
      ['3.12', '/usr/local/bin/python3.12'],
    ]);
  });

  it('ignores look-alikes: other prefixes, deeper files, configs, a directory named like the interpreter', () => {
    const view = image([
      file('usr/lib/python3.11/os.py'),
      file('usr/bin/python3.11', { mode: 0o755 }),
      file('usr/local/lib/python3.11/site-packages/os.py'),
      file('usr/local/bin/python3.11-config', { mode: 0o755 }),
      file('usr/local/bin/python3', { mode: 0o755 }),
      dir('usr/local/bin/python3.10'),
      file('opt/usr/local/lib/python3.8/os.py'),
    ]);
    expect(detectLanguageRuntimes(view)).toEqual([]);
  });

  it('finds nothing in an image deleted from below', () => {
    const view = image([file('usr/local/lib/python3.8/os.py')], [whiteout('usr/local/lib/python3.8')]);
    expect(detectLanguageRuntimes(view)).toEqual([]);
  });
});

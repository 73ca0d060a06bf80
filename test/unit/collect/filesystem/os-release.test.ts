import { describe, expect, it } from 'vitest';
import { detectOs, parseOsRelease } from '../../../../src/collect/filesystem/os-release.js';
import { file, image, symlink } from './layers.js';

const DEBIAN = [
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
  'NAME="Debian GNU/Linux"',
  'VERSION_ID="12"',
  'ID=debian',
  '',
].join('\n');

describe('detectOs', () => {
  it('follows etc/os-release as a relative symlink to usr/lib/os-release (Debian)', () => {
    const view = image([
      symlink('etc/os-release', '../usr/lib/os-release'),
      file('usr/lib/os-release', { content: DEBIAN }),
    ]);
    expect(detectOs(view)).toEqual({ id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
  });

  it('falls back to usr/lib/os-release, then NAME, then the id', () => {
    const view = image([file('usr/lib/os-release', { content: "NAME='Wolfi'\nID=wolfi\n" })]);
    expect(detectOs(view)).toEqual({ id: 'wolfi', versionId: null, prettyName: 'Wolfi' });
    expect(detectOs(image([file('etc/os-release', { content: '# nothing\n' })]))).toEqual({
      id: 'linux',
      versionId: null,
      prettyName: 'linux',
    });
  });

  it('calls an image without os-release scratch', () => {
    expect(detectOs(image([file('app/server', { mode: 0o755 })]))).toEqual({
      id: 'scratch',
      versionId: null,
      prettyName: 'scratch (no /etc/os-release)',
    });
  });

  it('parses quoted values with escapes and ignores comments and junk', () => {
    const fields = parseOsRelease('# c\nID="alpine"\nVERSION_ID=3.20.1\nPRETTY_NAME="say \\"hi\\""\r\nnot a line\n');
    expect(Object.fromEntries(fields)).toEqual({ ID: 'alpine', VERSION_ID: '3.20.1', PRETTY_NAME: 'say "hi"' });
  });
});

import { describe, expect, it } from 'vitest';
import { detectExecutables, findPrivilegeTools, findTools } from '../../../../src/collect/filesystem/executables.js';
import { file, hardlink, image, symlink } from './layers.js';

const exe = (path: string, mode = 0o755) => file(path, { mode });

describe('detectExecutables', () => {
  it('tells busybox symlink applets from a real package manager', () => {
    const view = image([
      exe('bin/busybox'),
      symlink('bin/sh', 'busybox'),
      symlink('usr/bin/rpm', '/bin/busybox'),
      symlink('usr/bin/dpkg', '../../bin/busybox'),
      symlink('bin/ls', '/bin/busybox'),
      exe('usr/bin/apt-get'),
      exe('usr/local/bin/suid-helper', 0o4755),
    ]);
    const facts = detectExecutables(view);
    expect(facts.packageManagers).toEqual([{ name: 'apt-get', path: '/usr/bin/apt-get', busyboxApplet: false }]);
    expect(facts.busyboxApplets).toEqual(['dpkg', 'ls', 'rpm', 'sh']);
    expect(facts.shells).toEqual([{ name: 'sh', path: '/bin/sh', busyboxApplet: true }]);
  });

  it('counts busybox --install hard links, even when the layer stored another name as the file', () => {
    // Docker walks directories in order, so `bin/arch` is the file and `bin/busybox` links to it.
    const view = image([
      exe('bin/arch'),
      hardlink('bin/ash', 'bin/arch'),
      hardlink('bin/busybox', 'bin/arch'),
      hardlink('usr/bin/apk-like', 'bin/arch'),
      hardlink('sbin/apk', 'bin/arch'),
    ]);
    const facts = detectExecutables(view);
    expect(facts.busyboxApplets).toEqual(['apk', 'apk-like', 'arch', 'ash']);
    expect(facts.packageManagers).toEqual([]);
    expect(facts.shells).toEqual([{ name: 'ash', path: '/bin/ash', busyboxApplet: true }]);
  });

  it('finds applets of a busybox kept outside the PATH directories', () => {
    const view = image([
      exe('opt/bb/busybox'),
      symlink('usr/bin/rpm', '/opt/bb/busybox'),
      symlink('usr/bin/vi', '../../opt/bb/busybox'),
    ]);
    expect(detectExecutables(view).busyboxApplets).toEqual(['rpm', 'vi']);
  });

  it('follows relative symlink chains to a real executable and ignores dangling links and non-executables', () => {
    const view = image([
      symlink('usr/bin/cc', '../../etc/alternatives/cc'),
      symlink('etc/alternatives/cc', '/usr/bin/gcc-12'),
      exe('usr/bin/gcc-12'),
      symlink('usr/bin/make', '/nowhere/make'),
      exe('usr/bin/cmake', 0o644),
      symlink('bin', 'usr/bin'),
      exe('usr/bin/bash'),
      symlink('usr/bin/sh', 'dash'),
      exe('usr/bin/dash'),
    ]);
    const facts = detectExecutables(view);
    expect(facts.buildTools).toEqual([{ name: 'cc', path: '/usr/bin/cc', busyboxApplet: false }]);
    expect(facts.shells.map(({ path }) => path)).toEqual(['/usr/bin/bash', '/usr/bin/dash', '/usr/bin/sh']);
    expect(facts.busyboxApplets).toEqual([]);
  });

  it('finds dev tools in any node_modules/.bin, but nothing else there', () => {
    const view = image([
      symlink('app/node_modules/.bin/jest', '../jest/bin/jest.js'),
      exe('app/node_modules/jest/bin/jest.js'),
      symlink('app/node_modules/.bin/npm', '../npm/bin/npm-cli.js'),
      exe('app/node_modules/npm/bin/npm-cli.js'),
      exe('usr/local/bin/pytest'),
      exe('app/bin/eslint'),
    ]);
    const facts = detectExecutables(view);
    expect(facts.devTools).toEqual([
      { name: 'jest', path: '/app/node_modules/.bin/jest', busyboxApplet: false },
      { name: 'pytest', path: '/usr/local/bin/pytest', busyboxApplet: false },
    ]);
    expect(facts.packageManagers).toEqual([]);
  });

  it('looks in toolchain directories official images add to PATH', () => {
    const view = image([exe('usr/local/go/bin/go'), exe('usr/local/cargo/bin/cargo')]);
    expect(detectExecutables(view).buildTools.map(({ path }) => path)).toEqual([
      '/usr/local/cargo/bin/cargo',
      '/usr/local/go/bin/go',
    ]);
  });

  it('reports nothing a later layer removed', () => {
    const view = image([exe('usr/bin/gcc'), exe('usr/bin/make')], [{ kind: 'whiteout', path: 'usr/bin/gcc' }]);
    expect(detectExecutables(view).buildTools.map(({ name }) => name)).toEqual(['make']);
  });
});

describe('findPrivilegeTools', () => {
  it('finds real sudo and flags a busybox su', () => {
    const view = image([
      exe('bin/busybox'),
      symlink('bin/su', 'busybox'),
      exe('usr/bin/sudo', 0o4755),
      exe('usr/bin/doas', 0o644),
    ]);
    expect(findPrivilegeTools(view)).toEqual([
      { name: 'su', path: '/bin/su', busyboxApplet: true },
      { name: 'sudo', path: '/usr/bin/sudo', busyboxApplet: false },
    ]);
  });

  it('findTools looks up any names', () => {
    const view = image([exe('usr/bin/curl'), exe('usr/local/bin/curl')]);
    expect(findTools(view, ['curl', 'wget']).map(({ path }) => path)).toEqual(['/usr/bin/curl', '/usr/local/bin/curl']);
  });
});

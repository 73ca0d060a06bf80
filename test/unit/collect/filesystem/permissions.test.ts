import { describe, expect, it } from 'vitest';
import { detectPermissions } from '../../../../src/collect/filesystem/permissions.js';
import { dir, file, hardlink, image, symlink, whiteout } from './layers.js';

describe('detectPermissions', () => {
  it('reports setuid and setgid regular files, a hard link by its own mode bits', () => {
    const view = image([
      file('usr/bin/passwd', { mode: 0o4755 }),
      hardlink('usr/bin/chfn-link', 'usr/bin/passwd', { mode: 0o4755 }),
      file('usr/bin/wall', { mode: 0o2755 }),
      file('usr/bin/both', { mode: 0o6755 }),
      dir('var/mail', { mode: 0o2775 }),
      file('usr/bin/plain', { mode: 0o755 }),
    ]);
    const { setuid, setgid } = detectPermissions(view);
    expect(setuid).toEqual(['/usr/bin/both', '/usr/bin/chfn-link', '/usr/bin/passwd']);
    expect(setgid).toEqual(['/usr/bin/both', '/usr/bin/wall']);
  });

  it('looks only at the final view: a setuid file a later layer removes or chmods is gone', () => {
    const view = image(
      [file('usr/local/bin/removed', { mode: 0o4755 }), file('usr/local/bin/fixed', { mode: 0o4755 })],
      [whiteout('usr/local/bin/removed'), file('usr/local/bin/fixed', { mode: 0o755 })],
    );
    expect(detectPermissions(view).setuid).toEqual([]);
  });

  it('reports world-writable files and directories, but not sticky directories, symlinks or /proc, /sys, /dev', () => {
    const view = image([
      dir('tmp', { mode: 0o1777 }),
      dir('app/uploads', { mode: 0o777 }),
      file('app/shared.log', { mode: 0o666 }),
      symlink('app/link', 'shared.log'),
      file('app/private', { mode: 0o640 }),
      dir('proc/sys', { mode: 0o777 }),
      file('dev/null', { mode: 0o666 }),
      dir('sys', { mode: 0o777 }),
      dir('system', { mode: 0o777 }),
    ]);
    expect(detectPermissions(view).worldWritable).toEqual(['/app/shared.log', '/app/uploads', '/system']);
  });
});

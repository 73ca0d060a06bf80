import { describe, expect, it } from 'vitest';
import { detectUsers, duplicatesOf, parsePasswd } from '../../../../src/collect/filesystem/passwd.js';
import { file, image } from './layers.js';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/sh',
  '# comment',
  'broken:line',
  'appuser:x:10001:10001::/app:/sbin/nologin',
  '',
].join('\n');
const GROUP = 'root:x:0:\nstaff:x:50:appuser\n';
const withFiles = image([file('etc/passwd', { content: PASSWD }), file('etc/group', { content: GROUP })]);
const bare = image([file('app/server', { mode: 0o755 })]);

describe('parsePasswd', () => {
  it('reads the seven fields, skipping comments, malformed lines and repeated names', () => {
    expect(parsePasswd(`${PASSWD}root:x:5:5::/:/bin/false\nnobody:x:abc:1::/:/bin/false\n`)).toEqual([
      { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/sh' },
      { name: 'appuser', uid: 10001, gid: 10001, home: '/app', shell: '/sbin/nologin' },
    ]);
  });
});

describe('detectUsers', () => {
  it('lists the users of the visible /etc/passwd', () => {
    expect(detectUsers(withFiles, '').users.map(({ name }) => name)).toEqual(['root', 'appuser']);
    expect(detectUsers(bare, '').users).toEqual([]);
  });

  it.each([
    ['no USER is root', withFiles, '', { resolves: true, uid: 0 }],
    ['a named user from /etc/passwd', withFiles, 'appuser', { resolves: true, uid: 10001 }],
    ['a numeric UID without /etc/passwd', bare, '10001', { resolves: true, uid: 10001 }],
    ['a numeric UID and GID without /etc/group', bare, '10001:10001', { resolves: true, uid: 10001 }],
    ['a named user and an existing group', withFiles, 'appuser:staff', { resolves: true, uid: 10001 }],
    ['a numeric UID with a named group that exists', withFiles, '10001:staff', { resolves: true, uid: 10001 }],
    ['a named user missing from /etc/passwd', withFiles, 'ghost', { resolves: false, uid: null }],
    ['a named user without /etc/passwd', bare, 'appuser', { resolves: false, uid: null }],
    ['a named group missing from /etc/group', withFiles, 'appuser:wheel', { resolves: false, uid: null }],
    ['a numeric UID with a named group and no /etc/group', bare, '10001:staff', { resolves: false, uid: null }],
  ])('%s', (_, view, user, expected) => {
    expect(detectUsers(view, user).userResolution).toMatchObject({ user, ...expected });
  });

  it('explains a missing user the way the daemon will fail', () => {
    expect(detectUsers(withFiles, 'appuser2').userResolution.reason).toBe(
      'user "appuser2" is not in /etc/passwd: the container will not start (unable to find user appuser2)',
    );
    expect(detectUsers(withFiles, 'appuser:wheel').userResolution.reason).toBe(
      'group "wheel" is not in /etc/group: the container will not start (unable to find group wheel)',
    );
    expect(detectUsers(withFiles, '').userResolution.reason).toBe('no USER: root');
  });
});

describe('duplicate ids', () => {
  it('finds UIDs and GIDs held by more than one name, lowest first, names in file order', () => {
    const view = image([
      file('etc/passwd', {
        content: [
          'root:x:0:0:root:/root:/bin/sh',
          'app:x:1000:1000::/app:/bin/sh',
          'toor:x:0:0::/root:/bin/sh',
          'deploy:x:1000:1000::/app:/bin/sh',
          'root:x:5:5::/:/bin/false',
          'nobody:x:65534:65534::/:/bin/false',
          '',
        ].join('\n'),
      }),
      file('etc/group', { content: 'root:x:0:\nwheel:x:0:root\napp:x:1000:\nnogroup:x:65534:\n' }),
    ]);
    expect(detectUsers(view, '').duplicateIds).toEqual([
      { kind: 'uid', id: 0, names: ['root', 'toor'] },
      { kind: 'uid', id: 1000, names: ['app', 'deploy'] },
      { kind: 'gid', id: 0, names: ['root', 'wheel'] },
    ]);
  });

  it('finds none in unique files or without them', () => {
    expect(detectUsers(withFiles, '').duplicateIds).toEqual([]);
    expect(detectUsers(bare, '').duplicateIds).toEqual([]);
    expect(
      duplicatesOf('gid', [
        ['a', 1],
        ['b', 2],
      ]),
    ).toEqual([]);
  });
});

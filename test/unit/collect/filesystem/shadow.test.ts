import { describe, expect, it } from 'vitest';
import { detectShadow, passwordState, withoutPasswordHashes } from '../../../../src/collect/filesystem/shadow.js';
import { file, image, symlink } from './layers.js';

const HASH = '$6$rounds=5000$saltsalt$Zm9vYmFyYmF6cXV4';
const SHADOW = [
  'root:*:19000:0:99999:7:::',
  `admin:${HASH}:19000:0:99999:7:::`,
  'daemon:!:19000::::::',
  'locked:!!:19000::::::',
  `old:!${HASH}:19000::::::`,
  'guest::19000:0:99999:7:::',
  '# a comment',
  '+nis::::::::',
  'broken',
  'ftp::19000::::::',
  'guest::19000::::::',
  '',
].join('\n');

describe('passwordState', () => {
  it.each([
    ['', 'empty'],
    ['!', 'locked'],
    ['!!', 'locked'],
    ['*', 'locked'],
    ['!*', 'locked'],
    ['*LK*', 'locked'],
    [`!${HASH}`, 'locked'],
    [HASH, 'set'],
    ['x', 'set'],
  ])('%j is %s', (field, state) => {
    expect(passwordState(field)).toBe(state);
  });
});

describe('detectShadow', () => {
  it('names the accounts with an empty password field, once each, in file order', () => {
    expect(detectShadow(image([file('etc/shadow', { content: SHADOW })]))).toEqual({
      path: '/etc/shadow',
      emptyPassword: ['guest', 'ftp'],
    });
  });

  it('reads /etc/master.passwd when there is no /etc/shadow, and follows a symlink', () => {
    const bsd = image([file('etc/master.passwd', { content: 'root::0:0::0:0:Charlie:/root:/bin/sh\n' })]);
    expect(detectShadow(bsd)).toEqual({ path: '/etc/master.passwd', emptyPassword: ['root'] });
    const linked = image([
      file('usr/lib/shadow', { content: 'guest::1::::::\n' }),
      symlink('etc/shadow', '../usr/lib/shadow'),
    ]);
    expect(detectShadow(linked)).toEqual({ path: '/etc/shadow', emptyPassword: ['guest'] });
  });

  it('is null without either file', () => {
    expect(detectShadow(image([file('etc/passwd', { content: 'root:x:0:0::/root:/bin/sh\n' })]))).toBeNull();
  });
});

describe('withoutPasswordHashes (what the scan keeps of the file)', () => {
  it('keeps names and the state of each password, no hash and no other field, and the same verdict', () => {
    const kept = withoutPasswordHashes(new Map([['etc/shadow', Buffer.from(SHADOW)]]));
    const text = kept.get('etc/shadow')!.toString('utf8');
    expect(text).not.toContain('$6$');
    expect(text).not.toContain('19000');
    expect(text).toBe(
      ['root:!', 'admin:<set>', 'daemon:!', 'locked:!', 'old:!', 'guest:', 'ftp:', 'guest:', ''].join('\n'),
    );
    expect(detectShadow(image([file('etc/shadow', { content: text })]))).toEqual(
      detectShadow(image([file('etc/shadow', { content: SHADOW })])),
    );
  });

  it('leaves every other file as it is', () => {
    const passwd = Buffer.from('root:x:0:0::/root:/bin/sh\n');
    expect(withoutPasswordHashes(new Map([['etc/passwd', passwd]])).get('etc/passwd')).toBe(passwd);
  });
});

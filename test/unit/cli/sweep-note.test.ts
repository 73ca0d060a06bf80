import { describe, expect, it } from 'vitest';
import { sweepNote } from '../../../src/cli/main.js';

describe('sweepNote (--debug)', () => {
  it('says nothing when the sweep had nothing to do', () => {
    expect(sweepNote({ removed: [], error: null })).toBe('');
  });

  it('names the containers it removed, and why it gave up', () => {
    expect(
      sweepNote({
        removed: ['imgaudit-acbfb14c6b39-1f2e3d4c', 'imgaudit-acbfb14c6b39-1f2e3d4c-ro'],
        error: 'the Docker engine failed removal of container x (HTTP 500): busy',
      }),
    ).toBe(
      'imgaudit: debug: removed 2 container(s) left by ended runs: imgaudit-acbfb14c6b39-1f2e3d4c, imgaudit-acbfb14c6b39-1f2e3d4c-ro\n' +
        'imgaudit: debug: the sweep of containers left by ended runs failed: the Docker engine failed removal of container x (HTTP 500): busy\n',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { count, deletedNote, layerNote } from '../../../../src/rules/support/evidence.js';

describe('filesystem rule helpers', () => {
  it('count nouns', () => {
    expect(count(1, 'file')).toBe('1 file');
    expect(count(0, 'file')).toBe('0 files');
    expect(count(2, 'directory', 'directories')).toBe('2 directories');
  });

  it('say where a copy lives and whether a later layer deleted it', () => {
    expect(layerNote(2, false)).toBe('layer 2');
    expect(layerNote(0, true)).toBe('layer 0, deleted in a later layer but still extractable');
    expect(deletedNote([{ deleted: false }])).toBe('');
    expect(deletedNote([{ deleted: true }, { deleted: false }, { deleted: true }])).toBe(
      ' (2 deleted in a later layer but still extractable)',
    );
  });
});

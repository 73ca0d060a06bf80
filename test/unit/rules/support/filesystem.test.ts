import { describe, expect, it } from 'vitest';
import { RULES } from '../../../../src/rules/index.js';
import { NEEDS_FILESYSTEM, count, deletedNote, layerNote } from '../../../../src/rules/support/filesystem.js';
import { DEFAULT_RULE_OPTIONS } from '../../../../src/rules/support/types.js';
import { makeFacts, makeFilesystem } from '../../helpers/facts.js';

const FILESYSTEM_RULES = [
  'no-setuid-binaries',
  'no-world-writable',
  'no-package-manager',
  'no-sudo',
  'no-build-tools',
  'no-dev-tools',
  'no-secrets-in-layers',
  'no-sensitive-files',
  'no-package-cache',
  'wasted-space',
  'user-exists',
  'minimal-base',
  'layers-readable',
];

/** They need the runtime phase; one of them also reads the layer scan. */
const RUNTIME_RULES: readonly string[] = ['starts-cleanly', 'runtime-non-root', 'healthcheck-passes', 'readonly-rootfs', 'graceful-shutdown', 'logs-to-stdout', 'bounded-writes'];

describe('filesystem rules', () => {
  it('come after the configuration rules and before the runtime rules, in this order', () => {
    const ids: string[] = RULES.map((rule) => rule.id);
    const start = ids.indexOf(FILESYSTEM_RULES[0]!);
    expect(ids.slice(start, start + FILESYSTEM_RULES.length)).toEqual(FILESYSTEM_RULES);
    expect(ids.slice(start + FILESYSTEM_RULES.length)).toEqual(RUNTIME_RULES);
  });

  it.each(FILESYSTEM_RULES)('%s skips when the filesystem scan did not run', (id) => {
    const rule = RULES.find((candidate) => candidate.id === id)!;
    for (const facts of [makeFacts(), makeFacts({ filesystem: null })]) {
      expect(rule.check(facts, DEFAULT_RULE_OPTIONS)).toEqual({ status: 'skip', message: NEEDS_FILESYSTEM, evidence: [] });
    }
  });

  it.each(FILESYSTEM_RULES)('%s passes the good, scratch-like image', (id) => {
    const rule = RULES.find((candidate) => candidate.id === id)!;
    expect(rule.check(makeFacts({ filesystem: makeFilesystem() }), DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it('leaves the configuration rules alone when the scan ran', () => {
    const configRules = RULES.filter((rule) => !FILESYSTEM_RULES.includes(rule.id) && !RUNTIME_RULES.includes(rule.id));
    for (const rule of configRules) expect(rule.check(makeFacts({ filesystem: makeFilesystem() }), DEFAULT_RULE_OPTIONS).status).not.toBe('skip');
  });
});

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
    expect(deletedNote([{ deleted: true }, { deleted: false }, { deleted: true }])).toBe(' (2 deleted in a later layer but still extractable)');
  });
});

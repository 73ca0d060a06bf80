import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../../src/checklist.js';
import { RULES } from '../../src/rules/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const mainSource = readFileSync(new URL('../../src/cli/main.ts', import.meta.url), 'utf8');

/** Keeps README.md true: every rule, flag and checklist item it must describe. */
describe('README.md', () => {
  it('lists every rule with its id, title and severity', () => {
    for (const rule of RULES) expect(readme).toContain(`| [\`${rule.id}\`](docs/rules/${rule.id}.md) | ${rule.title} | ${rule.severity} |`);
  });

  it('documents every command-line flag', () => {
    const flags = [...mainSource.matchAll(/\.(?:option|addOption\(new Option)\('(?:-\w, )?(--[a-z-]+)/g)].map((match) => match[1]!);
    expect(flags.length).toBeGreaterThan(15);
    for (const flag of flags) expect(readme, flag).toMatch(new RegExp(`\\| \`(-\\w, )?${flag}[ \`]`));
  });

  it('names every checklist item', () => {
    for (const { item } of CHECKLIST) expect(readme).toContain(item.replace(/ \(.*\)$/, '').replace(/ <.*$/, ''));
  });

  it('states the two commands', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });
});

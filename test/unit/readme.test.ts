import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../../src/evaluate/checklist.js';
import { parseConfig } from '../../src/config/load.js';
import { RULES } from '../../src/rules/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const cliSource = ['main', 'shared', 'diff-command']
  .map((name) => readFileSync(new URL(`../../src/cli/${name}.ts`, import.meta.url), 'utf8'))
  .join('\n');

/** Keeps README.md true: every rule, flag and checklist item it must describe. */
describe('README.md', () => {
  it('lists every rule with its id, title and severity', () => {
    for (const rule of RULES)
      expect(readme).toContain(`| [\`${rule.id}\`](docs/rules/${rule.id}.md) | ${rule.title} | ${rule.severity} |`);
  });

  it('documents every command-line flag', () => {
    const flags = [...cliSource.matchAll(/\.(?:option|addOption\(new Option)\(\s*'(?:-\w, )?(--[a-z-]+)/g)].map(
      (match) => match[1]!,
    );
    expect(flags.length).toBeGreaterThan(30);
    for (const flag of flags) expect(readme, flag).toMatch(new RegExp(`\\| \`(-\\w, )?${flag}[ \`]`));
  });

  it('names every checklist item', () => {
    for (const { item } of CHECKLIST) expect(readme).toContain(item.replace(/ \(.*\)$/, '').replace(/ <.*$/, ''));
  });

  it('states the two commands', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });

  it('shows a configuration example that imgaudit accepts, with every top-level key', async () => {
    const section = readme.slice(readme.indexOf('## Configuration'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const config = await parseConfig(yaml, 'README.md');
    expect(Object.keys(config).sort()).toEqual([
      'allow',
      'baseFindings',
      'gate',
      'images',
      'ruleOverrides',
      'rules',
      'runtime',
      'source',
    ]);
    expect(config.images).toHaveLength(2);
    expect(config.allow?.secrets).toHaveLength(2);
  });

  it('shows the layout of src/ as it is: every folder and root file, nothing that is not there', async () => {
    const { readdirSync } = await import('node:fs');
    const layout = /### Layout[\s\S]*?```\nsrc\/\n([\s\S]*?)\ntest\/unit\//.exec(readme)![1]!;
    const listed = [...layout.matchAll(/^ {2}([a-z-]+(?:\/|\.ts))/gm)].map((match) => match[1]!).sort();
    const actual = readdirSync(new URL('../../src/', import.meta.url), { withFileTypes: true })
      .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
      .sort();
    expect(listed).toEqual(actual);
  });
});

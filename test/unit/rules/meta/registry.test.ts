import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { RULES, isRuleId, ruleById, type RuleId } from '../../../../src/rules/index.js';
import { SEVERITIES } from '../../../../src/rules/support/types.js';

const RULES_DIR = fileURLToPath(new URL('../../../../src/rules/', import.meta.url));
const DOCS_DIR = fileURLToPath(new URL('../../../../docs/rules/', import.meta.url));
const TESTS_DIR = fileURLToPath(new URL('../', import.meta.url));

const ids = RULES.map((rule) => rule.id);
// Helpers live in src/rules/support/: every .ts file beside index.ts is a rule.
const ruleFiles = readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && entry.name !== 'index.ts')
  .map((entry) => entry.name.slice(0, -'.ts'.length));
const testFiles = readdirSync(TESTS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
  .map((entry) => entry.name.slice(0, -'.test.ts'.length));
const docPages = readdirSync(DOCS_DIR)
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .map((name) => name.slice(0, -'.md'.length));
const sorted = (list: readonly string[]) => [...list].sort();

describe('rule registry', () => {
  it('lists each rule once', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has one src/rules/<id>.ts per rule and nothing else', () => {
    expect(sorted(ruleFiles)).toEqual(sorted(ids));
  });

  it('has one test/unit/rules/<id>.test.ts per rule and nothing else', () => {
    expect(sorted(testFiles)).toEqual(sorted(ids));
  });

  it('has one docs/rules/<id>.md per rule and nothing else', () => {
    expect(sorted(docPages)).toEqual(sorted(ids));
  });

  it('has ids in kebab-case', () => {
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))(
    '%s: metadata is complete and matches its docs page',
    (id, rule) => {
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.needs.length).toBeGreaterThan(0);
      expect(rule.categories.length).toBeGreaterThan(0);
      expect(rule.title.trim()).not.toBe('');
      expect(rule.rationale.trim()).not.toBe('');
      expect(rule.fix.trim()).not.toBe('');
      const [heading, meta] = readFileSync(`${DOCS_DIR}${id}.md`, 'utf8').split('\n');
      expect(heading).toBe(`# ${rule.title}`);
      expect(meta).toBe(`\`${id}\` · severity: ${rule.severity}`);
    },
  );

  it('is listed in docs/rules/README.md', () => {
    const readme = readFileSync(`${DOCS_DIR}README.md`, 'utf8');
    for (const rule of RULES)
      expect(readme).toContain(`| [\`${rule.id}\`](${rule.id}.md) | ${rule.title} | ${rule.severity} |`);
  });

  it('finds rules by id', () => {
    expect(ruleById('non-root-user')?.title).toBe('Runs as a non-root user');
    expect(ruleById('no-such-rule')).toBeUndefined();
    expect(isRuleId('exec-form')).toBe(true);
    expect(isRuleId('no-such-rule')).toBe(false);
  });

  it('types RuleId as the union of literal ids (checked by tsc)', () => {
    expectTypeOf<RuleId>().toEqualTypeOf<
      | 'non-root-user'
      | 'healthcheck-defined'
      | 'oci-labels'
      | 'image-size'
      | 'layer-count'
      | 'exec-form'
      | 'no-secrets-in-env'
      | 'no-latest-tag'
      | 'prefer-copy'
      | 'no-apt-upgrade'
      | 'no-setuid-binaries'
      | 'no-world-writable'
      | 'no-package-manager'
      | 'no-sudo'
      | 'no-build-tools'
      | 'no-dev-tools'
      | 'no-secrets-in-layers'
      | 'no-sensitive-files'
      | 'no-package-cache'
      | 'wasted-space'
      | 'user-exists'
      | 'minimal-base'
      | 'layers-readable'
      | 'starts-cleanly'
      | 'runtime-non-root'
      | 'healthcheck-passes'
      | 'readonly-rootfs'
      | 'graceful-shutdown'
      | 'logs-to-stdout'
      | 'bounded-writes'
      | 'no-system-volumes'
      | 'package-install-cleanup'
      | 'no-ssh'
      | 'no-empty-password'
      | 'unique-ids'
      | 'no-dev-leftovers'
      | 'supported-base-os'
      | 'supported-runtimes'
      | 'dockerfile-valid'
      | 'base-image-pinned'
      | 'multi-stage-build'
      | 'dependencies-locked'
      | 'dockerignore-optimised'
      | 'buildkit-features'
      | 'final-user-not-root'
      | 'apt-no-recommends'
      | 'no-curl-pipe-shell'
      | 'no-add-url'
      | 'run-pipefail'
      | 'vulnerability-scan'
    >();
    // @ts-expect-error a Record<RuleId, …> that misses an id must not compile
    const partial: Record<RuleId, number> = { 'non-root-user': 1 };
    expect(partial).toBeDefined();
  });
});

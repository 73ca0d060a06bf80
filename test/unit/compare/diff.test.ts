import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/evaluate/evaluate.js';
import {
  DEFAULT_REGRESSION_POLICY,
  diffImages,
  diffReports,
  type FindingChange,
  type RegressionPolicy,
} from '../../../src/compare/diff.js';
import { parseReport } from '../../../src/compare/report-file.js';
import { UsageError } from '../../../src/shared/errors.js';
import { findingFingerprint } from '../../../src/evaluate/fingerprint.js';
import type { AuditReport, Finding, ImageResult } from '../../../src/evaluate/result.js';
import type { RuleId } from '../../../src/rules/index.js';
import { gradeFor } from '../../../src/evaluate/score.js';

const RECORDED_TEXT = readFileSync(new URL('../recorded/batch-report.json', import.meta.url), 'utf8');
export const recordedReport: AuditReport = parseReport(RECORDED_TEXT, 'batch-report.json');

export function recordedImage(name: 'bad' | 'fs-risky' | 'good'): ImageResult {
  const image = recordedReport.images.find((candidate) => candidate.ref.startsWith(`imgaudit-fixture/${name}:`));
  if (!image) throw new Error(`no ${name} image in the recorded report`);
  return image;
}

export interface ImageEdit {
  readonly ref?: string;
  readonly id?: string;
  readonly sizeBytes?: number;
  readonly layerCount?: number;
  readonly score?: number;
  /** Per rule, fields to replace in its finding; evidence given without a fingerprint gets the real fingerprint. */
  readonly findings?: Partial<Record<RuleId, Partial<Finding>>>;
}

/** A copy of a recorded image with some facts, score and findings changed, as a rebuild would change them. */
export function edited(image: ImageResult, edit: ImageEdit): ImageResult {
  const findings = image.findings.map((finding): Finding => {
    const patch = edit.findings?.[finding.rule];
    if (!patch) return finding;
    const fingerprint =
      patch.fingerprint ?? (patch.evidence ? findingFingerprint(finding.rule, patch.evidence) : finding.fingerprint);
    return { ...finding, ...patch, fingerprint };
  });
  const score = edit.score ?? image.score;
  return {
    ...image,
    ref: edit.ref ?? image.ref,
    // Another name is another build: it gets an id of its own, unless the edit says otherwise.
    id: edit.id ?? (edit.ref ? `sha256:${createHash('sha256').update(edit.ref).digest('hex')}` : image.id),
    score,
    grade: gradeFor(score),
    facts: {
      ...image.facts,
      sizeBytes: edit.sizeBytes ?? image.facts.sizeBytes,
      layerCount: edit.layerCount ?? image.facts.layerCount,
    },
    findings,
  };
}

export function reportWith(...images: ImageResult[]): AuditReport {
  return { ...recordedReport, images };
}

/** The usual PR: one finding new, one gone, two statuses worse, one better, bigger, lower score. */
export function prScenario(): { oldImage: ImageResult; newImage: ImageResult } {
  const bad = recordedImage('bad');
  const oldImage = edited(bad, { score: 40, findings: { 'non-root-user': { status: 'warn' } } });
  const newImage = edited(bad, {
    ref: 'imgaudit-fixture/bad:pr-12',
    id: 'sha256:5f2b8c0e1d3a4f6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
    sizeBytes: 2_300_000,
    layerCount: 4,
    score: 25,
    findings: {
      'no-sudo': { status: 'fail', message: 'sudo is installed', evidence: ['/usr/bin/sudo'] },
      'healthcheck-defined': { status: 'pass', message: 'HEALTHCHECK is defined' },
      'prefer-copy': { status: 'fail' },
      'graceful-shutdown': { status: 'warn' },
      'oci-labels': { message: 'four required labels are missing (reworded)' },
    },
  });
  return { oldImage, newImage };
}

const brief = (changes: readonly FindingChange[]) =>
  changes.map(({ rule, status, previousStatus, currentStatus }) => ({ rule, status, previousStatus, currentStatus }));

const policy = (overrides: Partial<RegressionPolicy>): RegressionPolicy => ({
  ...DEFAULT_REGRESSION_POLICY,
  ...overrides,
});

describe('diffImages', () => {
  it('finds nothing between an image and itself', () => {
    const image = recordedImage('bad');
    const diff = diffImages(image, image);
    expect(diff).toMatchObject({
      sizeDeltaBytes: 0,
      sizeDeltaPercent: 0,
      layerDelta: 0,
      scoreDelta: 0,
      appeared: [],
      disappeared: [],
      worsened: [],
      improved: [],
      regressions: [],
      notes: [],
    });
  });

  it('sorts the changes of a PR into appeared, disappeared, worsened and improved, and names every regression', () => {
    const { oldImage, newImage } = prScenario();
    const diff = diffImages(oldImage, newImage);
    expect(diff.old).toEqual({
      ref: 'imgaudit-fixture/bad:latest',
      id: oldImage.id,
      sizeBytes: 1_985_630,
      layerCount: 3,
      score: 40,
      grade: 'F',
    });
    expect(diff.new).toMatchObject({
      ref: 'imgaudit-fixture/bad:pr-12',
      sizeBytes: 2_300_000,
      layerCount: 4,
      score: 25,
      grade: 'F',
    });
    expect(diff).toMatchObject({ sizeDeltaBytes: 314_370, layerDelta: 1, scoreDelta: -15 });
    expect(diff.sizeDeltaPercent).toBeCloseTo(15.832, 3);
    expect(brief(diff.appeared)).toEqual([{ rule: 'no-sudo', status: 'fail' }]);
    expect(diff.appeared[0]).toMatchObject({
      severity: 'high',
      message: 'sudo is installed',
      evidence: ['/usr/bin/sudo'],
      fingerprint: findingFingerprint('no-sudo', ['/usr/bin/sudo']),
    });
    expect(brief(diff.disappeared)).toEqual([{ rule: 'healthcheck-defined', status: 'fail' }]);
    expect(brief(diff.worsened)).toEqual([
      { rule: 'non-root-user', status: 'fail', previousStatus: 'warn' },
      { rule: 'prefer-copy', status: 'fail', previousStatus: 'warn' },
    ]);
    expect(brief(diff.improved)).toEqual([{ rule: 'graceful-shutdown', status: 'warn', previousStatus: 'fail' }]);
    expect(diff.regressions).toEqual([
      'size grew 15.8% (2.0 MB → 2.3 MB), more than 10%',
      'score fell 40 → 25',
      'new high finding no-sudo',
      'high finding non-root-user worsened warn → fail',
    ]);
  });

  it('matches findings by rule and fingerprint: new wording or another layer is the same finding, new evidence is not', () => {
    const risky = recordedImage('fs-risky');
    const evidenceOf = (rule: RuleId) => risky.findings.find((finding) => finding.rule === rule)!.evidence;
    const rebuilt = {
      'no-sensitive-files': evidenceOf('no-sensitive-files').map((item) => item.replace(/layer \d+/, 'layer 4')),
      'wasted-space': evidenceOf('wasted-space').map((item) =>
        item.replace(/layer\(s\) \d+/, 'layer(s) 11').replace('3.0 MB', '3.4 MB'),
      ),
    };
    expect(rebuilt['no-sensitive-files']).not.toEqual(evidenceOf('no-sensitive-files'));
    expect(rebuilt['wasted-space']).not.toEqual(evidenceOf('wasted-space'));
    const moved = edited(risky, {
      findings: {
        'graceful-shutdown': { message: 'ignored SIGTERM for 10s (reworded)' },
        'no-sensitive-files': { evidence: rebuilt['no-sensitive-files'] },
        'wasted-space': { message: '3.4 MB stored in layers but not visible', evidence: rebuilt['wasted-space'] },
      },
    });
    expect(diffImages(risky, moved)).toMatchObject({
      appeared: [],
      disappeared: [],
      worsened: [],
      improved: [],
      regressions: [],
    });

    const extra = ['setuid /usr/local/bin/suid-helper', 'setgid /usr/local/bin/sgid-helper', 'setuid /usr/bin/newgrp'];
    const diff = diffImages(
      risky,
      edited(risky, {
        findings: { 'no-setuid-binaries': { message: '2 setuid files and 1 setgid file', evidence: extra } },
      }),
    );
    expect(brief(diff.appeared)).toEqual([{ rule: 'no-setuid-binaries', status: 'fail', previousStatus: 'fail' }]);
    expect(brief(diff.disappeared)).toEqual([{ rule: 'no-setuid-binaries', status: 'fail', currentStatus: 'fail' }]);
    expect(diff.regressions).toEqual([]);
    expect(
      diffImages(
        risky,
        edited(risky, { findings: { 'no-setuid-binaries': { evidence: extra } } }),
        policy({ failOn: 'medium' }),
      ).regressions,
    ).toEqual(['new medium finding no-setuid-binaries']);
  });

  it('ignores pass and skip: a rule that now passes or skips is a disappeared finding, one that starts warning an appeared one', () => {
    const good = recordedImage('good');
    const diff = diffImages(
      good,
      edited(good, {
        findings: {
          'image-size': { status: 'warn', message: '150.0 MB, above 100.0 MB' },
          'healthcheck-passes': { status: 'skip' },
        },
      }),
    );
    expect(brief(diff.appeared)).toEqual([{ rule: 'image-size', status: 'warn' }]);
    expect(diff.disappeared).toEqual([]);
    expect(diff.regressions).toEqual([]);
  });

  it('treats a rule that could not run as worse than a failure, and a new one at the threshold as a regression', () => {
    const bad = recordedImage('bad');
    const errored = edited(bad, {
      findings: {
        'no-sudo': { status: 'error', message: 'boom', evidence: [] },
        'healthcheck-defined': { status: 'error', message: 'boom' },
      },
    });
    const diff = diffImages(bad, errored, policy({ failOn: 'medium' }));
    expect(brief(diff.appeared)).toEqual([{ rule: 'no-sudo', status: 'error' }]);
    expect(brief(diff.worsened)).toEqual([{ rule: 'healthcheck-defined', status: 'error', previousStatus: 'fail' }]);
    expect(diff.regressions).toEqual([
      'high rule no-sudo could not run',
      'medium rule healthcheck-defined could not run (was fail)',
    ]);

    const back = diffImages(errored, bad, policy({ failOn: 'medium' }));
    expect(brief(back.improved)).toEqual([{ rule: 'healthcheck-defined', status: 'fail', previousStatus: 'error' }]);
    expect(back.regressions).toEqual([]);
  });

  describe('size growth', () => {
    const good = recordedImage('good');
    const grownTo = (oldBytes: number, newBytes: number, rules: Partial<RegressionPolicy> = {}) =>
      diffImages(edited(good, { sizeBytes: oldBytes }), edited(good, { sizeBytes: newBytes }), policy(rules));

    it('allows exactly the limit and fails just above it', () => {
      expect(grownTo(45_100_000, 49_610_000).regressions).toEqual([]);
      expect(grownTo(45_100_000, 49_655_100).regressions).toEqual([
        'size grew 10.1% (45.1 MB → 49.7 MB), more than 10%',
      ]);
      expect(grownTo(45_100_000, 50_600_000).regressions).toEqual([
        'size grew 12.2% (45.1 MB → 50.6 MB), more than 10%',
      ]);
    });

    it('prints enough decimals never to claim 10.0% is more than 10%', () => {
      const exact = Math.round(1_985_630 * 1.1);
      expect(grownTo(1_985_630, exact).regressions).toEqual([]);
      expect(grownTo(1_985_630, exact + 1).regressions).toEqual([
        'size grew 10.0001% (2.0 MB → 2.2 MB), more than 10%',
      ]);
    });

    it('follows the policy: another limit, no limit, shrinking', () => {
      expect(grownTo(1_000_000, 1_040_000, { maxGrowthPercent: 5 }).regressions).toEqual([]);
      expect(grownTo(1_000_000, 1_060_000, { maxGrowthPercent: 5 }).regressions).toEqual([
        'size grew 6.0% (1.0 MB → 1.1 MB), more than 5%',
      ]);
      expect(grownTo(1_000_000, 1_000_001, { maxGrowthPercent: 0 }).regressions).toEqual([
        'size grew 0.0001% (1.0 MB → 1.0 MB), more than 0%',
      ]);
      expect(grownTo(1_000_000, 9_000_000, { maxGrowthPercent: Infinity }).regressions).toEqual([]);
      const shrunk = grownTo(2_000_000, 1_000_000);
      expect(shrunk).toMatchObject({ sizeDeltaBytes: -1_000_000, sizeDeltaPercent: -50, regressions: [] });
    });

    it('has no percentage when the old size is 0, and any growth from 0 regresses', () => {
      expect(grownTo(0, 0)).toMatchObject({ sizeDeltaBytes: 0, sizeDeltaPercent: null, regressions: [] });
      expect(grownTo(0, 1_200)).toMatchObject({
        sizeDeltaBytes: 1_200,
        sizeDeltaPercent: null,
        regressions: ['size grew from 0 B to 1 kB'],
      });
      expect(grownTo(0, 1_200, { maxGrowthPercent: Infinity }).regressions).toEqual([]);
    });

    it('rejects a limit that is not 0 or more', () => {
      expect(() => grownTo(1, 2, { maxGrowthPercent: -1 })).toThrow(UsageError);
      expect(() => grownTo(1, 2, { maxGrowthPercent: Number.NaN })).toThrow(/0 or more percent, got NaN/);
    });
  });

  describe('score and the finding threshold', () => {
    const { oldImage, newImage } = prScenario();

    it('a lower score is a regression, a higher one is not', () => {
      const good = recordedImage('good');
      expect(diffImages(good, edited(good, { score: 99 })).regressions).toEqual(['score fell 100 → 99']);
      expect(diffImages(edited(good, { score: 99 }), good).regressions).toEqual([]);
    });

    it("failOn 'none' never regresses on findings, but still on size and score", () => {
      expect(diffImages(oldImage, newImage, policy({ failOn: 'none' })).regressions).toEqual([
        'size grew 15.8% (2.0 MB → 2.3 MB), more than 10%',
        'score fell 40 → 25',
      ]);
    });

    it('counts failed findings at the threshold or worse only, never warnings', () => {
      const same = { sizeBytes: oldImage.facts.sizeBytes, score: oldImage.score };
      const quiet = edited(newImage, same);
      expect(diffImages(oldImage, quiet, policy({ failOn: 'critical' })).regressions).toEqual([]);
      expect(diffImages(oldImage, quiet, policy({ failOn: 'low' })).regressions).toEqual([
        'new high finding no-sudo',
        'high finding non-root-user worsened warn → fail',
        'low finding prefer-copy worsened warn → fail',
      ]);
      const warned = edited(quiet, {
        findings: { 'no-sudo': { status: 'warn', evidence: ['/usr/bin/sudo'] }, 'non-root-user': { status: 'warn' } },
      });
      expect(diffImages(oldImage, warned, policy({ failOn: 'low' })).regressions).toEqual([
        'low finding prefer-copy worsened warn → fail',
      ]);
    });

    it('lists a baselined finding but does not count it', () => {
      const baselined = edited(newImage, {
        sizeBytes: oldImage.facts.sizeBytes,
        score: 40,
        findings: { 'no-sudo': { baselined: true, status: 'fail', evidence: ['/usr/bin/sudo'] } },
      });
      const diff = diffImages(oldImage, baselined);
      expect(diff.appeared).toMatchObject([{ rule: 'no-sudo', baselined: true }]);
      expect(diff.regressions).toEqual(['high finding non-root-user worsened warn → fail']);
    });
  });

  describe('audits made with different phases', () => {
    const bad = recordedImage('bad');
    const { filesystem, runtime, ...config } = bad.facts;
    const full = evaluate({ ref: bad.ref, config, filesystem, runtime });
    const noRuntime = evaluate({ ref: bad.ref, config, filesystem });

    it('marks findings of rules the old audit skipped and says why they appear', () => {
      const diff = diffImages(noRuntime, full);
      expect(brief(diff.appeared)).toEqual([
        { rule: 'runtime-non-root', status: 'fail', previousStatus: 'skip' },
        { rule: 'graceful-shutdown', status: 'fail', previousStatus: 'skip' },
      ]);
      expect(diff.notes).toEqual([
        'the old audit ran without the runtime checks: findings of the rules it skipped show as appeared',
      ]);
      expect(diff.regressions).toContain('new high finding runtime-non-root');
    });

    it('does not pass a finding the new audit could not check off as fixed', () => {
      const diff = diffImages(full, noRuntime);
      expect(brief(diff.disappeared)).toEqual([
        { rule: 'runtime-non-root', status: 'fail', currentStatus: 'skip' },
        { rule: 'graceful-shutdown', status: 'fail', currentStatus: 'skip' },
      ]);
      expect(diff.notes).toEqual([
        'the new audit ran without the runtime checks: findings of the rules it skipped show as disappeared, not fixed',
      ]);
    });
  });
});

describe('diffReports', () => {
  const bad = recordedImage('bad');
  const good = recordedImage('good');
  const risky = recordedImage('fs-risky');
  const refsOf = (report: ReturnType<typeof diffReports>) => ({
    pairs: report.images.map((pair) => `${pair.old.ref} → ${pair.new.ref}`),
    added: report.added.map((entry) => entry.image.ref),
    removed: report.removed.map((side) => side.ref),
  });

  it('pairs one image with one image whatever their names', () => {
    const { oldImage, newImage } = prScenario();
    const diff = diffReports(reportWith(oldImage), reportWith(edited(newImage, { ref: 'other/name:pr-12' })));
    expect(refsOf(diff)).toEqual({ pairs: ['imgaudit-fixture/bad:latest → other/name:pr-12'], added: [], removed: [] });
    expect(diff).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'imgaudit' },
      policy: DEFAULT_REGRESSION_POLICY,
      regressed: true,
    });
  });

  it('pairs several images by reference, then by repository, in the new report’s order', () => {
    const diff = diffReports(
      reportWith(bad, good, risky),
      reportWith(
        edited(good, { ref: 'imgaudit-fixture/good:2.0.0' }),
        bad,
        edited(good, { ref: 'registry.example.com/imgaudit-fixture/good:1.0.0' }),
      ),
    );
    expect(refsOf(diff)).toEqual({
      pairs: [
        'imgaudit-fixture/good:1.0.0 → imgaudit-fixture/good:2.0.0',
        'imgaudit-fixture/bad:latest → imgaudit-fixture/bad:latest',
      ],
      added: ['registry.example.com/imgaudit-fixture/good:1.0.0'],
      removed: ['imgaudit-fixture/fs-risky:1.0.0'],
    });
  });

  it('prefers the same reference over the same repository', () => {
    const api = (ref: string) => edited(good, { ref });
    const diff = diffReports(
      reportWith(api('myorg/api:1'), api('myorg/api:2')),
      reportWith(api('myorg/api:3'), api('myorg/api:2')),
    );
    expect(refsOf(diff).pairs).toEqual(['myorg/api:1 → myorg/api:3', 'myorg/api:2 → myorg/api:2']);
  });

  it('knows Docker Hub names in their short and long forms, digests included', () => {
    const api = (ref: string) => edited(good, { ref });
    const digest = `sha256:${'a'.repeat(64)}`;
    const diff = diffReports(
      reportWith(api('nginx:1.27'), api('myorg/api:1'), api('quay.io/myorg/api:1')),
      reportWith(
        api(`docker.io/library/nginx@${digest}`),
        api('index.docker.io/myorg/api:2'),
        api('sha256:0123456789abcdef'),
      ),
    );
    expect(refsOf(diff)).toEqual({
      pairs: [`nginx:1.27 → docker.io/library/nginx@${digest}`, 'myorg/api:1 → index.docker.io/myorg/api:2'],
      added: ['sha256:0123456789abcdef'],
      removed: ['quay.io/myorg/api:1'],
    });
  });

  it('counts an added image’s failed findings at the threshold as regressions; a removed image never regresses', () => {
    const added = diffReports(reportWith(good, risky), reportWith(good, risky, bad));
    expect(added.added).toHaveLength(1);
    expect(added.added[0]!.findings.map((change) => change.rule)).toEqual([
      'non-root-user',
      'runtime-non-root',
      'exec-form',
      'graceful-shutdown',
      'healthcheck-defined',
      'no-latest-tag',
      'no-apt-upgrade',
      'no-package-manager',
      'oci-labels',
      'prefer-copy',
    ]);
    expect(added.added[0]!.regressions).toEqual([
      'new high finding non-root-user',
      'new high finding runtime-non-root',
    ]);
    expect(added.regressed).toBe(true);

    const removed = diffReports(
      reportWith(good, bad),
      reportWith(good, edited(risky, { ref: 'elsewhere/risky:1' })),
      policy({ failOn: 'none' }),
    );
    expect(refsOf(removed)).toMatchObject({ removed: ['imgaudit-fixture/bad:latest'] });
    expect(removed.regressed).toBe(false);
  });

  it('regresses when any pair regresses', () => {
    const { oldImage, newImage } = prScenario();
    expect(diffReports(reportWith(good, oldImage), reportWith(good, newImage)).regressed).toBe(true);
    expect(diffReports(reportWith(good, bad), reportWith(good, bad)).regressed).toBe(false);
  });
});

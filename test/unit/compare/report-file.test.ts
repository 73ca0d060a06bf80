import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/shared/errors.js';
import { parseReport } from '../../../src/compare/report-file.js';

const RECORDED_TEXT = readFileSync(new URL('../recorded/batch-report.json', import.meta.url), 'utf8');
const recordedReport = parseReport(RECORDED_TEXT, 'batch-report.json');

describe('parseReport', () => {
  const loadFails = (text: string, source = 'main.json') => {
    try {
      parseReport(text, source);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error('parseReport accepted it');
  };
  const recorded = (): Record<string, unknown> => JSON.parse(RECORDED_TEXT);

  it('reads a report written by imgaudit --format json, byte-order mark or not', () => {
    expect(recordedReport.images.map((image) => image.ref)).toEqual([
      'imgaudit-fixture/bad:latest',
      'imgaudit-fixture/fs-risky:1.0.0',
      'imgaudit-fixture/good:1.0.0',
    ]);
    expect(parseReport(`\uFEFF${RECORDED_TEXT}`, 'bom.json').images).toHaveLength(3);
  });

  it('names the file when it is not JSON, not an imgaudit report, or another schema version', () => {
    expect(loadFails('{"schemaVersion": 1,')).toMatch(/^main\.json is not JSON: /);
    expect(loadFails('[1, 2]')).toBe('main.json is not an imgaudit report (write one with imgaudit --format json)');
    expect(loadFails(JSON.stringify({ ...recorded(), tool: { name: 'trivy', version: '1' } }))).toBe(
      'main.json is not an imgaudit report (write one with imgaudit --format json)',
    );
    expect(loadFails(JSON.stringify({ ...recorded(), schemaVersion: 2 }))).toBe(
      'main.json is an imgaudit report of version 2; this imgaudit reads schemaVersion 1',
    );
    expect(loadFails(JSON.stringify({ ...recorded(), schemaVersion: '1' }))).toBe(
      'main.json is an imgaudit report of no schemaVersion; this imgaudit reads schemaVersion 1',
    );
  });

  it('names the first field a diff needs that is missing or malformed', () => {
    const broken = (edit: (report: { images: Record<string, unknown>[] }) => void) => {
      const report = recorded() as { images: Record<string, unknown>[] };
      edit(report);
      return loadFails(JSON.stringify(report));
    };
    expect(broken((r) => delete (r as Partial<typeof r>).images)).toBe(
      'main.json is not a valid imgaudit report: images is missing or malformed',
    );
    expect(broken((r) => (r.images[1]!.score = '70'))).toBe(
      'main.json is not a valid imgaudit report: images[1].score is missing or malformed',
    );
    expect(broken((r) => delete (r.images[0]!.facts as Record<string, unknown>).sizeBytes)).toBe(
      'main.json is not a valid imgaudit report: images[0].facts.sizeBytes is missing or malformed',
    );
    expect(broken((r) => ((r.images[2]!.findings as Record<string, unknown>[])[3]!.severity = 'severe'))).toBe(
      'main.json is not a valid imgaudit report: images[2].findings[3].severity is missing or malformed',
    );
    expect(broken((r) => ((r.images[0]!.findings as Record<string, unknown>[])[0]!.rule = 'x<script>'))).toBe(
      'main.json is not a valid imgaudit report: images[0].findings[0].rule is missing or malformed',
    );
  });

  it('keeps its message on one line with control characters from the file or its name made visible', () => {
    const message = loadFails('\u001b[2J\u009b\n{', 'evil\u202e.json');
    expect(message.startsWith('evil\\u{202e}.json is not JSON: ')).toBe(true);
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});

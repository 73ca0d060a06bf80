import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/evaluate/evaluate.js';
import { renderReport, FORMATS } from '../../../src/report/index.js';
import { gatePolicy, gateSentence } from '../../../src/report/view.js';
import type { AuditReport } from '../../../src/evaluate/result.js';
import { makeFacts } from '../helpers/facts.js';
import { recordedBatch, withImage } from '../helpers/reports.js';

const context = { color: false, width: 120, dockerfileFor: () => undefined };

/** The recorded batch with its second image judged by a gate of its own (an `images:` entry in .imgaudit.yml). */
function withOwnGate(): AuditReport {
  return withImage(recordedBatch(), 1, (image) => ({ ...image, gate: { failOn: 'none', failUnder: 50 } }));
}

describe('the gate each image was judged by (regression: reports described only the run gate)', () => {
  it('is part of the result evaluate() returns', () => {
    expect(evaluate(makeFacts(), { gate: { failOn: 'critical', failUnder: 70 } }).gate).toEqual({
      failOn: 'critical',
      failUnder: 70,
    });
  });

  it('reads `none` as a gate that never fails on findings (regression: "fail on none findings")', () => {
    expect(gateSentence({ failOn: 'none', failUnder: 0 })).toBe('Gate: never fails.');
    expect(gateSentence({ failOn: 'none', failUnder: 80 })).toBe('Gate: an image fails on a score under 80.');
    expect(gateSentence({ failOn: 'medium', failUnder: 80 })).toBe(
      'Gate: an image fails on a failed finding of severity medium or worse or a score under 80.',
    );
  });

  it('says in the run line that some images have their own gate', () => {
    expect(gatePolicy(recordedBatch())).not.toContain('their own gate');
    expect(gatePolicy(withOwnGate())).toContain('Some images have their own gate');
  });

  it.each(['table', 'markdown', 'html', 'junit'] as const)('%s shows the image’s own gate with it', async (format) => {
    const text = await renderReport(format, withOwnGate(), context);
    expect(text).toContain('Gate: an image fails on a score under 50.');
    expect(await renderReport(format, recordedBatch(), context)).not.toContain('score under 50');
  });

  it('SARIF lists every image’s gate in the invocation properties', async () => {
    const log = JSON.parse(await renderReport('sarif', withOwnGate(), context));
    expect(log.runs[0].invocations[0].properties.imageGates[1]).toEqual({
      image: withOwnGate().images[1]!.ref,
      failOn: 'none',
      failUnder: 50,
    });
  });

  it('no format writes "fail on none"', async () => {
    const report = withImage(recordedBatch(), 0, (image) => ({ ...image, gate: { failOn: 'none', failUnder: 0 } }));
    const none = { ...report, gate: { failOn: 'none' as const, failUnder: 0 } };
    // The SBOMs hold the inventory of one image, no gate.
    const gateFormats = FORMATS.filter((format) => format !== 'cyclonedx' && format !== 'spdx');
    for (const format of gateFormats) expect(await renderReport(format, none, context)).not.toMatch(/fail on none/i);
  });
});

import { describe, expect, it } from 'vitest';
import type { BaseFindings } from '../../../src/config/types.js';
import { evaluate } from '../../../src/evaluate/evaluate.js';
import { DEFAULT_GATE, type AuditReport } from '../../../src/evaluate/result.js';
import type { BaseFacts } from '../../../src/facts.js';
import { renderHtml } from '../../../src/report/html.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderSarif } from '../../../src/report/sarif.js';
import { renderTable } from '../../../src/report/table.js';
import { baseSentence, evidenceOriginAt } from '../../../src/report/view.js';
import type { Finding } from '../../../src/evaluate/result.js';
import { historyEntry as step, makeFacts, makeFilesystem } from '../helpers/facts.js';

const HISTORY = [
  step('ADD rootfs.tar / # buildkit', 5_000_000),
  step('CMD ["sh"]'),
  step('RUN /bin/sh -c chmod 777 /srv/drop # buildkit', 10),
];

function report(base: BaseFacts, baseFindings: BaseFindings = 'gate'): AuditReport {
  const facts = makeFacts({
    config: { history: HISTORY, layerCount: 2, base },
    filesystem: makeFilesystem({
      setuid: ['/bin/su'],
      worldWritable: ['/srv/drop'],
      pathLayers: { '/bin/su': 0, '/srv/drop': 1 },
      layers: [0, 2].map((historyIndex, index) => ({
        index,
        source: `blobs/sha256/${index}`,
        compression: 'none' as const,
        readable: true,
        fileBytes: 1,
        entryCount: 1,
        createdBy: HISTORY[historyIndex]!.createdBy,
        historyIndex,
      })),
    }),
  });
  const image = evaluate(facts, { baseFindings });
  return {
    schemaVersion: 1,
    tool: { name: 'imgaudit', version: '0.0.0' },
    gate: DEFAULT_GATE,
    passed: image.passed,
    images: [image],
  };
}

const guessed: BaseFacts = { layers: 1, historySteps: 2, source: 'heuristic' };
const given: BaseFacts = { layers: 1, historySteps: 2, source: 'base-image', reference: 'alpine:3.20' };

describe('the base/own split in the reports', () => {
  it('says when the boundary is a guess, and how to be sure', () => {
    expect(baseSentence(report(guessed).images[0]!)).toBe(
      "Base image guessed from the history (the last CMD or ENTRYPOINT before the image's own layers): the first 1 " +
        'layer and 2 history steps; a guess, give --base-image to be sure. Findings: 2 own, 1 from the base image.',
    );
    expect(baseSentence(report(given).images[0]!)).toBe(
      'Base image alpine:3.20: its 1 layer and 2 history steps. Findings: 2 own, 1 from the base image.',
    );
  });

  it('says what report and hide did, and why the given base was not used', () => {
    expect(baseSentence(report(given, 'report').images[0]!)).toMatch(
      /those do not fail the gate \(baseFindings: report\)\.$/,
    );
    expect(baseSentence(report(given, 'hide').images[0]!)).toMatch(
      /; 1 hidden, still counted in the score \(baseFindings: hide\)\.$/,
    );
    const none: BaseFacts = { layers: 0, historySteps: 0, source: 'none', reference: 'x:1', note: 'not found' };
    expect(baseSentence(report(none).images[0]!)).toBe(
      "No base image told apart: every layer counts as the image's own. Note: not found. Findings: 3 own, 0 from the base image.",
    );
  });

  it('table: base or own under each rule, the origin beside each evidence item', () => {
    const text = renderTable(report(guessed), { color: false, width: 120 });
    expect(text).toContain('a guess, give --base-image to be sure');
    expect(text).toMatch(/no-setuid-binaries +│ 1 setuid file/);
    expect(text).toMatch(/│ +│ +│ base +│ • setuid \/bin\/su \[base\]/);
    expect(text).toMatch(/│ +│ +│ own +│ • \/srv\/drop \[build step 2: RUN chmod 777 \/srv\/drop\]/);
  });

  it('hide leaves the base finding out of every format', () => {
    const hidden = report(given, 'hide');
    expect(renderTable(hidden, { color: false, width: 120 })).not.toContain('no-setuid-binaries  ');
    expect(renderMarkdown(hidden)).not.toContain('setuid /bin/su');
    expect(renderHtml(hidden)).not.toContain('setuid /bin/su');
  });

  it('HTML, Markdown and SARIF carry it, escaped', () => {
    const hostile: BaseFacts = { ...given, reference: '<img src=x onerror=alert(1)>' };
    const html = renderHtml(report(hostile));
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('<span class="tag origin-base">base</span>');
    expect(renderHtml(report(guessed))).toContain('<span class="tag">guess</span>');
    expect(renderMarkdown(report(given))).toContain('- setuid /bin/su _[base]_');
    const sarif = JSON.parse(renderSarif(report(given), { dockerfileFor: () => undefined }));
    const results = sarif.runs[0].results as { ruleId: string; properties: Record<string, unknown> }[];
    expect(results.find((result) => result.ruleId === 'no-world-writable')?.properties).toMatchObject({
      origin: 'own',
      evidenceOrigin: ['build step 2: RUN chmod 777 /srv/drop'],
    });
  });

  it('beside `history #N` evidence, repeats of its own step only what it adds: the Dockerfile line', () => {
    const finding = (evidence: string[], evidenceOrigin: string[]) =>
      ({ evidence, evidenceOrigin }) as unknown as Finding;
    const own = finding(['history #7: ADD https://x/y.tgz /tmp/'], ['build step 7: ADD https://x/y.tgz /tmp/']);
    expect(evidenceOriginAt(own, 0)).toBeNull();
    const lined = finding(['history #7: ADD https://x/y.tgz /tmp/'], ['build step 7 (Dockerfile line 12): ADD …']);
    expect(evidenceOriginAt(lined, 0)).toBe('Dockerfile line 12');
    const base = finding(['history #1: RUN apt-get upgrade'], ['base']);
    expect(evidenceOriginAt(base, 0)).toBe('base');
    const path = finding(['/usr/bin/su'], ['build step 3: RUN apt-get install -y su']);
    expect(evidenceOriginAt(path, 0)).toBe('build step 3: RUN apt-get install -y su');
    const other = finding(['history #17: RUN x'], ['build step 1: RUN y']);
    expect(evidenceOriginAt(other, 0)).toBe('build step 1: RUN y');
  });
});

import { describe, expect, it } from 'vitest';
import { escapeHtml, layerBars, renderHtml } from '../../../src/report/html.js';
import type { ImageResult } from '../../../src/evaluate/result.js';
import { recordedBatch, withImage } from '../helpers/reports.js';

/** An image without the filesystem phase, whose history made layers of these sizes (0: a metadata step). */
function withHistorySizes(image: ImageResult, sizes: readonly number[]): ImageResult {
  const { filesystem: _filesystem, ...facts } = image.facts;
  const history = sizes.map((sizeBytes, i) => ({
    createdBy: `/bin/sh -c step-${i}`,
    created: null,
    sizeBytes,
    comment: '',
  }));
  return { ...image, facts: { ...facts, history, historyCount: history.length } };
}

const TITLE_BREAKER = '</title><script>alert(1)</script>';
const ATTRIBUTE_BREAKER = '"><img src=x onerror=1>\u001b[31m\u202e';

describe('renderHtml (recorded three-image report)', () => {
  const report = recordedBatch();
  const html = renderHtml(report);

  it('matches the golden file', async () => {
    await expect(html).toMatchFileSnapshot('__golden__/batch.html');
  });

  it('is one self-contained document: no script, no remote asset, a restrictive CSP', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import|@font-face/i);
    expect(html.match(/\bhref="([^"]*)"/g)).toEqual([
      'href="data:,"',
      'href="#image-1"',
      'href="#image-2"',
      'href="#image-3"',
    ]);
  });

  it('lists the images worst first with their exact scores and grades', () => {
    const rows = [
      ...html.matchAll(
        /<td class="ref"><a href="#image-(\d)">([^<]*)<\/a><\/td>\n<td class="num">(\d+)<\/td>\n<td class="center"><span class="grade small grade-\w">(\w)</g,
      ),
    ];
    expect(rows.map(([, anchor, ref, score, grade]) => [anchor, ref, score, grade])).toEqual([
      ['1', 'imgaudit-fixture/bad:latest', '0', 'F'],
      ['2', 'imgaudit-fixture/fs-risky:1.0.0', '0', 'F'],
      ['3', 'imgaudit-fixture/good:1.0.0', '100', 'A'],
    ]);
    expect(html).toContain(
      '3 images audited: 1 passes, 2 fail the gate. Gate: an image fails on a failed finding of severity high or worse.',
    );
  });

  it('has a section, a checklist row per item and a bar per layer for each image', () => {
    const sections = html.split('<section class="card image"').slice(1);
    expect(sections).toHaveLength(3);
    for (const [i, section] of sections.entries()) {
      const image = report.images[i]!;
      const checklist = section.slice(section.indexOf('<table class="checklist">'), section.indexOf('</table>'));
      expect(checklist.match(/<tr><td>/g)).toHaveLength(image.checklist.length);
      expect(section.match(/<div class="layer">/g)).toHaveLength(image.facts.filesystem!.layers.length);
    }
  });

  it('shows the critical finding first, with its evidence and the fix in <pre>', () => {
    const fsRisky = html.split('<section class="card image"')[2]!;
    const first = fsRisky.slice(fsRisky.indexOf('<article'), fsRisky.indexOf('</article>'));
    expect(first).toContain(
      '<span class="pill sev-critical">critical</span> <span class="pill fail">FAIL</span> <code>no-secrets-in-layers</code>',
    );
    expect(first).toContain('<li>stripe-key: sk_l…(31 chars) at /app/.env (layer 2)</li>');
    expect(first).toContain(
      '<pre>RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n# docker build --secret id=npmrc,src=$HOME/.npmrc .</pre>',
    );
  });

  it('styles nothing from image data: the only inline style is a numeric bar width', () => {
    const styles = [...html.matchAll(/style="([^"]*)"/g)].map(([, style]) => style);
    expect(styles.length).toBeGreaterThan(0);
    for (const style of styles) expect(style).toMatch(/^width: \d{1,3}\.\d%$/);
  });
});

describe('renderHtml layer bars', () => {
  it('sizes history layers relative to the largest, skipping steps that made no layer', () => {
    const image = withHistorySizes(recordedBatch().images[0]!, [400, 0, 100, 50, 0, 1]);
    expect(layerBars(image).map((bar) => [bar.index, bar.bytes, bar.widthPercent])).toEqual([
      [0, 400, '100.0'],
      [1, 100, '25.0'],
      [2, 50, '12.5'],
      [3, 1, '0.3'],
    ]);
    const html = renderHtml({ ...recordedBatch(), images: [image] });
    expect([...html.matchAll(/style="width: ([\d.]+)%"/g)].map(([, width]) => width)).toEqual([
      '100.0',
      '25.0',
      '12.5',
      '0.3',
    ]);
    expect(html).toContain('<code class="layer-step" title="/bin/sh -c step-2">RUN step-2</code>');
  });

  it('takes the layer scan when it ran, zero-byte layers included', () => {
    const fsRisky = recordedBatch().images[1]!;
    const bars = layerBars(fsRisky);
    expect(bars.map((bar) => bar.bytes)).toEqual(fsRisky.facts.filesystem!.layers.map((layer) => layer.fileBytes));
    expect(bars[9]).toMatchObject({ bytes: 3_000_000, widthPercent: '100.0' });
    expect(bars[0]).toMatchObject({ bytes: 1_982_256, widthPercent: '66.1' });
    expect(bars[8]).toMatchObject({ bytes: 0, widthPercent: '0.0' });
  });

  it('draws no bar for an image without layer data', () => {
    const image = withHistorySizes(recordedBatch().images[0]!, [0, 0]);
    expect(layerBars(image)).toEqual([]);
    expect(renderHtml({ ...recordedBatch(), images: [image] })).not.toContain('class="layer"');
  });
});

describe('renderHtml markers and hostile image text', () => {
  it('marks baselined findings and shows allowlisted items with their reasons', () => {
    const report = withImage(recordedBatch(), 0, (image) => ({
      ...image,
      findings: image.findings.map((finding) => {
        if (finding.rule === 'non-root-user') return { ...finding, baselined: true };
        if (finding.rule === 'no-sudo')
          return { ...finding, allowlisted: [{ item: '/usr/bin/sudo', reason: 'ops <break-glass> only' }] };
        return finding;
      }),
    }));
    const html = renderHtml({ ...report, baseline: { file: 'main.json', findings: 9 } });
    expect(html).toContain(
      '<code>non-root-user</code> <span class="finding-title">Runs as a non-root user</span> <span class="tag">in baseline</span>',
    );
    expect(html).toContain('<code>non-root-user</code> <span class="tag">in baseline</span>');
    expect(html).toContain(
      '<li><span class="tag">allowlisted</span> /usr/bin/sudo: <span class="muted">ops &lt;break-glass&gt; only</span></li>',
    );
    expect(html).toContain('Only findings missing from the baseline main.json (9 findings) count.');
  });

  it('escapes every image-provided string and makes control characters visible', () => {
    const report = withImage(recordedBatch(), 0, (image) => ({
      ...image,
      ref: `${TITLE_BREAKER}${ATTRIBUTE_BREAKER}`,
      facts: {
        ...image.facts,
        user: ATTRIBUTE_BREAKER,
        filesystem: {
          ...image.facts.filesystem!,
          layers: image.facts.filesystem!.layers.map((layer) => ({ ...layer, createdBy: ATTRIBUTE_BREAKER })),
        },
      },
      checklist: image.checklist.map((row) => ({ ...row, detail: TITLE_BREAKER })),
      findings: image.findings.map((finding) => ({
        ...finding,
        message: ATTRIBUTE_BREAKER,
        evidence: [TITLE_BREAKER, `${ATTRIBUTE_BREAKER}'`],
      })),
    }));
    const html = renderHtml({ ...report, images: [report.images[0]!] });
    expect(html).not.toMatch(/<script|<img|<\/title><s/i);
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(html).toContain(
      '<title>imgaudit report: &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=1&gt;\\x1b[31m\\u{202e}</title>',
    );
    expect(html).toContain('title="&quot;&gt;&lt;img src=x onerror=1&gt;\\x1b[31m\\u{202e}"');
    expect(html).toContain('<li>&quot;&gt;&lt;img src=x onerror=1&gt;\\x1b[31m\\u{202e}&#39;</li>');
    // Every attribute still closes where we opened it: each tag's attributes are well-formed.
    for (const [tag] of html.matchAll(/<[a-z][^>]*>/g))
      expect(tag).toMatch(/^<[a-z0-9]+(\s+[a-z-]+(="[^"<>]*")?)*\s*>$/);
  });

  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

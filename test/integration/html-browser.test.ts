import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerBars, renderHtml } from '../../src/report/html.js';
import type { AuditReport } from '../../src/evaluate/result.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is missing: the setup script installs Debian's chromium package`;
// Like a missing Docker engine (global-setup.ts): a failure under CI=true, a loud skip elsewhere.
if (missing && process.env.CI === 'true') throw new Error(missing);
if (missing) console.warn(`\n*** HTML browser test SKIPPED: ${missing} ***\n`);
const describeWithChromium = missing ? describe.skip : describe;

const report = JSON.parse(
  readFileSync(new URL('../unit/recorded/batch-report.json', import.meta.url), 'utf8'),
) as AuditReport;

interface Png {
  readonly width: number;
  readonly height: number;
  /** RGB of each pixel, row by row. */
  pixel(x: number, y: number): readonly [number, number, number];
}

/** Enough of PNG to read a Chromium screenshot: 8-bit RGB or RGBA, not interlaced, all five row filters. */
function decodePng(bytes: Buffer): Png {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  if (!header) throw new Error('PNG without IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const [depth, colorType, , , interlace] = [header[8], header[9], header[10], header[11], header[12]];
  expect({ depth, colorType: [2, 6].includes(colorType!), interlace }).toEqual({
    depth: 8,
    colorType: true,
    interlace: 0,
  });
  const channels = colorType === 6 ? 4 : 3;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(data));
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const upLeft = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter!];
      if (predictor === undefined) throw new Error(`PNG row filter ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    pixel: (x, y) => {
      const at = y * stride + x * channels;
      return [pixels[at]!, pixels[at + 1]!, pixels[at + 2]!];
    },
  };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

describeWithChromium('HTML report in Chromium (recorded three-image report)', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  let fileUrl: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'imgaudit-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(report));
    fileUrl = pathToFileURL(file).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    page.on('request', (request) => requests.push(request.url()));
    // A CSP-blocked load never becomes a request: the console is where it shows.
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(fileUrl, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders a full page that is not blank, with the layer bars drawn in their color', async () => {
    const path = join(dir, 'report.png');
    await page.screenshot({ path, fullPage: true });
    const png = decodePng(readFileSync(path));
    expect(png.width).toBe(1280);
    expect(png.height).toBeGreaterThan(2000);
    expect(png.height).toBeLessThan(40_000);

    const colors = new Set<string>();
    let background = 0;
    let samples = 0;
    for (let y = 0; y < png.height; y += 7) {
      for (let x = 0; x < png.width; x += 5) {
        const rgb = png.pixel(x, y);
        colors.add(rgb.join());
        samples++;
        if (rgb.join() === '246,248,250') background++;
      }
    }
    expect(colors.size).toBeGreaterThan(50);
    expect(background / samples).toBeLessThan(0.6);

    const bar = await page.locator('#image-2 .bar').nth(9).boundingBox();
    const middle = png.pixel(Math.round(bar!.x + bar!.width / 2), Math.round(bar!.y + bar!.height / 2));
    expect(middle).toEqual([0x2f, 0x6f, 0xeb]);
  });

  it('shows each image score and grade in the summary table, worst first', async () => {
    const rows = await Promise.all(
      (await page.locator('table.summary tbody tr').all()).map(async (row) =>
        (await row.locator('td').allInnerTexts()).map((text) => text.trim()),
      ),
    );
    expect(rows.map((cells) => cells.slice(0, 5))).toEqual([
      ['imgaudit-fixture/bad:latest', '0', 'F', '2.0 MB', '3'],
      ['imgaudit-fixture/fs-risky:1.0.0', '0', 'F', '9.0 MB', '13'],
      ['imgaudit-fixture/good:1.0.0', '100', 'A', '2.7 MB', '3'],
    ]);
    expect(rows.map((cells) => cells[5])).toEqual(['FAIL', 'FAIL', 'PASS']);
    const summaryText = await page.locator('table.summary').innerText();
    for (const image of report.images) expect(summaryText).toContain(image.ref);
  });

  it('draws each layer bar with a width proportional to the layer size', async () => {
    for (const [i, image] of report.images.entries()) {
      const boxes = await page
        .locator(`#image-${i + 1} .bar`)
        .evaluateAll((bars) => bars.map((bar) => bar.getBoundingClientRect().width));
      const tracks = await page
        .locator(`#image-${i + 1} .track`)
        .evaluateAll((ts) => ts.map((track) => track.clientWidth));
      const bytes = layerBars(image).map((bar) => bar.bytes);
      const largest = Math.max(...bytes);
      expect(boxes).toHaveLength(bytes.length);
      for (const [j, width] of boxes.entries()) {
        const expected = (bytes[j]! / largest) * tracks[j]!;
        if (bytes[j] === 0) expect(width).toBe(0);
        // Tiny layers still show a 2px sliver (min-width), so the tolerance covers that.
        else expect(Math.abs(width - expected)).toBeLessThanOrEqual(2.5);
      }
      expect(Math.max(...boxes)).toBeGreaterThan(100);
    }
  });

  it('made no request but the document itself', () => {
    expect(requests).toContain(fileUrl);
    expect(requests.filter((url) => url !== fileUrl && !url.startsWith('data:'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

import { expect, it } from 'vitest';
import { assertValidReport } from '../../helpers/schema.js';
import { describeWithEngine, FIXTURES, runJson } from '../helpers.js';

const MIB_60 = 60 * 1024 * 1024;

// Docker 26 only: its containerd store saves each layer as a gzip blob, as big as the layer when the data is random.
describeWithEngine('incompressible gzip layers (Docker 26, containerd store, BuildKit)', () => {
  it('regression: reads three 60 MiB layers of random data to the end instead of stalling the stream (exit 3, "aborted")', async () => {
    const { code, stderr, report } = await runJson(['--no-run', '--no-cache', FIXTURES.largeGzip]);
    assertValidReport(report);
    expect(stderr).toBe('');
    expect(code).toBe(1); // root, no HEALTHCHECK, no labels: the gate fails on findings, not on an error
    const [image] = report.images;
    const fs = image!.facts.filesystem!;
    expect(fs.layers.map((layer) => [layer.compression, layer.readable, layer.fileBytes, layer.entryCount])).toEqual([
      ['gzip', true, 1_982_256, 2],
      ['gzip', true, 0, 272],
      ['gzip', true, MIB_60, 1],
      ['gzip', true, MIB_60, 1],
      ['gzip', true, MIB_60, 1],
    ]);
    expect(fs.layers.slice(2).map((layer) => layer.createdBy)).toEqual(
      [1, 2, 3].map((n) => `RUN /bin/sh -c head -c ${MIB_60} /dev/urandom > /r${n}.bin # buildkit`),
    );
    expect(fs.fileCount).toBe(272);
    expect(image!.findings.find((finding) => finding.rule === 'layers-readable')?.status).toBe('pass');
  });
});

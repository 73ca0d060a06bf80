import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInput, readInputLayers } from '../../../src/collect/input/images.js';
import { ImgauditError } from '../../../src/shared/errors.js';
import { packOci } from '../collect/layers/oci.js';
import { gzip, packTar } from '../collect/layers/tar.js';
import { ZSTD_LAYER } from '../collect/layers/zstd-fixtures.js';
import { mutate, mutation, SEED } from './fuzz.js';

let dir: string;
let archive: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imgaudit-input-fuzz-'));
  const plain = await packTar([{ name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }]);
  archive = await packOci(
    [
      {
        layers: [{ blob: plain }, { blob: gzip(plain) }, { blob: ZSTD_LAYER }],
        config: {
          config: { Env: ['A=1'] },
          history: [{ created_by: 'ADD' }, { created_by: 'RUN' }, { created_by: 'RUN' }],
        },
      },
    ],
    { nested: true, attestations: true, blobOrder: 'digest', manifestJson: ['x:1'] },
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readInput under hostile files (fast-check)', () => {
  it('reads a damaged archive file, or refuses it with an imgaudit error: never another error, never a hang', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const path = join(dir, `${run++}.tar`);
        await writeFile(path, mutate(archive, mutations));
        const outcome = await readInput(path, 'linux/amd64')
          .then(async (images) => {
            for (const image of images) await readInputLayers(image.source, [image.entry], () => true);
            return 'read';
          })
          .catch((error: unknown) => error);
        expect(outcome === 'read' || outcome instanceof ImgauditError, String(outcome)).toBe(true);
        await rm(path);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

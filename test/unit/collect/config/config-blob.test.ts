import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectFromConfigBlob, withLayerSizes } from '../../../../src/collect/config/config-blob.js';
import { configFactsFrom } from '../../../../src/collect/config/image-config.js';

const recorded = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../recorded/${name}.json`, import.meta.url), 'utf8'));

/** The config blob of imgaudit-fixture/env-secrets (from its docker save), and the engine's inspect and history of the same build. */
const blob = recorded('env-secrets.config-blob');
const inspect = recorded('env-secrets.blob-twin.inspect') as Parameters<typeof configFactsFrom>[0];
const history = recorded('env-secrets.blob-twin.history') as Parameters<typeof configFactsFrom>[1];
const ID = inspect.Id;

describe('inspectFromConfigBlob: an image config blob as inspect and history would show it', () => {
  it('gives the same facts as the engine, but for the sizes the engine measures in its layer store', () => {
    const fromBlob = inspectFromConfigBlob(ID, ['imgaudit-fixture/env-secrets:1.0.0'], blob);
    const fromFile = configFactsFrom(fromBlob.inspect, fromBlob.history);
    const fromEngine = configFactsFrom(inspect, history);
    const sizeless = (facts: typeof fromFile) => ({
      ...facts,
      sizeBytes: 0,
      history: facts.history.map((step) => ({ ...step, sizeBytes: 0 })),
    });
    expect(sizeless(fromFile)).toEqual(sizeless(fromEngine));
    // Redacted by the same pass: the fixture's fake AWS secret key is a finding, never a value.
    expect(fromFile.envSecrets.map((finding) => finding.name)).toContain('AWS_SECRET_ACCESS_KEY');
    expect(JSON.stringify(fromFile)).not.toContain('imgauditFixtureFakeSecretKey0123456789ab');
    expect(JSON.stringify(fromFile)).not.toContain('fixture-password-not-real');
  });

  it('reads a config blob of the wrong shape as absent fields, never as a TypeError', () => {
    for (const odd of [
      null,
      'text',
      5,
      [],
      { config: 'x', history: 'y', rootfs: [] },
      { config: { Env: [1], Cmd: 'sh' } },
    ]) {
      const { inspect: built, history: rows } = inspectFromConfigBlob(`sha256:${'a'.repeat(64)}`, [], odd);
      const facts = configFactsFrom(built, rows);
      expect(facts).toMatchObject({
        id: `sha256:${'a'.repeat(64)}`,
        envNames: [],
        cmd: null,
        history: [],
        layerCount: 0,
      });
    }
  });

  it('keeps history oldest first in the facts, with the time of each step to the second', () => {
    const { inspect: built, history: rows } = inspectFromConfigBlob(`sha256:${'b'.repeat(64)}`, [], {
      history: [
        { created: '2024-05-01T12:00:00.987654321Z', created_by: 'ADD rootfs.tar /' },
        { created: 'not a time', created_by: 'ENV A=1', empty_layer: true, comment: 'buildkit.dockerfile.v0' },
      ],
      rootfs: { type: 'layers', diff_ids: [`sha256:${'c'.repeat(64)}`] },
    });
    expect(configFactsFrom(built, rows).history).toEqual([
      { createdBy: 'ADD rootfs.tar /', created: '2024-05-01T12:00:00.000Z', sizeBytes: 0, comment: '' },
      { createdBy: 'ENV A=1', created: null, sizeBytes: 0, comment: 'buildkit.dockerfile.v0' },
    ]);
  });
});

describe('withLayerSizes', () => {
  it('sizes the image and each step that made a layer from its layers', () => {
    const { inspect: built, history: rows } = inspectFromConfigBlob(`sha256:${'b'.repeat(64)}`, [], {
      history: [{ created_by: 'ADD' }, { created_by: 'ENV', empty_layer: true }, { created_by: 'COPY' }],
    });
    const sized = withLayerSizes(configFactsFrom(built, rows), [0, 2], [1000, 24]);
    expect(sized.sizeBytes).toBe(1024);
    expect(sized.history.map((step) => step.sizeBytes)).toEqual([1000, 0, 24]);
  });
});

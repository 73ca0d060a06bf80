import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choosePlatform, parseManifest } from '../../../src/collect/registry/manifest.js';
import { RegistryError } from '../../../src/shared/errors.js';
import { SEED } from './fuzz.js';

const digest = fc.oneof(fc.stringMatching(/^sha256:[0-9a-f]{64}$/), fc.string(), fc.constant('sha256:'), fc.integer());
const platform = fc.record(
  {
    os: fc.oneof(fc.constantFrom('linux', 'unknown', ''), fc.string()),
    architecture: fc.oneof(fc.constantFrom('amd64', 'arm64', 'unknown'), fc.anything()),
    variant: fc.anything(),
  },
  { requiredKeys: [] },
);
const descriptor = fc.oneof(
  fc.record(
    {
      mediaType: fc.oneof(fc.constantFrom('application/vnd.oci.image.manifest.v1+json'), fc.anything()),
      digest,
      size: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string()),
      platform: fc.oneof(platform, fc.anything()),
      annotations: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.anything())), fc.anything()),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
const document = fc.record(
  {
    schemaVersion: fc.oneof(fc.constant(2), fc.constant(1), fc.anything()),
    mediaType: fc.oneof(
      fc.constantFrom(
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json',
      ),
      fc.anything(),
    ),
    manifests: fc.oneof(fc.array(descriptor, { maxLength: 6 }), fc.anything()),
    config: descriptor,
    layers: fc.oneof(fc.array(descriptor, { maxLength: 6 }), fc.anything()),
  },
  { requiredKeys: [] },
);

describe('parseManifest under hostile registries (fast-check)', () => {
  it('parses a manifest or index of any shape, or refuses it with a RegistryError: never another error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          document.map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
        ),
        fc.option(fc.string()),
        fc.constantFrom('linux/amd64', 'linux/arm64/v8', 'windows/amd64'),
        (bytes, contentType, wanted) => {
          let parsed;
          try {
            parsed = parseManifest(bytes, contentType, 'r/x:1');
          } catch (error) {
            expect(error).toBeInstanceOf(RegistryError);
            return;
          }
          const { document: parsedDocument } = parsed;
          const descriptors =
            parsedDocument.kind === 'index'
              ? parsedDocument.manifests
              : [parsedDocument.config, ...parsedDocument.layers];
          for (const entry of descriptors) {
            expect(entry.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
            expect(Number.isSafeInteger(entry.size) && entry.size >= 0).toBe(true);
            for (const value of Object.values(entry.annotations)) expect(typeof value).toBe('string');
          }
          if (parsedDocument.kind === 'index') {
            try {
              const chosen = choosePlatform(parsedDocument.manifests, wanted, 'r/x:1');
              expect(parsedDocument.manifests).toContain(chosen);
              expect(chosen.platform).not.toBe('unknown/unknown');
            } catch (error) {
              expect(error).toBeInstanceOf(RegistryError);
            }
          }
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findBase } from '../../../src/collect/config/base.js';
import { evaluate } from '../../../src/evaluate/evaluate.js';
import { historyEntry, makeFacts } from '../helpers/facts.js';
import { SEED } from './fuzz.js';

/** Build steps as an image's history could hold them: real instructions, both builders' forms, and noise. */
const createdBy = fc.oneof(
  fc.constantFrom(
    '/bin/sh -c #(nop)  CMD ["bash"]',
    'CMD ["node"]',
    'ENTRYPOINT ["/tini"]',
    '/bin/sh -c #(nop)  ENV A=1',
    'USER root',
    'LABEL a=1 "b c"=2',
    'HEALTHCHECK NONE',
    'RUN /bin/sh -c make # buildkit',
    '/bin/sh -c #(nop) ADD file:abc in / ',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('C', 'M', 'D', ' ', '"', '=', '#', '(', ')', 'n', 'o', 'p', '\u0000'),
    maxLength: 60,
  }),
);
const history = fc.array(fc.record({ createdBy, size: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 })) }), {
  maxLength: 30,
});

describe('fuzz: the base boundary and attribution on any history', () => {
  it('findBase never throws and stays within the image', () => {
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: 0, max: 30 }),
        fc.option(fc.array(fc.option(fc.integer({ min: 0, max: 40 })), { maxLength: 30 })),
        fc.option(
          fc.record({ count: fc.integer({ min: 0, max: 35 }), historyLength: fc.integer({ min: 0, max: 40 }) }),
        ),
        (steps, layerCount, layerSteps, given) => {
          const config = {
            history: steps.map((step) => historyEntry(step.createdBy, step.size)),
            layerDiffIds: Array.from({ length: layerCount }, (_, i) => `sha256:${i}`),
          };
          const givenBase = given
            ? {
                reference: 'base',
                diffIds: config.layerDiffIds.slice(0, given.count),
                historyLength: given.historyLength,
              }
            : undefined;
          const base = findBase(config, layerSteps, givenBase);
          expect(base.layers).toBeGreaterThanOrEqual(0);
          expect(base.layers).toBeLessThanOrEqual(layerCount);
          expect(base.historySteps).toBeLessThanOrEqual(config.history.length);
          if (base.source === 'none') expect(base.layers + base.historySteps).toBe(0);
        },
      ),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('every warned or failed finding gets an origin and one per evidence item, whatever the history says', () => {
    fc.assert(
      fc.property(history, fc.string({ maxLength: 20 }), (steps, user) => {
        const entries = steps.map((step) => historyEntry(step.createdBy, step.size));
        const facts = makeFacts({
          config: {
            history: entries,
            user,
            base: { layers: 0, historySteps: Math.floor(entries.length / 2), source: 'heuristic' },
          },
        });
        for (const finding of evaluate(facts).findings) {
          if (finding.status !== 'fail' && finding.status !== 'warn') continue;
          expect(['base', 'own']).toContain(finding.origin);
          expect(finding.evidenceOrigin).toHaveLength(finding.evidence.length);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

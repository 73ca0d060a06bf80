import { describe, expect, it } from 'vitest';
import { findBase } from '../../../../src/collect/config/base.js';
import { inspectBaseImage } from '../../../../src/collect/config/base-image.js';
import type { HistoryEntry } from '../../../../src/facts.js';
import { historyEntry as step } from '../../helpers/facts.js';

const diffIds = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => `sha256:${String((from + i) % 10).repeat(64)}`);
const image = (history: readonly HistoryEntry[], layers: number) => ({ history, layerDiffIds: diffIds(layers) });

// Recorded with `docker history --no-trunc` (Docker 20.10, classic builder) of a Dockerfile FROM debian:12-slim.
const CLASSIC = [
  step('/bin/sh -c #(nop) ADD file:6ad2c3a4f1b1e3d1a5d0a2b9a7d8c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9 in / ', 74_800_000),
  step('/bin/sh -c #(nop)  CMD ["bash"]'),
  step('/bin/sh -c #(nop)  ENV APP_HOME=/app'),
  step('/bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl', 21_000_000),
  step('/bin/sh -c #(nop) COPY file:0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d in /app ', 1_200),
  step('/bin/sh -c #(nop)  USER app'),
  step('/bin/sh -c #(nop)  CMD ["/app/run"]'),
];

// BuildKit (Docker 26) history of an image FROM node:20 (itself FROM buildpack-deps FROM debian): two CMDs inherited.
const BUILDKIT = [
  step('# debian.sh --arch amd64 out/ bookworm @1700000000', 116_000_000),
  step('CMD ["bash"]'),
  step('RUN /bin/sh -c set -eux; apt-get update; apt-get install -y ca-certificates curl # buildkit', 18_000_000),
  step('ENV NODE_VERSION=20.10.0'),
  step('RUN /bin/sh -c ARCH= && curl -fsSLO https://nodejs.org/dist/node.tar.xz # buildkit', 170_000_000),
  step('COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', 388),
  step('ENTRYPOINT ["docker-entrypoint.sh"]'),
  step('CMD ["node"]'),
  step('WORKDIR /app', 4_096),
  step('COPY package.json package-lock.json ./ # buildkit', 210_000),
  step('RUN /bin/sh -c npm ci --omit=dev # buildkit', 40_000_000),
  step('CMD ["node" "server.js"]'),
];

describe('findBase: the history heuristic', () => {
  it('classic builder: the base ends after its CMD ["bash"], before the ENV and layers of the own steps', () => {
    expect(findBase(image(CLASSIC, 3), null)).toEqual({ layers: 1, historySteps: 2, source: 'heuristic' });
  });

  it('BuildKit: the last inherited CMD that still has layers after it, not the first', () => {
    expect(findBase(image(BUILDKIT, 7), null)).toEqual({ layers: 4, historySteps: 8, source: 'heuristic' });
  });

  it('reads which step made each layer from the config when it says (empty_layer), sizes or not', () => {
    const zeroSized = BUILDKIT.map((entry) => ({ ...entry, sizeBytes: 0 }));
    const steps = [0, 2, 4, 5, 8, 9, 10];
    expect(findBase(image(zeroSized, 7), steps)).toEqual({ layers: 4, historySteps: 8, source: 'heuristic' });
  });

  it('an ENTRYPOINT closes a base as a CMD does', () => {
    const history = [
      step('ADD rootfs.tar / # buildkit', 5_000_000),
      step('ENTRYPOINT ["/tini"]'),
      step('COPY app /app # buildkit', 10),
    ];
    expect(findBase(image(history, 2), null)).toMatchObject({ layers: 1, historySteps: 2, source: 'heuristic' });
  });

  it("the image's own closing CMD is not a boundary: nothing adds a layer after it", () => {
    const history = [step('COPY busybox /bin/busybox # buildkit', 1_000_000), step('CMD ["/bin/busybox", "sh"]')];
    expect(findBase(image(history, 1), null)).toEqual({
      layers: 0,
      historySteps: 0,
      source: 'none',
      note: 'no CMD or ENTRYPOINT step before its layers: no base image told apart',
    });
  });

  it('a base without a CMD (FROM scratch with files, then RUN): no base told apart', () => {
    const history = [
      step('COPY rootfs / # buildkit', 1_000_000),
      step('ENV PATH=/bin'),
      step('RUN /bin/sh -c chmod 4755 /bin/busybox # buildkit', 100),
    ];
    expect(findBase(image(history, 2), null)).toMatchObject({ layers: 0, historySteps: 0, source: 'none' });
  });

  it('a scratch image whose history is empty', () => {
    expect(findBase(image([], 1), null)).toEqual({
      layers: 0,
      historySteps: 0,
      source: 'none',
      note: 'the image has no build history',
    });
  });

  it('a history with fewer entries than layers (imported, squashed) says nothing about the base', () => {
    const history = [step('Imported from -', 5_000_000), step('/bin/sh -c #(nop)  CMD ["sh"]')];
    expect(findBase(image(history, 3), null)).toEqual({
      layers: 0,
      historySteps: 0,
      source: 'none',
      note: 'its history (2 steps) does not say which step made each of its 3 layers',
    });
  });

  it('ignores step numbers the config gave when they do not cover every layer, and reads the history instead', () => {
    expect(findBase(image(CLASSIC, 3), [0, null, 4])).toEqual({ layers: 1, historySteps: 2, source: 'heuristic' });
  });
});

describe('findBase: step numbers that cannot be', () => {
  it('regression (fuzz): a layer step beyond the history or out of order is no mapping, not a crash', () => {
    const history = [step('ADD rootfs / # buildkit', 1), step('CMD ["sh"]'), step('COPY app /app # buildkit', 1)];
    const guess = { layers: 1, historySteps: 2, source: 'heuristic' };
    expect(findBase(image(history, 2), [0, 7])).toEqual(guess);
    expect(findBase(image(history, 2), [2, 0])).toEqual(guess);
  });
});

describe('findBase: a given base image', () => {
  const base = { reference: 'debian:12-slim', diffIds: diffIds(1), historyLength: 2 };

  it('whose layers are the first layers of the image: that many layers and its history length', () => {
    expect(findBase(image(CLASSIC, 3), null, base)).toEqual({
      layers: 1,
      historySteps: 2,
      source: 'base-image',
      reference: 'debian:12-slim',
    });
  });

  it('beats the heuristic: node:20 as the base of the BuildKit image', () => {
    const node = { reference: 'node:20', diffIds: diffIds(4), historyLength: 8 };
    expect(findBase(image(BUILDKIT, 7), null, node)).toMatchObject({
      layers: 4,
      historySteps: 8,
      source: 'base-image',
    });
  });

  it('the image itself as its base: everything is the base', () => {
    const same = { reference: 'app', diffIds: diffIds(3), historyLength: CLASSIC.length };
    expect(findBase(image(CLASSIC, 3), null, same)).toMatchObject({ layers: 3, historySteps: 7, source: 'base-image' });
  });

  it('whose layers are not a prefix (another build of the base): says so and falls back to the heuristic', () => {
    const other = { reference: 'debian:12-slim', diffIds: diffIds(1, 7), historyLength: 2 };
    expect(findBase(image(CLASSIC, 3), null, other)).toEqual({
      layers: 1,
      historySteps: 2,
      source: 'heuristic',
      reference: 'debian:12-slim',
      note: 'the layers of debian:12-slim are not the first layers of this image (another build of the base?)',
    });
  });

  it('with more layers than the image: not a prefix', () => {
    const bigger = { reference: 'big', diffIds: diffIds(4), historyLength: 9 };
    expect(findBase(image(CLASSIC, 3), null, bigger)).toMatchObject({ source: 'heuristic', reference: 'big' });
  });

  it('that the engine could not read: its problem as the note, and the heuristic', () => {
    const missing = { reference: 'gone:1', problem: 'the base image could not be read: not found' };
    expect(findBase(image(CLASSIC, 3), null, missing)).toEqual({
      layers: 1,
      historySteps: 2,
      source: 'heuristic',
      reference: 'gone:1',
      note: 'the base image could not be read: not found',
    });
  });
});

describe('inspectBaseImage', () => {
  it('FROM scratch: no layers and no steps are a base’s, asked of no engine', async () => {
    const noEngine = {} as Parameters<typeof inspectBaseImage>[0];
    const scratch = await inspectBaseImage(noEngine, 'scratch');
    expect(scratch).toEqual({ reference: 'scratch', diffIds: [], historyLength: 0 });
    expect(findBase(image(CLASSIC, 3), null, scratch)).toEqual({
      layers: 0,
      historySteps: 0,
      source: 'base-image',
      reference: 'scratch',
    });
  });
});

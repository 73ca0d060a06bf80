import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/collect/dockerfile/parse.js';
import { dockerfileLines } from '../../../src/evaluate/dockerfile-steps.js';
import { historyEntry as step } from '../helpers/facts.js';

const DOCKERFILE = parseDockerfile(
  'Dockerfile',
  [
    'ARG BASE=debian:12', // 1
    'FROM golang:1.25 AS build', // 2
    'RUN go build -o /out/app .', // 3
    'FROM ${BASE}', // 4
    'ARG VERSION', // 5
    'RUN apt-get update && \\', // 6
    '    apt-get install -y --no-install-recommends ca-certificates', // 7
    'COPY --from=build /out/app /app', // 8
    'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', // 9
    'RUN curl -fsS https://example.com | tee /tmp/x', // 10
    'USER 10001', // 11
    'CMD ["/app"]', // 12
  ].join('\n'),
);
// debian:12's own two steps, then the image's.
const BASE_STEPS = [step('/bin/sh -c #(nop) ADD file:abc in / ', 74_000_000), step('/bin/sh -c #(nop)  CMD ["bash"]')];

describe('the Dockerfile line of each own build step', () => {
  it('the legacy builder: every instruction a step, RUN matched by its command with the build args and spaces aside', () => {
    const history = [
      ...BASE_STEPS,
      step('/bin/sh -c #(nop)  ARG VERSION'),
      step(
        '|1 VERSION=1.2 /bin/sh -c apt-get update &&     apt-get install -y --no-install-recommends ca-certificates',
        9,
      ),
      step('/bin/sh -c #(nop) COPY file:0123 in /app ', 5),
      step('/bin/sh -c #(nop)  SHELL [/bin/bash -o pipefail -c]'),
      step('|1 VERSION=1.2 /bin/bash -o pipefail -c curl -fsS https://example.com | tee /tmp/x', 1),
      step('/bin/sh -c #(nop)  USER 10001'),
      step('/bin/sh -c #(nop)  CMD ["/app"]'),
    ];
    expect([...dockerfileLines(DOCKERFILE, history, 2)]).toEqual([
      [2, 5],
      [3, 6],
      [4, 8],
      [5, 9],
      [6, 10],
      [7, 11],
      [8, 12],
    ]);
  });

  it('BuildKit: `# buildkit` steps, and an ARG that left no step is passed over', () => {
    const history = [
      ...BASE_STEPS,
      step(
        'RUN /bin/sh -c apt-get update &&     apt-get install -y --no-install-recommends ca-certificates # buildkit',
        9,
      ),
      step('COPY /out/app /app # buildkit', 5),
      step('SHELL [/bin/bash -o pipefail -c]'),
      step('RUN /bin/bash -o pipefail -c curl -fsS https://example.com | tee /tmp/x # buildkit', 1),
      step('USER 10001'),
      step('CMD ["/app"]'),
    ];
    expect([...dockerfileLines(DOCKERFILE, history, 2).values()]).toEqual([6, 8, 9, 10, 11, 12]);
  });

  it('gives no line at all when one own step is not in the Dockerfile: another Dockerfile built the image', () => {
    const history = [
      ...BASE_STEPS,
      step('/bin/sh -c apt-get update && apt-get install -y ca-certificates curl', 9),
      step('/bin/sh -c #(nop) COPY file:0123 in /app ', 5),
    ];
    expect(dockerfileLines(DOCKERFILE, history, 2).size).toBe(0);
    const extra = [...BASE_STEPS, step('/bin/sh -c #(nop)  USER 10001'), step('/bin/sh -c #(nop)  USER 10001')];
    expect(dockerfileLines(DOCKERFILE, extra, 2).size).toBe(0);
  });

  it('matches an exec-form RUN by its words', () => {
    const dockerfile = parseDockerfile('Dockerfile', 'FROM alpine\nRUN ["/bin/busybox", "--install", "-s"]\n');
    expect([...dockerfileLines(dockerfile, [step('RUN /bin/busybox --install -s # buildkit')], 0)]).toEqual([[0, 2]]);
  });

  it('reads a hostile shell prefix at once: a run of bare -o options took exponential time', () => {
    const history = [...BASE_STEPS, step(`/bin/sh${' -o'.repeat(60)} x`, 1)];
    expect([...dockerfileLines(DOCKERFILE, history, 2)]).toEqual([]);
  });
});

import { defineRule } from './support/define.js';
import { fail, pass, warn } from './support/types.js';

export const baseImagePinned = defineRule({
  id: 'base-image-pinned',
  title: 'Base images pinned by digest',
  severity: 'medium',
  needs: ['dockerfile'],
  categories: ['security', 'reliability'],
  rationale:
    'A tag moves: `FROM node:20-slim` builds on whatever the registry serves that day, so two builds of the same ' +
    'commit differ and a compromised or broken tag reaches production unseen. A `@sha256:` digest names exactly one ' +
    'image; tools such as Renovate or Dependabot keep digests current on purpose.',
  fix:
    'Pin every FROM by digest (keep the tag for readers); `docker buildx imagetools inspect node:20-slim` shows it.\n' +
    'FROM node:20-slim@sha256:<digest> AS build\n' +
    'FROM gcr.io/distroless/nodejs20-debian12@sha256:<digest>',
  check: ({ dockerfile }) => {
    const images = dockerfile.stages.filter((stage) => stage.from.kind === 'image' && stage.from.raw !== '');
    if (images.length === 0) return pass('every stage starts from scratch or an earlier stage');
    const unpinned = images.filter((stage) => stage.from.digest === null);
    if (unpinned.length === 0)
      return pass(`${images.length} base image${images.length === 1 ? '' : 's'} pinned by digest`);
    const evidence = unpinned.map(({ from }) =>
      from.unresolved.length > 0
        ? `line ${from.line}: FROM ${from.raw} (${from.unresolved.map((name) => `$${name}`).join(', ')} has no default)`
        : `line ${from.line}: FROM ${from.resolved}${from.resolved === from.raw ? '' : ` (written ${from.raw})`}`,
    );
    const line = unpinned[0]!.from.line;
    // An ARG without a default is set by --build-arg: the reference is not in the Dockerfile at all.
    if (unpinned.every((stage) => stage.from.unresolved.length > 0))
      return { ...warn('the base image is set by a build argument without a default', evidence), line };
    return {
      ...fail(`${unpinned.length} of ${images.length} FROM not pinned by digest`, evidence),
      line,
    };
  },
});

import { effectiveTag, parseReference, type ImageReference } from '../docker/reference.js';
import { defineRule } from './support/define.js';
import { fail, pass, skip, warn } from './support/types.js';

const isLatest = (repoTag: string) => repoTag.endsWith(':latest');

function parsed(ref: string): ImageReference | null {
  try {
    return parseReference(ref);
  } catch {
    return null;
  }
}

export const noLatestTag = defineRule({
  id: 'no-latest-tag',
  title: 'Not referenced by the latest tag',
  severity: 'medium',
  needs: ['config'],
  categories: ['maintainability', 'reliability'],
  rationale:
    '`latest` is just the default tag and moves with every push, so two deploys of the same reference can run ' +
    'different code and a rollback has nothing to return to. An immutable version tag or digest ' +
    'makes deploys reproducible.',
  fix:
    'Tag every build with a version (and the commit) and deploy that tag or the digest.\n' +
    'docker build -t example/api:1.4.2 -t example/api:sha-3f9c2e1 .\n' +
    '# in the consumer\nFROM example/api:1.4.2@sha256:<digest>',
  check: ({ ref: given, input, config }) => {
    const otherTags = config.repoTags.filter((repoTag) => !isLatest(repoTag));
    // An image from a file is referenced by its name in the archive: a reference, or only a tag (OCI ref.name).
    const ref = input ? (input.name ?? '') : given;
    const bareTag = input !== undefined && ref !== '' && !/[:/@]/.test(ref);
    const reference = ref === '' || bareTag ? null : parsed(ref);
    if (!reference && ref !== '' && !bareTag) return skip(`cannot parse the reference ${ref}`);
    const tag = reference ? effectiveTag(reference) : bareTag ? ref : null;
    if (tag === null) {
      if (config.repoTags.length === 0) return pass('referenced by id or digest; the image has no tags');
      if (otherTags.length === 0)
        return warn('referenced by id or digest, but its only tags are latest', [...config.repoTags]);
      return pass('referenced by id or digest, and it has version tags', otherTags);
    }
    if (tag !== 'latest') return pass(`referenced by tag ${tag}`, [ref]);
    const shown = ref.endsWith(':latest') ? ref : `${ref} (no tag, so latest)`;
    const advice = otherTags.length > 0 ? 'use one of its other tags' : 'the image has no other tag';
    return fail(`referenced as ${shown}: ${advice}`, otherTags);
  },
});

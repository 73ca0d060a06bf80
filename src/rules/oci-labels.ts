import { defineRule } from './support/define.js';
import { fail, pass } from './support/types.js';

export const ociLabels = defineRule({
  id: 'oci-labels',
  title: 'Carries OCI image labels',
  severity: 'low',
  needs: ['config'],
  categories: ['maintainability'],
  rationale:
    'OCI labels tie a running image back to its source repository, version and commit. Without them, ' +
    'an incident responder or a vulnerability scanner cannot tell which build is deployed or where to fix it.',
  fix:
    'Set the labels at build time, from CI variables.\n' +
    'ARG VERSION REVISION CREATED\n' +
    'LABEL org.opencontainers.image.source="https://github.com/acme/api" \\\n' +
    '      org.opencontainers.image.version="$VERSION" \\\n' +
    '      org.opencontainers.image.revision="$REVISION" \\\n' +
    '      org.opencontainers.image.created="$CREATED"',
  check: ({ config }, { requiredLabels }) => {
    const present = requiredLabels.filter((name) => (config.labels[name] ?? '').trim() !== '');
    const missing = requiredLabels.filter((name) => !present.includes(name));
    if (missing.length > 0)
      return fail(`${missing.length} of ${requiredLabels.length} required labels missing or empty`, missing);
    return pass(`all ${requiredLabels.length} required labels present`, present);
  },
});

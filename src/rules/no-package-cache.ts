import { defineRule } from './support/define.js';
import { count } from './support/evidence.js';
import { formatBytes } from '../shared/text.js';
import { fail, pass } from './support/types.js';

export const noPackageCache = defineRule({
  id: 'no-package-cache',
  title: 'No package manager caches',
  severity: 'low',
  needs: ['filesystem'],
  categories: ['efficiency'],
  rationale:
    'Package indexes and download caches (apt lists, pip, npm, apk caches) are only needed while installing. Left ' +
    'behind, they add megabytes to every pull, and removing them in a later step does not help: the bytes stay in ' +
    'the layer that wrote them.',
  fix:
    'Clean up in the same RUN step that installs, skip the cache, or use a BuildKit cache mount.\n' +
    'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' +
    'RUN pip install --no-cache-dir -r requirements.txt\n' +
    'RUN apk add --no-cache curl\n' +
    'RUN npm ci && npm cache clean --force\n' +
    'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
  check: ({ filesystem: { packageCaches, packageCacheBytes } }, { packageCacheLimitBytes }) => {
    const evidence = packageCaches.map(
      ({ path, bytes, files }) => `${path}: ${formatBytes(bytes)} (${count(files, 'file')})`,
    );
    if (packageCacheBytes === 0) return pass('no package manager caches');
    const total = `${formatBytes(packageCacheBytes)} of package manager caches`;
    if (packageCacheBytes >= packageCacheLimitBytes)
      return fail(`${total}, at or above the ${formatBytes(packageCacheLimitBytes)} limit`, evidence);
    return pass(`${total}, below the ${formatBytes(packageCacheLimitBytes)} limit`, evidence);
  },
});

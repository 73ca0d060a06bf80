import { defineRule } from './support/define.js';
import { realTools, toolNames } from './support/evidence.js';
import { fail, pass } from './support/types.js';

/** Package-manager applets a busybox build can include; they cannot fetch packages from a repository. */
const PACKAGE_MANAGER_APPLETS: ReadonlySet<string> = new Set(['apk', 'dpkg', 'dpkg-deb', 'rpm']);

export const noPackageManager = defineRule({
  id: 'no-package-manager',
  title: 'No package manager in the final image',
  severity: 'low',
  needs: ['filesystem'],
  categories: ['security'],
  rationale:
    'A package manager in the running image lets anyone who gets code execution install whatever they need next ' +
    '(curl, netcat, a compiler), and the runtime never needs it. Its database and tooling are also size and CVE noise.',
  fix:
    'Install packages in a build stage and copy only the application into a distroless (or scratch) runtime stage.\n' +
    'FROM node:20 AS build\n' +
    'WORKDIR /app\n' +
    'COPY package*.json ./\n' +
    'RUN npm ci --omit=dev\n' +
    'COPY . .\n' +
    'FROM gcr.io/distroless/nodejs20-debian12\n' +
    'COPY --from=build /app /app\n' +
    'CMD ["/app/index.js"]',
  check: ({ filesystem: { packageManagers, busyboxApplets } }) => {
    const found = realTools(packageManagers);
    if (found.length > 0)
      return fail(
        `package manager${found.length === 1 ? '' : 's'} present: ${toolNames(found)}`,
        found.map((tool) => tool.path),
      );
    const applets = busyboxApplets.filter((name) => PACKAGE_MANAGER_APPLETS.has(name));
    if (applets.length === 0) return pass('no package manager');
    return pass(`no package manager (${applets.join(', ')} only as busybox applets, which cannot fetch packages)`);
  },
});

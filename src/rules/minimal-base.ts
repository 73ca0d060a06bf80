import type { FilesystemFacts } from '../facts.js';
import { defineRule } from './support/define.js';
import { realTools, toolNames } from './support/evidence.js';
import { formatBytes } from '../shared/text.js';
import { fail, pass, warn } from './support/types.js';

/** os-release IDs of distributions built to be small. */
const MINIMAL_DISTROS: ReadonlySet<string> = new Set(['alpine', 'wolfi']);

export const minimalBase = defineRule({
  id: 'minimal-base',
  title: 'Minimal base image',
  severity: 'medium',
  needs: ['filesystem'],
  categories: ['security', 'efficiency'],
  rationale:
    'A general-purpose distribution (Debian, Ubuntu, RHEL, …) brings a shell, a package manager and hundreds of ' +
    'packages the application never uses: more to pull, more CVEs to triage, and more tools for an attacker. ' +
    'Distroless, scratch, Alpine or Wolfi bases carry little beyond the runtime.',
  fix:
    'Run on a distroless (or scratch, Alpine, Wolfi) base and copy the application in from a build stage.\n' +
    'FROM golang:1.22 AS build\n' +
    'WORKDIR /src\n' +
    'COPY . .\n' +
    'RUN CGO_ENABLED=0 go build -o /out/server .\n' +
    'FROM gcr.io/distroless/static-debian12:nonroot\n' +
    'COPY --from=build /out/server /server\n' +
    'ENTRYPOINT ["/server"]',
  check: ({ filesystem, config }, { sizeWarnBytes }) => {
    const { os, shells } = filesystem;
    const minimal = minimalReason(filesystem);
    if (minimal !== undefined) return pass(minimal, [os.prettyName]);
    const packageManagers = realTools(filesystem.packageManagers);
    if (packageManagers.length === 0)
      return pass(`${os.prettyName} without a package manager`, [
        os.prettyName,
        ...shells.map((shell) => `shell ${shell.path}`),
      ]);
    const evidence = [
      os.prettyName,
      ...shells.map((shell) => `shell ${shell.path}`),
      ...packageManagers.map((tool) => `package manager ${tool.path}`),
    ];
    const general =
      `${os.prettyName}: a general-purpose base with a shell (${toolNames(shells)}) ` +
      `and a package manager (${toolNames(packageManagers)})`;
    if (config.sizeBytes <= sizeWarnBytes) return warn(general, evidence);
    const size = `${formatBytes(config.sizeBytes)}, above ${formatBytes(sizeWarnBytes)}`;
    return fail(`${general}; ${size}`, [...evidence, `size ${size}`]);
  },
});

function minimalReason({ os, shells }: FilesystemFacts): string | undefined {
  const id = os.id.toLowerCase();
  if (id === 'scratch') return 'scratch base: no /etc/os-release';
  if (shells.length === 0) return `no shell: distroless-like (${os.prettyName})`;
  if (MINIMAL_DISTROS.has(id)) return `minimal base: ${os.prettyName}`;
  if (os.prettyName.includes('Distroless')) return `distroless base: ${os.prettyName}`;
  return undefined;
}

import { defineRule } from './support/define.js';
import { realTools, toolNames } from './support/evidence.js';
import { fail, pass } from './support/types.js';

export const noBuildTools = defineRule({
  id: 'no-build-tools',
  title: 'No build tools in the final image',
  severity: 'medium',
  needs: ['filesystem'],
  categories: ['security', 'efficiency'],
  rationale:
    'Compilers, linkers and build systems are needed to build the application, not to run it. Left in the final ' +
    'image they add hundreds of megabytes and CVEs, and let an attacker build tools inside the container; they are ' +
    'the sign of a single-stage build.',
  fix:
    'Use a multi-stage build: compile in a builder stage and copy only the artifact into the runtime stage.\n' +
    'FROM debian:12 AS build\n' +
    'RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev make\n' +
    'COPY . /src\n' +
    'RUN make -C /src server\n' +
    'FROM gcr.io/distroless/cc-debian12\n' +
    'COPY --from=build /src/server /server\n' +
    'ENTRYPOINT ["/server"]',
  check: ({ filesystem: { buildTools } }) => {
    const found = realTools(buildTools);
    if (found.length === 0) return pass('no compilers or build tools');
    return fail(
      `build tools in the final image: ${toolNames(found)}`,
      found.map((tool) => tool.path),
    );
  },
});

import { defineRule } from './support/define.js';
import {
  allInstructions,
  finalChain,
  flagValue,
  isExecForm,
  lineEvidence,
  simpleCommands,
} from './support/dockerfile.js';
import { fail, pass, warn } from './support/types.js';

/** Commands that compile or bundle: their tool chain belongs in a builder stage. */
const BUILD_STEP =
  /^(?:go (?:build|install)|cargo build|npm run build|yarn (?:run )?build|pnpm (?:run )?build|mvn\b|\.\/mvnw\b|gradle\b|\.\/gradlew\b|make\b|cmake\b|gcc\b|g\+\+|cc\b|javac\b|dotnet (?:build|publish)|tsc\b|rustc\b)/;

/** `CGO_ENABLED=0 go build` → `go build`. */
function withoutAssignments(command: string): string {
  return command.replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/, '');
}

export const multiStageBuild = defineRule({
  id: 'multi-stage-build',
  title: 'Multi-stage build',
  severity: 'medium',
  needs: ['dockerfile'],
  categories: ['security', 'efficiency'],
  rationale:
    'A build that compiles in the image it ships keeps the compilers, sources and build caches in it: hundreds of ' +
    'megabytes and CVEs that never run. A builder stage compiles; the final stage copies only the artifact.',
  fix:
    'Compile in a builder stage and copy the artifact into a small final stage.\n' +
    'FROM golang:1.22@sha256:<digest> AS build\n' +
    'COPY . /src\n' +
    'RUN cd /src && CGO_ENABLED=0 go build -o /out/server .\n' +
    'FROM gcr.io/distroless/static-debian12@sha256:<digest>\n' +
    'COPY --from=build /out/server /server',
  check: ({ dockerfile }) => {
    const chain = finalChain(dockerfile);
    const final = chain[0];
    if (!final) return pass('no stage to judge');
    const builds = chain
      .flatMap((stage) => stage.instructions)
      .filter((instruction) => instruction.keyword === 'RUN' && !isExecForm(instruction))
      .filter((instruction) =>
        simpleCommands(instruction.arguments).some((command) => BUILD_STEP.test(withoutAssignments(command))),
      );
    const copiesFromStage = final.instructions.filter(
      (instruction) =>
        (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') &&
        typeof flagValue(instruction, 'from') === 'string' &&
        !String(flagValue(instruction, 'from')).includes(':') &&
        !String(flagValue(instruction, 'from')).includes('/'),
    );
    const evidence = builds.map((instruction) => lineEvidence(instruction));
    if (dockerfile.stages.length === 1) {
      if (builds.length === 0) return pass('one stage, with no build step in it (nothing to move to a builder)');
      return { ...fail('a single stage builds and ships the application', evidence), line: builds[0]!.line };
    }
    if (builds.length > 0)
      return {
        ...warn(`${dockerfile.stages.length} stages, but the final image still runs a build step`, evidence),
        line: builds[0]!.line,
      };
    if (copiesFromStage.length === 0 && chain.length === 1 && allInstructions(dockerfile).length > 0)
      return {
        ...warn(`${dockerfile.stages.length} stages, but the final stage copies nothing from a builder`),
        line: final.from.line,
      };
    return pass(
      `${dockerfile.stages.length} stages; the final stage copies ${copiesFromStage.length} artifact${copiesFromStage.length === 1 ? '' : 's'} from a builder`,
    );
  },
});

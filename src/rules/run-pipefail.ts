import type { DockerfileInstruction } from '../facts.js';
import { defineRule } from './support/define.js';
import { isExecForm, lineEvidence, unquoted } from './support/dockerfile.js';
import { pass, warn } from './support/types.js';

const PIPE = /(?<!\|)\|(?!\|)/;
const PIPEFAIL = /\bpipefail\b/;

export const runPipefail = defineRule({
  id: 'run-pipefail',
  title: 'RUN pipes fail when any command fails',
  severity: 'low',
  needs: ['dockerfile'],
  categories: ['reliability'],
  rationale:
    'A shell pipe succeeds when its last command does: `curl … | tar -x` builds an image without the files when the ' +
    'download fails. With `set -o pipefail` (or a SHELL that sets it) a failing step fails the build instead of ' +
    'shipping a broken image.',
  fix:
    'Set pipefail for the stage with SHELL (bash), or at the start of the RUN.\n' +
    'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n' +
    'RUN curl -fsSL https://example.com/data.tgz | tar -xz -C /data',
  check: ({ dockerfile }) => {
    const offenders: DockerfileInstruction[] = [];
    for (const stage of dockerfile.stages) {
      let shellPipefail = false;
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'SHELL') shellPipefail = PIPEFAIL.test(instruction.arguments);
        if (instruction.keyword !== 'RUN' || isExecForm(instruction) || shellPipefail) continue;
        const text = unquoted(instruction.arguments);
        const pipeAt = text.search(PIPE);
        if (pipeAt === -1) continue;
        if (!PIPEFAIL.test(text.slice(0, pipeAt))) offenders.push(instruction);
      }
    }
    if (offenders.length === 0) return pass('every RUN with a pipe sets pipefail');
    return {
      ...warn(
        `${offenders.length} RUN with a pipe but no pipefail`,
        offenders.map((instruction) => lineEvidence(instruction)),
      ),
      line: offenders[0]!.line,
    };
  },
});

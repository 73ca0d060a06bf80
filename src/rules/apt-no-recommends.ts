import { defineRule } from './support/define.js';
import { finalInstructions, isExecForm, lineEvidence, simpleCommands } from './support/dockerfile.js';
import { pass, warn } from './support/types.js';

const APT_INSTALL = /^(?:\S*\/)?apt(?:-get)?\s(?:.*\s)?install\b/;
const NO_RECOMMENDS = /--no-install-recommends|APT::Install-Recommends=(?:"?false"?|0)/i;

export const aptNoRecommends = defineRule({
  id: 'apt-no-recommends',
  title: 'apt-get install with --no-install-recommends',
  severity: 'low',
  needs: ['dockerfile'],
  categories: ['efficiency', 'security'],
  rationale:
    'apt installs recommended packages by default: often tens of megabytes of documentation tools, compilers and ' +
    'libraries the application never uses, each a CVE to patch. In the stages that make the final image, install ' +
    'only what was asked for.',
  fix:
    'Add --no-install-recommends to every apt-get install of the final image.\n' +
    'RUN apt-get update \\\n' +
    ' && apt-get install -y --no-install-recommends ca-certificates curl \\\n' +
    ' && rm -rf /var/lib/apt/lists/*',
  check: ({ dockerfile }) => {
    const offenders = finalInstructions(dockerfile).filter(
      (instruction) =>
        instruction.keyword === 'RUN' &&
        !isExecForm(instruction) &&
        simpleCommands(instruction.arguments).some(
          (command) => APT_INSTALL.test(command) && !NO_RECOMMENDS.test(command),
        ),
    );
    if (offenders.length === 0) return pass('no apt install without --no-install-recommends in the final image');
    return {
      ...warn(
        `${offenders.length} apt install${offenders.length === 1 ? '' : 's'} without --no-install-recommends`,
        offenders.map((instruction) => lineEvidence(instruction)),
      ),
      line: offenders[0]!.line,
    };
  },
});

import { defineRule } from './support/define.js';
import { pass, warn } from './support/types.js';

export const dockerfileValid = defineRule({
  id: 'dockerfile-valid',
  title: 'The Dockerfile parses',
  severity: 'medium',
  needs: ['dockerfile'],
  categories: ['reliability', 'maintainability'],
  rationale:
    'A Dockerfile that `docker build` would refuse (an unknown instruction, a FROM without an image, an unclosed ' +
    'heredoc) cannot have built this image: the file given is not the one used, or the image is stale. The other ' +
    'Dockerfile rules judge what could be read.',
  fix:
    'Fix the lines named, or point --dockerfile at the Dockerfile the image was really built from.\n' +
    'RUN <<EOF\n' +
    'set -e\n' +
    'make build\n' +
    'EOF',
  check: ({ dockerfile }) => {
    if (dockerfile.problems.length === 0)
      return pass(`${dockerfile.stages.length} stage${dockerfile.stages.length === 1 ? '' : 's'} parsed`);
    const [first] = dockerfile.problems;
    return {
      ...warn(
        `the Dockerfile has ${dockerfile.problems.length} problem${dockerfile.problems.length === 1 ? '' : 's'}`,
        dockerfile.problems.map(({ line, message }) => `line ${line}: ${message}`),
      ),
      line: first!.line,
    };
  },
});

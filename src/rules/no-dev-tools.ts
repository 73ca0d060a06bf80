import { defineRule } from './support/define.js';
import { realTools, toolNames } from './support/evidence.js';
import { fail, pass } from './support/types.js';

export const noDevTools = defineRule({
  id: 'no-dev-tools',
  title: 'No development tools',
  severity: 'low',
  needs: ['filesystem'],
  categories: ['security', 'efficiency'],
  rationale:
    'Test runners, linters, REPLs and file watchers come from development dependencies that production never runs. ' +
    'They make the image bigger, widen what an attacker can use, and show that dev dependencies were installed in ' +
    'the final stage.',
  fix:
    'Install production dependencies only in the final stage (or prune dev dependencies after the build stage).\n' +
    'RUN npm ci --omit=dev\n' +
    'RUN pip install --no-cache-dir -r requirements.txt   # not requirements-dev.txt',
  check: ({ filesystem: { devTools } }) => {
    const found = realTools(devTools);
    if (found.length === 0) return pass('no development tools');
    return fail(
      `development tools in the final image: ${toolNames(found)}`,
      found.map((tool) => tool.path),
    );
  },
});

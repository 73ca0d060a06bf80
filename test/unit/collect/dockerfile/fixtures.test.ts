import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectBuild } from '../../../../src/collect/dockerfile/index.js';
import { evaluate } from '../../../../src/evaluate/evaluate.js';
import { makeFacts } from '../../helpers/facts.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/dockerfiles/', import.meta.url));
const DOCKERFILE_RULES = [
  'dockerfile-valid',
  'base-image-pinned',
  'multi-stage-build',
  'dependencies-locked',
  'dockerignore-optimised',
  'buildkit-features',
  'final-user-not-root',
  'apt-no-recommends',
  'no-curl-pipe-shell',
  'no-add-url',
  'run-pipefail',
];

/** The Dockerfile rules' statuses for a fixture folder read as the CLI reads it (its folder is the context). */
async function statuses(name: string): Promise<Record<string, string>> {
  const build = await collectBuild({ dockerfile: `${FIXTURES}${name}/Dockerfile` });
  const result = evaluate({ ...makeFacts(), ...build });
  return Object.fromEntries(
    result.findings.filter((f) => DOCKERFILE_RULES.includes(f.rule)).map((f) => [f.rule, f.status]),
  );
}

describe('the Dockerfile fixtures, read from disk', () => {
  it('node-app: the classic mistakes', async () => {
    expect(await statuses('node-app')).toEqual({
      'dockerfile-valid': 'pass',
      'base-image-pinned': 'fail',
      'multi-stage-build': 'pass',
      'dependencies-locked': 'fail',
      'dockerignore-optimised': 'fail',
      'buildkit-features': 'fail',
      'final-user-not-root': 'fail',
      'apt-no-recommends': 'warn',
      'no-curl-pipe-shell': 'fail',
      'no-add-url': 'pass',
      'run-pipefail': 'warn',
    });
  });

  it('node-app: the .env is named, never read, and the ENV secret is redacted', async () => {
    const build = await collectBuild({ dockerfile: `${FIXTURES}node-app/Dockerfile` });
    expect(build.buildContext.sensitive).toContainEqual({ path: '.env', kind: 'dotenv', ignored: false });
    const text = JSON.stringify(build);
    expect(text).not.toContain('placeholder.invalid');
    expect(text).not.toContain('fixture-token-value-not-real');
    expect(build.dockerfile.secrets.map((secret) => secret.name)).toEqual(['API_TOKEN']);
  });

  it('go-app: the production-style multi-stage build passes every Dockerfile rule', async () => {
    const result = await statuses('go-app');
    expect(Object.entries(result).filter(([, status]) => status !== 'pass')).toEqual([]);
  });

  it('broken: parse problems and an invalid .dockerignore pattern are findings with lines, not a crash', async () => {
    const build = await collectBuild({ dockerfile: `${FIXTURES}broken/Dockerfile` });
    expect(build.dockerfile.problems.map((problem) => problem.line)).toEqual([2, 3]);
    expect(build.buildContext.dockerignore?.invalid.map(({ line }) => line)).toEqual([2, 3]);
    const result = evaluate({ ...makeFacts(), ...build });
    expect(result.findings.find((f) => f.rule === 'dockerfile-valid')).toMatchObject({ status: 'warn', line: 2 });
  });
});

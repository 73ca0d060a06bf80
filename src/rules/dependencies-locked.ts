import type { BuildContextFacts, DockerfileInstruction, DockerfileStage } from '../facts.js';
import { defineRule } from './support/define.js';
import { copySources, flagValue, isExecForm, packageInstall, simpleCommands } from './support/dockerfile.js';
import { fail, pass, warn } from './support/types.js';

/** Each ecosystem's lock files, and whether an install command uses the lock (or, for pip, pins another way). */
const ECOSYSTEMS: Record<string, { locks: readonly string[]; locked: (command: string) => boolean; how: string }> = {
  npm: { locks: ['package-lock.json', 'npm-shrinkwrap.json'], locked: (c) => /\bnpm ci\b/.test(c), how: 'npm ci' },
  yarn: {
    locks: ['yarn.lock'],
    locked: (c) => /--frozen-lockfile|--immutable/.test(c),
    how: 'yarn install --immutable',
  },
  pnpm: {
    locks: ['pnpm-lock.yaml'],
    locked: (c) => /--frozen-lockfile/.test(c),
    how: 'pnpm install --frozen-lockfile',
  },
  pip: {
    locks: [],
    locked: (c) => /--require-hashes/.test(c),
    how: 'pip install --require-hashes -r requirements.txt',
  },
  uv: { locks: ['uv.lock'], locked: (c) => /--locked|--frozen|--require-hashes/.test(c), how: 'uv sync --locked' },
  poetry: { locks: ['poetry.lock'], locked: () => true, how: 'poetry install --no-root (with poetry.lock)' },
  pipenv: { locks: ['Pipfile.lock'], locked: (c) => /--deploy|\bsync\b/.test(c), how: 'pipenv install --deploy' },
  go: { locks: ['go.sum'], locked: () => true, how: 'go mod download (with go.sum)' },
  cargo: { locks: ['Cargo.lock'], locked: (c) => /--locked|--frozen/.test(c), how: 'cargo build --locked' },
  bundler: {
    locks: ['Gemfile.lock'],
    locked: (c) => /--deployment|--frozen/.test(c),
    how: 'bundle install --deployment',
  },
  composer: { locks: ['composer.lock'], locked: () => true, how: 'composer install (with composer.lock)' },
  gradle: { locks: ['gradle.lockfile'], locked: () => true, how: 'gradle with dependency locking (gradle.lockfile)' },
  maven: { locks: [], locked: () => true, how: 'mvn with versions pinned in pom.xml' },
};

/** `package*.json` matches `package-lock.json`; `.` and a folder holding the file match it too. */
function copiesFile(source: string, file: string): boolean {
  const clean = source.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean === '' || clean === '.' || clean === '*') return true;
  if (file === clean || file.startsWith(`${clean}/`)) return true;
  const name = file.split('/').at(-1)!;
  const pattern = new RegExp(
    `^${clean
      .split('/')
      .at(-1)!
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return pattern.test(name);
}

/** Whether a COPY/ADD from the context before `line` in the stage brings in a file named `lock`. */
function copiedBefore(stage: DockerfileStage, line: number, lock: string): boolean {
  return stage.instructions.some(
    (instruction) =>
      instruction.line < line &&
      (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') &&
      flagValue(instruction, 'from') === undefined &&
      copySources(instruction).some((source) => copiesFile(source, lock)),
  );
}

/** Bind mounts of the context (`RUN --mount=type=bind,source=package-lock.json,…`) count as a copy of the lock. */
function boundIn(instruction: DockerfileInstruction, lock: string): boolean {
  return instruction.flags.some(
    (flag) =>
      flag.name === 'mount' &&
      /type=bind/.test(flag.value ?? '') &&
      !/from=/.test(flag.value ?? '') &&
      (/(?:source|src)=([^,]+)/.exec(flag.value ?? '')?.[1] ?? '.').split('/').some((part) => copiesFile(part, lock)),
  );
}

function problemsOf(
  ecosystem: string,
  command: string,
  instruction: DockerfileInstruction,
  stage: DockerfileStage,
  context: BuildContextFacts,
): string[] {
  const { locks, locked, how } = ECOSYSTEMS[ecosystem]!;
  const at = `line ${instruction.line}: ${ecosystem}`;
  if (ecosystem === 'maven') return [];
  if (ecosystem === 'pip' || (ecosystem === 'uv' && /\bpip install\b/.test(command))) {
    if (locked(command)) return [];
    const files = [...command.matchAll(/(?:-r|--requirement)[ =]+(\S+)/g)].map((match) => match[1]!);
    if (files.length === 0) {
      const named = command
        .split(/\s+/)
        .slice(2)
        .filter((word) => !word.startsWith('-') && word !== 'install');
      const loose = named.filter((word) => !/==/.test(word) && word !== '.' && !word.startsWith('/'));
      return loose.length > 0 ? [`${at}: ${loose.join(' ')} not pinned (==) and no --require-hashes`] : [];
    }
    return files.flatMap((file) => {
      const read = context.requirements.find(
        (entry) => entry.path === file.replace(/^\.\//, '') || entry.path.endsWith(`/${file.split('/').at(-1)}`),
      );
      if (!read) return [`${at}: ${file} is not in the build context`];
      return read.unpinned.length > 0
        ? [`${at}: ${read.path} leaves ${read.unpinned.slice(0, 5).join(', ')} unpinned (use == or --require-hashes)`]
        : [];
    });
  }
  const problems: string[] = [];
  const present = context.dependencyFiles.filter((file) => locks.includes(file.path.split('/').at(-1)!));
  if (present.length === 0) problems.push(`${at}: no ${locks.join(' or ')} in the build context`);
  else if (present.every((file) => file.ignored))
    problems.push(`${at}: ${present[0]!.path} is excluded by .dockerignore`);
  else if (!present.some((file) => copiedBefore(stage, instruction.line, file.path) || boundIn(instruction, file.path)))
    problems.push(`${at}: ${present[0]!.path} is not copied before the install`);
  if (!locked(command)) problems.push(`${at}: not in locked mode (use ${how})`);
  return problems;
}

export const dependenciesLocked = defineRule({
  id: 'dependencies-locked',
  title: 'Dependencies installed from lock files',
  severity: 'medium',
  needs: ['dockerfile', 'buildContext'],
  categories: ['security', 'reliability'],
  rationale:
    'An install without a lock file resolves version ranges at build time: two builds of one commit ship different ' +
    'dependencies, and a compromised release is picked up the day it is published. A lock file copied before the ' +
    'install, and an install that refuses to deviate from it, make the build reproducible and reviewable.',
  fix:
    'Commit the lock file, copy it before the install step, and install in locked mode.\n' +
    'COPY package.json package-lock.json ./\n' +
    'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n' +
    'COPY . .',
  check: ({ dockerfile, buildContext }) => {
    const problems: { line: number; text: string }[] = [];
    const installs: string[] = [];
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN' || isExecForm(instruction)) continue;
        for (const command of simpleCommands(instruction.arguments)) {
          const ecosystem = packageInstall(command);
          if (!ecosystem) continue;
          installs.push(ecosystem);
          for (const text of problemsOf(ecosystem, command, instruction, stage, buildContext))
            problems.push({ line: instruction.line, text });
        }
      }
    }
    const ecosystems = [...new Set(installs)];
    if (problems.length > 0)
      return {
        ...fail(
          `${problems.length} install step problem${problems.length === 1 ? '' : 's'} (${ecosystems.join(', ')})`,
          problems.map((problem) => problem.text),
        ),
        line: problems[0]!.line,
      };
    if (ecosystems.length === 0) {
      // Only the context root's: a monorepo context holds other projects' manifests.
      const manifests = buildContext.dependencyFiles.filter((file) => !file.ignored && !file.path.includes('/'));
      return manifests.length > 0
        ? warn(
            'the context has dependency manifests but the Dockerfile runs no install step imgaudit knows',
            manifests.map((file) => file.path),
          )
        : pass('no dependency install step');
    }
    if (ecosystems.includes('maven'))
      return warn('maven has no lock file: versions pinned in pom.xml are not checked', ['maven']);
    return pass(`installs use their lock files (${ecosystems.join(', ')})`);
  },
});

import type { DockerfileFacts, DockerfileInstruction, DockerfileStage } from '../../facts.js';
import { truncate } from '../../shared/text.js';

// What the Dockerfile rules share: the stages that make the image, RUN commands split into simple commands.

/** `line 12: RUN npm install`, one line, shortened. */
export function lineEvidence(instruction: DockerfileInstruction, note = ''): string {
  const flags = instruction.flags.map((flag) =>
    flag.value === null ? `--${flag.name}` : `--${flag.name}=${flag.value}`,
  );
  const text = [instruction.keyword, ...flags, instruction.arguments.replace(/\s+/g, ' ').trim()].join(' ');
  return truncate(`line ${instruction.line}: ${text}${note ? ` (${note})` : ''}`);
}

/** The stage a `FROM` or `COPY --from` names: by name, or by index. */
export function stageNamed(dockerfile: DockerfileFacts, name: string): DockerfileStage | undefined {
  const lower = name.toLowerCase();
  return (
    dockerfile.stages.find((stage) => stage.name === lower) ??
    (/^\d+$/.test(name) ? dockerfile.stages[Number(name)] : undefined)
  );
}

/** The final stage and the stages it is built `FROM`, final first: what the image's files come from. */
export function finalChain(dockerfile: DockerfileFacts): DockerfileStage[] {
  const chain: DockerfileStage[] = [];
  let stage = dockerfile.stages[dockerfile.finalStage];
  while (stage && !chain.includes(stage)) {
    chain.push(stage);
    stage = stage.from.kind === 'stage' ? stageNamed(dockerfile, stage.from.resolved) : undefined;
  }
  return chain;
}

/** Every instruction of every stage, in file order. */
export function allInstructions(dockerfile: DockerfileFacts): DockerfileInstruction[] {
  return dockerfile.stages.flatMap((stage) => stage.instructions);
}

/** Instructions of the stages that make the final image, in file order. */
export function finalInstructions(dockerfile: DockerfileFacts): DockerfileInstruction[] {
  return finalChain(dockerfile)
    .reverse()
    .flatMap((stage) => stage.instructions);
}

/** `RUN ["cmd", "arg"]`: no shell runs it. */
export function isExecForm(instruction: DockerfileInstruction): boolean {
  return instruction.arguments.trimStart().startsWith('[');
}

/** A RUN's shell text split at `&&`, `||`, `;`, `|` and new lines, each simple command trimmed. */
export function simpleCommands(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/&&|\|\|?|;|\n/)
    .map((command) => command.trim())
    .filter(Boolean);
}

/** Text with quoted strings emptied, so a `|` in a quoted argument is not a pipe. */
export function unquoted(text: string): string {
  return text.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, "''");
}

/** A flag's value by name, or undefined; `--link` gives null. */
export function flagValue(instruction: DockerfileInstruction, name: string): string | null | undefined {
  return instruction.flags.find((flag) => flag.name.toLowerCase() === name)?.value;
}

/** The mounts of a RUN: `type=cache,target=/root/.npm` → { type: 'cache', target: '/root/.npm' }. */
export function mountsOf(instruction: DockerfileInstruction): Record<string, string>[] {
  return instruction.flags
    .filter((flag) => flag.name.toLowerCase() === 'mount' && flag.value !== null)
    .map((flag) => {
      const options: Record<string, string> = {};
      for (const part of flag.value!.split(',')) {
        const at = part.indexOf('=');
        options[(at === -1 ? part : part.slice(0, at)).trim().toLowerCase()] = at === -1 ? 'true' : part.slice(at + 1);
      }
      options.type ??= 'bind';
      return options;
    });
}

/** The sources of a COPY or ADD (JSON or plain form), without the destination. */
export function copySources(instruction: DockerfileInstruction): string[] {
  return copyWords(instruction).slice(0, -1);
}

/** The words of a COPY or ADD after its flags, sources then destination; none for a heredoc. */
function copyWords(instruction: DockerfileInstruction): string[] {
  const text = instruction.arguments.trim();
  if (text.startsWith('<<')) return [];
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.map(String) : [];
    } catch {
      return text.split(/\s+/);
    }
  }
  return text.split(/\s+/).filter(Boolean);
}

/** The package installs a simple command runs, by ecosystem (`npm`, `pip`, …), or null. */
export function packageInstall(command: string): string | null {
  const words = command.split(/\s+/).filter((word) => !/^[A-Z_][A-Z0-9_]*=/.test(word));
  const [tool = '', sub = ''] = words;
  const name = tool.split('/').at(-1)!;
  if (name === 'npm' && /^(install|i|ci|add)$/.test(sub)) return 'npm';
  if (name === 'yarn' && (sub === '' || sub === 'install' || sub.startsWith('-'))) return 'yarn';
  if (name === 'pnpm' && /^(install|i)$/.test(sub)) return 'pnpm';
  if (/^pip[\d.]*$/.test(name) && sub === 'install') return 'pip';
  if (/^python[\d.]*$/.test(name) && words[1] === '-m' && /^pip$/.test(words[2] ?? '') && words[3] === 'install')
    return 'pip';
  if (name === 'uv' && (sub === 'sync' || (sub === 'pip' && words[2] === 'install'))) return 'uv';
  if (name === 'poetry' && sub === 'install') return 'poetry';
  if (name === 'pipenv' && (sub === 'install' || sub === 'sync')) return 'pipenv';
  if (name === 'go' && ((sub === 'mod' && words[2] === 'download') || sub === 'build' || sub === 'install'))
    return 'go';
  if (name === 'cargo' && /^(build|install|fetch)$/.test(sub)) return 'cargo';
  if (name === 'bundle' && sub === 'install') return 'bundler';
  if (name === 'composer' && sub === 'install') return 'composer';
  if (/^(mvn|mvnw)$/.test(name) || tool === './mvnw') return 'maven';
  if (/^(gradle|gradlew)$/.test(name) || tool === './gradlew') return 'gradle';
  return null;
}

/** OS package installs (`apt-get install`, `apk add`, …): what cache mounts are for too. */
export function osPackageInstall(command: string): string | null {
  const words = command.split(/\s+/);
  const name = words[0]?.split('/').at(-1) ?? '';
  if ((name === 'apt-get' || name === 'apt') && words.includes('install')) return 'apt';
  if (name === 'apk' && words[1] === 'add') return 'apk';
  if ((name === 'dnf' || name === 'yum' || name === 'microdnf') && words.includes('install')) return 'dnf';
  return null;
}

/** The destination of a COPY or ADD, as written; undefined for a heredoc or a lone word. */
export function copyDestination(instruction: DockerfileInstruction): string | undefined {
  const words = copyWords(instruction);
  return words.length >= 2 ? words.at(-1) : undefined;
}

/**
 * Where each instruction of the final chain puts its files: the COPY or ADD destination joined to the WORKDIR in
 * force at that line (`/` at first, as Docker starts), without a trailing slash. Instructions without one are left out.
 */
export function copyTargets(dockerfile: DockerfileFacts): { instruction: DockerfileInstruction; target: string }[] {
  const targets: { instruction: DockerfileInstruction; target: string }[] = [];
  let workdir = '/';
  for (const instruction of finalInstructions(dockerfile)) {
    if (instruction.keyword === 'WORKDIR')
      workdir = joinPosix(workdir, instruction.arguments.trim().replace(/^(["'])(.*)\1$/, '$2'));
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    const destination = copyDestination(instruction);
    if (destination !== undefined) targets.push({ instruction, target: joinPosix(workdir, destination) });
  }
  return targets;
}

/** `/app` + `src/` → `/app/src`; an absolute second part wins; `.` and `..` resolved, never above `/`. */
function joinPosix(base: string, next: string): string {
  const parts: string[] = [];
  for (const part of (next.startsWith('/') ? next : `${base}/${next}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

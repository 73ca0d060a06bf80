import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type {
  DockerfileFacts,
  DockerfileFrom,
  DockerfileInstruction,
  DockerfileSecret,
  DockerfileStage,
} from '../../facts.js';
import { classifySecret, redact } from '../../secrets/index.js';
import { createRedactor } from '../../secrets/redactor.js';

const KEYWORDS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);
/** Instructions that mean nothing without arguments. */
const NEEDS_ARGUMENTS = new Set(['FROM', 'RUN', 'ADD', 'COPY', 'USER', 'WORKDIR', 'ENV', 'ARG', 'LABEL', 'SHELL']);

type Problem = { line: number; message: string };

/**
 * A Dockerfile's facts, parsed by dockerfile-ast (the parser of the Dockerfile language server: parser directives,
 * the escape character, continuations, heredocs, flags such as `--mount`/`--from`/`--link`/`--chmod`). What it
 * accepts but `docker build` would refuse (an unknown instruction, a `FROM` without an image, an unterminated heredoc)
 * becomes a problem with its line; nothing here throws on any text. ENV and ARG values that look secret are redacted.
 */
export function parseDockerfile(path: string, text: string): DockerfileFacts {
  const problems: Problem[] = [];
  let parsed: ReturnType<typeof DockerfileParser.parse>;
  try {
    parsed = DockerfileParser.parse(text);
  } catch (error) {
    problems.push({ line: 1, message: `the Dockerfile cannot be parsed: ${(error as Error).message}` });
    return { path, syntax: null, escape: '\\', globalArgs: [], stages: [], finalStage: -1, secrets: [], problems };
  }
  const directives = parsed.getDirectives();
  const syntax = directives.find((directive) => directive.getDirective()?.toLowerCase() === 'syntax')?.getValue();
  const secrets = secretsOf(parsed.getInstructions());
  const redactValues = createRedactor(secretValueList(parsed.getInstructions()));
  const globalArgs: { name: string; value: string | null; line: number }[] = [];
  const stages: { index: number; name: string | null; from: DockerfileFrom; instructions: DockerfileInstruction[] }[] =
    [];
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword();
    const line = instruction.getRange().start.line + 1;
    const fact = instructionFacts(instruction, redactValues);
    problems.push(...instructionProblems(instruction, fact));
    if (!KEYWORDS.has(keyword)) continue;
    if (keyword === 'FROM') {
      stages.push(stageStart(instruction, fact, stages, globalArgs));
      continue;
    }
    const stage = stages.at(-1);
    if (stage) stage.instructions.push(fact);
    else if (keyword === 'ARG') globalArgs.push(...argsOf(instruction, line, secrets));
    else problems.push({ line, message: `${keyword} before the first FROM` });
  }
  if (stages.length === 0) problems.push({ line: 1, message: 'no FROM instruction: nothing to build' });
  for (const stage of stages)
    if (stage.from.raw === '') problems.push({ line: stage.from.line, message: 'FROM names no image' });
  return {
    path,
    syntax: syntax ?? null,
    escape: parsed.getEscapeCharacter(),
    globalArgs,
    stages: stages satisfies DockerfileStage[],
    finalStage: stages.length - 1,
    secrets,
    problems: problems.sort((a, b) => a.line - b.line),
  };
}

function instructionFacts(instruction: Instruction, redactValues: (text: string) => string): DockerfileInstruction {
  const range = instruction.getRange();
  const flags = 'getFlags' in instruction ? (instruction as unknown as FlagHolder).getFlags() : [];
  return {
    keyword: instruction.getKeyword(),
    line: range.start.line + 1,
    endLine: range.end.line + 1,
    flags: flags.map((flag) => ({ name: flag.getName(), value: flag.getValue() })),
    arguments: redactValues(instruction.getArgumentsContent() ?? ''),
  };
}

interface FlagHolder {
  getFlags(): { getName(): string; getValue(): string | null }[];
}

interface HeredocHolder {
  getHeredocs(): { getName(): string; getStartRange(): { start: { line: number } }; getDelimiterRange(): unknown }[];
}

function instructionProblems(instruction: Instruction, fact: DockerfileInstruction): Problem[] {
  const problems: Problem[] = [];
  const { keyword, line } = fact;
  if (!KEYWORDS.has(keyword)) {
    problems.push({ line, message: `unknown instruction ${JSON.stringify(instruction.getInstruction())}` });
    return problems;
  }
  if (NEEDS_ARGUMENTS.has(keyword) && fact.arguments.trim() === '' && !(keyword === 'FROM'))
    problems.push({ line, message: `${keyword} has no arguments` });
  if ('getHeredocs' in instruction) {
    for (const heredoc of (instruction as unknown as HeredocHolder).getHeredocs())
      if (heredoc.getDelimiterRange() === null)
        problems.push({
          line: heredoc.getStartRange().start.line + 1,
          message: `the heredoc <<${heredoc.getName()} is never closed`,
        });
  }
  return problems;
}

function stageStart(
  instruction: Instruction,
  fact: DockerfileInstruction,
  earlier: readonly { index: number; name: string | null }[],
  globalArgs: readonly { name: string; value: string | null }[],
): { index: number; name: string | null; from: DockerfileFrom; instructions: DockerfileInstruction[] } {
  const words = instruction.getArguments().map((argument) => argument.getValue());
  const as = words.findIndex((word, index) => index > 0 && word.toLowerCase() === 'as');
  const name = as === -1 ? null : (words[as + 1]?.toLowerCase() ?? null);
  const raw = words[0] ?? '';
  const defaults = new Map(globalArgs.map((arg) => [arg.name, arg.value]));
  const { text: resolved, unresolved } = substitute(raw, defaults);
  const lower = resolved.toLowerCase();
  const kind =
    lower === 'scratch'
      ? 'scratch'
      : earlier.some((stage) => stage.name !== null && stage.name === lower)
        ? 'stage'
        : 'image';
  const digest = kind === 'image' ? (/@(sha256:[a-f0-9]{64})$/i.exec(resolved)?.[1] ?? null) : null;
  return {
    index: earlier.length,
    name,
    from: { raw, resolved, line: fact.line, kind, digest, unresolved },
    instructions: [],
  };
}

/** The global ARGs of one instruction; a secret-like default is kept only as its redacted preview. */
function argsOf(
  instruction: Instruction,
  line: number,
  secrets: readonly DockerfileSecret[],
): { name: string; value: string | null; line: number }[] {
  return propertiesOf(instruction).map(({ name, value }) => {
    const secret = secrets.find((found) => found.line === line && found.name === name);
    return { name, value: secret ? secret.preview : value, line };
  });
}

function propertiesOf(instruction: Instruction): { name: string; value: string | null }[] {
  const holder = instruction as unknown as {
    getProperties?(): { getName(): string; getValue(): string | null }[];
    getProperty?(): { getName(): string; getValue(): string | null } | null;
  };
  const properties = holder.getProperties?.() ?? (holder.getProperty?.() ? [holder.getProperty()!] : []);
  return properties.map((property) => ({ name: property.getName(), value: property.getValue() }));
}

function secretsOf(instructions: readonly Instruction[]): DockerfileSecret[] {
  return instructions.flatMap((instruction) => {
    const keyword = instruction.getKeyword();
    if (keyword !== 'ENV' && keyword !== 'ARG') return [];
    const line = instruction.getRange().start.line + 1;
    return propertiesOf(instruction).flatMap(({ name, value }) => {
      const kind = value === null ? null : classifySecret(name, value);
      return kind && value !== null ? [{ keyword, name, line, kind, preview: redact(value) }] : [];
    });
  });
}

function secretValueList(instructions: readonly Instruction[]): string[] {
  return instructions.flatMap((instruction) => {
    const keyword = instruction.getKeyword();
    if (keyword !== 'ENV' && keyword !== 'ARG') return [];
    return propertiesOf(instruction).flatMap(({ name, value }) =>
      value !== null && classifySecret(name, value) ? [value] : [],
    );
  });
}

/**
 * `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}` as the builder expands them in `FROM`, from the
 * global ARG defaults; names without a default are listed as unresolved (and expand to nothing, as in a build
 * without `--build-arg`).
 */
export function substitute(
  text: string,
  defaults: ReadonlyMap<string, string | null>,
): { text: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const value = (name: string): string | null => {
    const found = defaults.get(name);
    return found === undefined ? null : found;
  };
  const out = text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_, braced: string | undefined, operator: string | undefined, word: string | undefined, bare: string) => {
      const name = braced ?? bare;
      const current = value(name);
      const set = current !== null && (current !== '' || !operator?.startsWith(':'));
      if (operator?.endsWith('-')) return set ? current : (word ?? '');
      if (operator?.endsWith('+')) return set ? (word ?? '') : '';
      if (current === null) unresolved.push(name);
      return current ?? '';
    },
  );
  return { text: out, unresolved };
}

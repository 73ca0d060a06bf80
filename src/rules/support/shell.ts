/**
 * Enough of a shell command line to see which programs a RUN step ran: the simple commands between `&&`, `||`, `;`,
 * `|`, `&` and newlines (line continuations joined, quotes respected), each as its words with quotes removed. Not a
 * shell: no expansion, no subshell structure (parentheses and braces are dropped), no here-documents.
 */
export function simpleCommands(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const text = line.replace(/\\\r?\n/g, ' ');
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (char === '&' || char === '|' || char === ';' || char === '\n' || char === '\r') endCommand();
    else if (char === '(' || char === ')' || ((char === '{' || char === '}') && !inWord)) endCommand();
    else if (char === ' ' || char === '\t') endWord();
    else {
      word += char;
      inWord = true;
    }
  }
  endCommand();
  return commands.map(withoutPrefixes).filter((command) => command.length > 0);
}

/** Words that run the rest as the command: `sudo`, `env`, `exec`, `VAR=value` assignments. */
const PREFIXES = new Set(['sudo', 'env', 'exec', 'command', 'time', 'nice', 'nohup', 'then', 'else', 'do', '!']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** `/bin/sh -c`, `/bin/bash -o pipefail -c`, `sh -ec`: the legacy builder's and SHELL's wrapper of a RUN. */
const SHELL = /^(?:\S*\/)?(?:ba|da|a|z|k|mk)?sh$/;

function withoutPrefixes(words: readonly string[]): string[] {
  let start = 0;
  while (start < words.length && (PREFIXES.has(words[start]!) || ASSIGNMENT.test(words[start]!))) start++;
  if (SHELL.test(words[start] ?? '')) {
    let flag = start + 1;
    while (flag < words.length && words[flag]!.startsWith('-')) {
      if (/^-[a-z]*c[a-z]*$/.test(words[flag]!)) return withoutPrefixes(words.slice(flag + 1));
      flag += words[flag] === '-o' ? 2 : 1;
    }
  }
  return words.slice(start);
}

/** `/usr/bin/apt-get` → `apt-get`. */
export function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The first word after the program that is not an option (and not the value of one of `valued` options). */
export function subcommand(words: readonly string[], valued: ReadonlySet<string> = new Set()): string | undefined {
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (valued.has(word)) i++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

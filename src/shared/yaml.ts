/** How many alias expansions a YAML document may make: the yaml library's own default, stated once for both readers. */
export const MAX_YAML_ALIASES = 100;

/** What a file that exceeds it is told, after its name. */
export const TOO_MANY_ALIASES = `too many YAML aliases (more than ${MAX_YAML_ALIASES}): not accepted`;

/** True for the yaml library's refusal of a document that expands too many aliases (a "billion laughs" bomb). */
export function isAliasBomb(error: unknown): boolean {
  return error instanceof ReferenceError && /excessive alias count/i.test(error.message);
}

/** How deep a YAML document may nest collections: far beyond any configuration, far below what overflows the stack. */
export const MAX_YAML_DEPTH = 100;

export const TOO_DEEP = `YAML nested more than ${MAX_YAML_DEPTH} levels deep: not accepted`;

interface CstNode {
  readonly value?: unknown;
  readonly items?: readonly { readonly key?: unknown; readonly value?: unknown }[];
}

/**
 * True when the text nests collections deeper than MAX_YAML_DEPTH. Measured on the yaml library's CST parser, which
 * keeps its own stack, because its composer recurses: thousands of nested brackets overflow the call stack, at some
 * depths as a fatal V8 error that no catch sees.
 */
export async function nestsTooDeep(text: string): Promise<boolean> {
  const { Parser } = await import('yaml');
  const pending: [CstNode, number][] = [];
  for (const document of new Parser().parse(text)) pending.push([document as CstNode, 0]);
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (depth > MAX_YAML_DEPTH) return true;
    const push = (child: unknown) => {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    };
    push(node.value);
    for (const item of node.items ?? []) {
      push(item.key);
      push(item.value);
    }
  }
  return false;
}

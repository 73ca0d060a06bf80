/** One challenge of a WWW-Authenticate header: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export interface AuthChallenge {
  /** Lowercase: `bearer`, `basic`. */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses a WWW-Authenticate header (RFC 7235): challenges of a scheme and `name=value` or `name="quoted"` parameters,
 * separated by commas. Untrusted text: anything that does not parse ends the list; never throws.
 */
export function parseChallenges(header: string): AuthChallenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let at = 0;
  const skip = (pattern: RegExp) => {
    while (at < header.length && pattern.test(header[at]!)) at++;
  };
  const token = () => {
    const match = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(header.slice(at));
    if (!match) return null;
    at += match[0].length;
    return match[0];
  };
  while (at < header.length) {
    skip(/[\s,]/);
    const start = at;
    const name = token();
    if (name === null) break;
    skip(/[ \t]/);
    if (header[at] === '=' && challenges.length > 0) {
      // A parameter of the current challenge.
      at++;
      skip(/[ \t]/);
      const value = header[at] === '"' ? quoted() : bare();
      if (value === null) break;
      challenges[challenges.length - 1]!.params[name.toLowerCase()] = value;
      continue;
    }
    if (header[at] === '=') {
      at = start;
      break;
    }
    challenges.push({ scheme: name.toLowerCase(), params: {} });
  }
  return challenges;

  /** An unquoted value: RFC 7235 allows a token only, registries in the wild send URLs too. */
  function bare(): string | null {
    const match = /^[^,\s"]+/.exec(header.slice(at));
    if (!match) return null;
    at += match[0].length;
    return match[0];
  }

  function quoted(): string | null {
    let value = '';
    at++;
    while (at < header.length) {
      const char = header[at++]!;
      if (char === '"') return value;
      if (char === '\\' && at < header.length) value += header[at++]!;
      else value += char;
    }
    return null;
  }
}

/** The token endpoint's answer: `token`, or OAuth2's `access_token`. */
export function tokenFrom(answer: unknown): string | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const { token, access_token: accessToken } = answer as Record<string, unknown>;
  if (typeof token === 'string' && token !== '') return token;
  if (typeof accessToken === 'string' && accessToken !== '') return accessToken;
  return null;
}

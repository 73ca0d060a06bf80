/** Regex-escapes `text` so it matches itself. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The one glob reading of imgaudit, as a regex body (no anchors). `**` matches across `/` (`/app/**` also the
 * folder itself, `**\/` any number of leading folders); `*` matches within one path segment, or any run of characters
 * when `starCrossesSlash` (tag patterns: `*:latest` spans registries and namespaces); `?` one such character.
 */
export function globSource(pattern: string, { starCrossesSlash = false } = {}): string {
  const one = starCrossesSlash ? '.' : '[^/]';
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      const slashAfter = pattern[i + 2] === '/';
      body += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (char === '*') body += `${one}*`;
    else if (char === '?') body += one;
    else body += escapeRegExp(char);
  }
  return body;
}

/** A path glob (`/app/**`, `/usr/local/bin/*-helper`) against an absolute path; `/app/**` also matches `/app`. */
export function pathMatches(pattern: string, path: string): boolean {
  return (
    new RegExp(`^${globSource(pattern)}$`).test(path) || (pattern.endsWith('/**') && path === pattern.slice(0, -3))
  );
}

/**
 * A tag pattern as a regex: `*` is any run of characters (slashes included, so `*:latest` spans registries and
 * namespaces), `?` one character. A pattern without `:` matches the repository with any tag.
 */
export function patternToRegExp(pattern: string): RegExp {
  return new RegExp(`^${globSource(pattern, { starCrossesSlash: true })}${pattern.includes(':') ? '' : ':[^:/]+'}$`);
}

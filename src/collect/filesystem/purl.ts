/**
 * Package URLs (github.com/package-url/purl-spec): `pkg:type/namespace/name@version?qualifiers`. Each part is
 * percent-encoded except the namespace's `/` separators; qualifiers are sorted by key and empty ones left out.
 */

/** Percent-encodes everything but the purl spec's unreserved characters (`A-Z a-z 0-9 . - _ ~`). */
function encode(part: string): string {
  return encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface PurlParts {
  readonly type: string;
  readonly namespace?: string;
  readonly name: string;
  readonly version: string;
  readonly qualifiers?: Readonly<Record<string, string | undefined>>;
}

export function purl({ type, namespace, name, version, qualifiers = {} }: PurlParts): string {
  const path = namespace ? `${namespace.split('/').filter(Boolean).map(encode).join('/')}/` : '';
  const query = Object.entries(qualifiers)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${encode(value)}`)
    .join('&');
  return `pkg:${type}/${path}${encode(name)}@${encode(version)}${query ? `?${query}` : ''}`;
}

/** PEP 503's normalised project name, as the pypi purl type wants it: `Foo_Bar.baz` → `foo-bar-baz`. */
export function pypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `@scope/name` → namespace `@scope` (encoded `%40scope`), name `name`. */
export function npmPurl(fullName: string, version: string): string {
  const slash = fullName.startsWith('@') ? fullName.indexOf('/') : -1;
  return slash > 0
    ? purl({ type: 'npm', namespace: fullName.slice(0, slash), name: fullName.slice(slash + 1), version })
    : purl({ type: 'npm', name: fullName, version });
}

/** `github.com/foo/bar` → namespace `github.com/foo`, name `bar`. */
export function golangPurl(modulePath: string, version: string): string {
  const slash = modulePath.lastIndexOf('/');
  return slash > 0
    ? purl({ type: 'golang', namespace: modulePath.slice(0, slash), name: modulePath.slice(slash + 1), version })
    : purl({ type: 'golang', name: modulePath, version });
}

/**
 * IAM wildcard matching: `*` matches any run of characters (including `/` and `:`), `?` exactly one.
 * Actions compare case-insensitively (IAM does); resource ARNs and keys compare case-sensitively.
 */
const regexCache = new Map<string, RegExp>();

function globRegex(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}\u0000${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  // a pattern without wildcards (most Resource entries name one bucket) is compared as it is, without a regex
  if (!ignoreCase && !hasWildcard(pattern)) return pattern === value;
  return globRegex(pattern, ignoreCase).test(value);
}

export const actionMatches = (pattern: string, action: string) => globMatches(pattern, action, true);

export const hasWildcard = (value: string) => value.includes('*') || value.includes('?');

/** A value IAM would treat as variable: contains a wildcard or a policy variable like ${aws:username}. */
export const isVariable = (value: string) => hasWildcard(value) || value.includes('${');

/**
 * The patterns that remain for the rest of a string once `literal` has been consumed from its start.
 * E.g. pattern "arn:aws:s3:::ml-*\/data/*" after literal "arn:aws:s3:::ml-raw/" leaves "data/*".
 * An empty result means no string starting with `literal` matches the pattern.
 */
export function remaindersAfter(pattern: string, literal: string): string[] {
  // fast paths: the literal text before the first wildcard must agree with the literal
  const fixed = literalPrefix(pattern);
  if (fixed.length <= literal.length ? !literal.startsWith(fixed) : !fixed.startsWith(literal)) return [];
  if (fixed.length === pattern.length) return pattern.startsWith(literal) ? [pattern.slice(literal.length)] : [];
  if (fixed.length >= literal.length) return [pattern.slice(literal.length)];
  // a single trailing star after the literal text swallows the rest of the literal and remains itself
  if (fixed.length === pattern.length - 1 && pattern.endsWith('*')) return ['*'];
  // depth-first over (pattern position, literal position) states; a state is visited once
  const width = literal.length + 1;
  const seen = new Uint8Array((pattern.length + 1) * width);
  const out = new Set<number>(); // pattern positions whose rest remains, in the order they are found
  const walk = (i: number, j: number) => {
    const state = i * width + j;
    if (seen[state]) return;
    seen[state] = 1;
    if (j === literal.length) {
      out.add(i);
      return;
    }
    if (i === pattern.length) return;
    const p = pattern[i];
    if (p === '*') {
      walk(i + 1, j); // the star matches nothing more of the literal
      walk(i, j + 1); // the star swallows one more literal character
      out.add(i); // the star also reaches past the end of the literal
    } else if (p === '?' || p === literal[j]) {
      walk(i + 1, j + 1);
    }
  };
  walk(0, 0);
  return [...out].map((i) => pattern.slice(i));
}

/** The literal text of a pattern before its first wildcard. */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*');
  const q = pattern.indexOf('?');
  const end = star < 0 ? q : q < 0 ? star : Math.min(star, q);
  return end < 0 ? pattern : pattern.slice(0, end);
}

/** True when every string starting with `prefix` matches the pattern (pattern is LITERAL followed only by stars). */
export function coversEveryKeyWith(pattern: string, prefix: string): boolean {
  const m = /^([^*?]*)(\*+)$/.exec(pattern);
  if (m) return prefix.startsWith(m[1]);
  return false;
}

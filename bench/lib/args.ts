import { parseArgs } from 'node:util';

type Spec = Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;

/** Parses --name value flags; numbers are checked to be positive. A user mistake prints one line and exits 2. */
export function benchArgs<S extends Spec>(spec: S, argv = process.argv.slice(2)) {
  try {
    const { values } = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false });
    return values as unknown as { [K in keyof S]: S[K]['type'] extends 'boolean' ? boolean : string };
  } catch (e) {
    console.error(`bench: ${(e as Error).message}`);
    process.exit(2);
  }
}

export function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`bench: --${name} needs a positive number, got ${value}`);
    process.exit(2);
  }
  return n;
}

/** The result of one API read as the mappers see it: a value, or the reason it is unknown (becomes a gap). */
export type Read<T> = { value: T } | { gap: string };

export const known = <T>(value: T): Read<T> => ({ value });
export const unknownBecause = <T>(gap: string): Read<T> => ({ gap });
export const isKnown = <T>(r: Read<T>): r is { value: T } => 'value' in r;

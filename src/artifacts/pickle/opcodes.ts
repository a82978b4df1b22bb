// The complete pickle opcode table of CPython's Lib/pickletools.py (protocols 0-5), with how each argument is encoded.

/** How an opcode's argument is laid out after the opcode byte. */
export type ArgKind =
  | 'none'
  | 'uint1'
  | 'uint2'
  | 'int4'
  | 'uint4'
  | 'uint8'
  | 'float8'
  | 'line' // one newline-terminated line (decimalnl_short/long, floatnl, stringnl, unicodestringnl, stringnl_noescape)
  | 'line2' // two newline-terminated lines (stringnl_noescape_pair: GLOBAL, INST)
  | 'string1' // uint1 length + bytes
  | 'string4s' // int4 (signed) length + bytes (BINSTRING)
  | 'string4' // uint4 length + bytes
  | 'string8'; // uint8 length + bytes

export interface OpcodeInfo {
  name: string;
  code: number;
  arg: ArgKind;
  proto: number;
}

const table: [string, string, ArgKind, number][] = [
  ['INT', 'I', 'line', 0],
  ['BININT', 'J', 'int4', 1],
  ['BININT1', 'K', 'uint1', 1],
  ['BININT2', 'M', 'uint2', 1],
  ['LONG', 'L', 'line', 0],
  ['LONG1', '\x8a', 'string1', 2],
  ['LONG4', '\x8b', 'string4s', 2],
  ['STRING', 'S', 'line', 0],
  ['BINSTRING', 'T', 'string4s', 1],
  ['SHORT_BINSTRING', 'U', 'string1', 1],
  ['BINBYTES', 'B', 'string4', 3],
  ['SHORT_BINBYTES', 'C', 'string1', 3],
  ['BINBYTES8', '\x8e', 'string8', 4],
  ['BYTEARRAY8', '\x96', 'string8', 5],
  ['NEXT_BUFFER', '\x97', 'none', 5],
  ['READONLY_BUFFER', '\x98', 'none', 5],
  ['NONE', 'N', 'none', 0],
  ['NEWTRUE', '\x88', 'none', 2],
  ['NEWFALSE', '\x89', 'none', 2],
  ['UNICODE', 'V', 'line', 0],
  ['SHORT_BINUNICODE', '\x8c', 'string1', 4],
  ['BINUNICODE', 'X', 'string4', 1],
  ['BINUNICODE8', '\x8d', 'string8', 4],
  ['FLOAT', 'F', 'line', 0],
  ['BINFLOAT', 'G', 'float8', 1],
  ['EMPTY_LIST', ']', 'none', 1],
  ['APPEND', 'a', 'none', 0],
  ['APPENDS', 'e', 'none', 1],
  ['LIST', 'l', 'none', 0],
  ['EMPTY_TUPLE', ')', 'none', 1],
  ['TUPLE', 't', 'none', 0],
  ['TUPLE1', '\x85', 'none', 2],
  ['TUPLE2', '\x86', 'none', 2],
  ['TUPLE3', '\x87', 'none', 2],
  ['EMPTY_DICT', '}', 'none', 1],
  ['DICT', 'd', 'none', 0],
  ['SETITEM', 's', 'none', 0],
  ['SETITEMS', 'u', 'none', 1],
  ['EMPTY_SET', '\x8f', 'none', 4],
  ['ADDITEMS', '\x90', 'none', 4],
  ['FROZENSET', '\x91', 'none', 4],
  ['POP', '0', 'none', 0],
  ['DUP', '2', 'none', 0],
  ['MARK', '(', 'none', 0],
  ['POP_MARK', '1', 'none', 1],
  ['GET', 'g', 'line', 0],
  ['BINGET', 'h', 'uint1', 1],
  ['LONG_BINGET', 'j', 'uint4', 1],
  ['PUT', 'p', 'line', 0],
  ['BINPUT', 'q', 'uint1', 1],
  ['LONG_BINPUT', 'r', 'uint4', 1],
  ['MEMOIZE', '\x94', 'none', 4],
  ['EXT1', '\x82', 'uint1', 2],
  ['EXT2', '\x83', 'uint2', 2],
  ['EXT4', '\x84', 'int4', 2],
  ['GLOBAL', 'c', 'line2', 0],
  ['STACK_GLOBAL', '\x93', 'none', 4],
  ['REDUCE', 'R', 'none', 0],
  ['BUILD', 'b', 'none', 0],
  ['INST', 'i', 'line2', 0],
  ['OBJ', 'o', 'none', 1],
  ['NEWOBJ', '\x81', 'none', 2],
  ['NEWOBJ_EX', '\x92', 'none', 4],
  ['PROTO', '\x80', 'uint1', 2],
  ['STOP', '.', 'none', 0],
  ['FRAME', '\x95', 'uint8', 4],
  ['PERSID', 'P', 'line', 0],
  ['BINPERSID', 'Q', 'none', 1],
];

export const OPCODES: readonly OpcodeInfo[] = table.map(([name, code, arg, proto]) => ({ name, code: code.charCodeAt(0), arg, proto }));

/** Opcode byte -> info; undefined for bytes that are not opcodes. */
export const OPCODE_BY_CODE: readonly (OpcodeInfo | undefined)[] = (() => {
  const out: (OpcodeInfo | undefined)[] = new Array(256).fill(undefined);
  for (const op of OPCODES) out[op.code] = op;
  return out;
})();

export const OP = Object.fromEntries(OPCODES.map((o) => [o.name, o.code])) as Record<string, number>;

export const HIGHEST_PROTOCOL = 5;

import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { InputError } from '../model/errors.js';

/** A parsed YAML file that can say on which line a JSON path starts, for error messages. */
export interface YamlSource {
  value: unknown;
  lineOf(path: readonly PropertyKey[]): number;
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line, col } = lineCounter.linePos(e.pos[0]);
    throw new InputError(`${file}:${line}:${col}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const lineOf = (path: readonly PropertyKey[]): number => {
    let node: Node | null | undefined = doc.contents as Node | null;
    let best = node?.range ? lineCounter.linePos(node.range[0]).line : 1;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
        if (!pair) break;
        const keyNode = pair.key as Node | null;
        if (keyNode?.range) best = lineCounter.linePos(keyNode.range[0]).line;
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key] as Node | null;
        if (node?.range) best = lineCounter.linePos(node.range[0]).line;
      } else break;
    }
    return best;
  };
  return { value: doc.toJS(), lineOf };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** `<tag>escaped value</tag>`, or nothing when the value is undefined. */
export function el(tag: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  return `<${tag}>${esc(value)}</${tag}>`;
}

/** `<tag>raw children</tag>` (children already XML). */
export function wrap(tag: string, children: string, attrs = ''): string {
  return `<${tag}${attrs ? ` ${attrs}` : ''}>${children}</${tag}>`;
}

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

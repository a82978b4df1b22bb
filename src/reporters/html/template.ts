import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const read = (path: string | URL) => readFileSync(path, 'utf8');

/** Static parts of the page, read once: our client code and style, and dagre for laying out path graphs. */
export const ASSETS = {
  client: read(new URL('./client.js', import.meta.url)),
  style: read(new URL('./style.css', import.meta.url)),
  dagre: read(join(dirname(require.resolve('@dagrejs/dagre/package.json')), 'dist', 'dagre.min.js')),
};

/** `</script` inside inlined code or JSON would end the script element early. */
export const inlineSafe = (text: string) => text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

/** JSON that is safe inside a <script type="application/json"> element. */
export const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function page(title: string, dataJson: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${title.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</title>
<style>${ASSETS.style}</style>
</head>
<body>
<header><h1>aispm</h1><nav>
<button data-tab="summary">Summary</button>
<button data-tab="queue">Risk queue</button>
<button data-tab="paths">Attack paths</button>
<button data-tab="bom">AI-BOM</button>
<button data-tab="frameworks">Frameworks</button>
</nav></header>
<main>
<section id="view-summary" hidden></section>
<section id="view-queue" hidden></section>
<section id="view-paths" hidden></section>
<section id="view-bom" hidden></section>
<section id="view-frameworks" hidden></section>
</main>
<aside id="detail" hidden></aside>
<script type="application/json" id="aispm-data">${dataJson}</script>
<script>${inlineSafe(ASSETS.dagre)}</script>
<script>${inlineSafe(ASSETS.client)}</script>
</body>
</html>
`;
}

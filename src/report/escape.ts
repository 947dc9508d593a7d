/**
 * Escaping of untrusted text (names, labels, paths from pull requests) for GitHub-flavoured markdown
 * and Mermaid, so it cannot inject HTML, break tables or `<details>`, format text, link elsewhere, or
 * ping anyone.
 */

const MARKDOWN_SPECIAL = /[&<>"'|*_[\]~`\\!()${}]/g;
const ZERO_WIDTH_SPACE = '\u200b';

/** Text for a markdown paragraph or table cell: one line, no markup, no mentions, issue or web links. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/([@#])(?=[\w-])/g, `$1${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\b(w)(ww\.)/gi, `$1${ZERO_WIDTH_SPACE}$2`)
    .replace(MARKDOWN_SPECIAL, (c) => `&#${c.charCodeAt(0)};`);
}

/** Untrusted text shown as code. */
export const code = (text: string): string => `<code>${escapeMarkdown(text)}</code>`;

/** A Mermaid label body (inside `"…"`): only plain characters, the rest as Mermaid entity codes. */
export function escapeMermaid(text: string): string {
  return text.replace(/[^A-Za-z0-9 ./_:,=+-]/gu, (c) => `#${c.codePointAt(0)};`);
}

/** A URL path built from untrusted segments: every character that could end or alter a markdown link is encoded. */
export const encodePath = (path: string): string =>
  path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

/** Bidirectional overrides and isolates, which can make text read other than it is. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Untrusted text for plain-text places (annotations, check-run titles, logs): one line, no control or bidi characters. */
export function plainText(text: string, max = 500): string {
  const clean = text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '').replace(BIDI_CONTROLS, '');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

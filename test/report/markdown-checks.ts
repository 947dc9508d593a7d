/**
 * Checks that a rendered comment is safe on GitHub whatever the names, labels and paths it shows:
 * no injected HTML, no broken tables or `<details>`, no formatting, no mentions, no issue references,
 * no links but the renderer's own (to files on GitHub).
 */
import { COMMENT_MARKER } from '../../src/report/markdown.js';

/** The markdown outside fenced code blocks (where GitHub interprets markup), with the fences' content blanked. */
export function outsideFences(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const m = /^(`{3,}|~{3,})/.exec(line);
    if (fence === undefined && m) {
      fence = m[1];
      out.push('');
    } else if (fence !== undefined) {
      if (line.startsWith(fence) && line.trim() === fence) fence = undefined;
      out.push('');
    } else out.push(line);
  }
  return out.join('\n');
}

/** Contents of fenced blocks of one language. */
export function fencedBlocks(markdown: string, language: string): string[] {
  const re = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\`$`, 'gm');
  return [...markdown.matchAll(re)].map((m) => m[1]!);
}

/** Cells of a table row, split on unescaped `|` (GFM splits before inline parsing; `\|` and entities do not split). */
export function cells(row: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c === '\\' && row[i + 1] === '|') {
      current += '\\|';
      i++;
    } else if (c === '|') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  // A leading and a trailing pipe delimit the row.
  if (parts[0]!.trim() === '') parts.shift();
  if (parts.length > 0 && parts[parts.length - 1]!.trim() === '') parts.pop();
  return parts;
}

/** Tables: consecutive lines starting with `|`, header first. */
export function tables(markdown: string): string[][] {
  const out: string[][] = [];
  let current: string[] | undefined;
  for (const line of outsideFences(markdown).split('\n')) {
    if (line.startsWith('|')) (current ??= (out.push([]), out[out.length - 1]!)).push(line);
    else current = undefined;
  }
  return out;
}

/**
 * Inline link destinations `](…)` as CommonMark reads them: up to whitespace or the first `)` that
 * closes no `(` of the destination (so an unbalanced `)` in a path ends the link early).
 */
export function linkDestinations(text: string): { start: number; end: number; destination: string }[] {
  const out: { start: number; end: number; destination: string }[] = [];
  for (let at = text.indexOf(']('); at >= 0; at = text.indexOf('](', at + 2)) {
    let depth = 0;
    let i = at + 2;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (/\s/.test(c)) break;
      if (c === '\\') i++;
      else if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      }
    }
    out.push({ start: at + 2, end: i, destination: text.slice(at + 2, i) });
  }
  return out;
}

/** The text with link destinations replaced by `URL` (their characters are not markup). */
function withoutDestinations(text: string): string {
  let out = '';
  let last = 0;
  for (const d of linkDestinations(text)) {
    out += `${text.slice(last, d.start)}URL`;
    last = d.end;
  }
  return out + text.slice(last);
}

const ENTITY = /&#\d+;/g;
/** Text a reader (and GitHub's reference/mention linker) sees: entities decoded to a neutral placeholder. */
const withoutEntities = (text: string) => text.replace(ENTITY, '\u0000');

/** The renderer's own HTML: what the comment may contain, and nothing else. */
const OWN_TAGS = /^<\/?(code|sub|summary|details( open)?)>$/;

/**
 * Problems that would make GitHub render injected markup. `links` is the prefix every link must have
 * (the renderer links only to files of the repository).
 */
export function safetyProblems(markdown: string, links = 'https://github.com/'): string[] {
  const problems: string[] = [];
  const lines = markdown.split('\n');
  if (lines[0] !== COMMENT_MARKER) problems.push(`first line is ${JSON.stringify(lines[0])}, not the marker`);
  const text = outsideFences(markdown);
  const visible = withoutEntities(text.replace(COMMENT_MARKER, ''));
  // HTML: only the renderer's own tags, balanced details.
  for (const m of visible.matchAll(/<[^>\n]*>?/g)) if (!OWN_TAGS.test(m[0])) problems.push(`foreign HTML ${JSON.stringify(m[0])}`);
  const opened = (visible.match(/<details( open)?>/g) ?? []).length;
  const closed = (visible.match(/<\/details>/g) ?? []).length;
  if (opened !== closed) problems.push(`${opened} <details> but ${closed} </details>`);
  if (/<img/i.test(markdown.replace(/^```[\s\S]*?^```$/gm, ''))) problems.push('raw <img');
  // Mentions and references: GitHub links @name, #123 and owner/repo#123 after a non-word character.
  for (const m of visible.matchAll(/(^|[^\w])@[A-Za-z0-9]/g)) problems.push(`mention ${JSON.stringify(m[0])}`);
  for (const m of visible.matchAll(/(^|[^\w&])#\d/g)) problems.push(`reference ${JSON.stringify(m[0])}`);
  // Formatting and links made of untrusted text.
  const outsideCode = withoutDestinations(visible).replace(/<code>[^<]*<\/code>/g, 'CODE');
  for (const m of outsideCode.matchAll(/(?<![\\])(\*[^\s*][^*\n]*\*|_[^\s_][^_\n]*_|~~[^~\n]+~~)/g)) problems.push(`formatting ${JSON.stringify(m[0])}`);
  for (const { destination } of linkDestinations(visible)) if (!destination.startsWith(links)) problems.push(`link to ${JSON.stringify(destination)}`);
  for (const m of withoutDestinations(visible).matchAll(/https?:\/\/[^\s)]*/g)) problems.push(`bare URL ${JSON.stringify(m[0])}`);
  // Tables: every row has the header's cell count.
  for (const table of tables(markdown)) {
    const width = cells(table[0]!).length;
    for (const row of table) if (cells(row).length !== width) problems.push(`row with ${cells(row).length} cells, header has ${width}: ${row}`);
  }
  return problems;
}

/**
 * GitHub's extended autolinks: `www.` after whitespace or `*`, `_`, `~`, `(` (cmark-gfm) becomes a
 * link even without a scheme.
 */
export function wwwAutolinks(markdown: string): string[] {
  return [...withoutEntities(outsideFences(markdown)).matchAll(/(^|[\s*_~(])www\.[^\s<]*/g)].map((m) => m[0].trim());
}

/** Link destinations of the comment, as CommonMark reads them. */
export function fileLinks(markdown: string): string[] {
  return linkDestinations(outsideFences(markdown)).map((d) => d.destination);
}

/**
 * The comment checks on a command's answer (a reply has no marker of its own). Backtick spans and the
 * bold verdicts are the renderer's own (untrusted text never keeps a backtick or a `*`: they are escaped).
 */
const OWN_BOLD = /\*\*(At head:|At base \(before this pull request\):|allowed|denied)\*\*/g;
export const answerSafetyProblems = (answer: string): string[] => safetyProblems(`${COMMENT_MARKER}\n${answer.replace(/`[^`\n]*`/g, 'CODE').replace(OWN_BOLD, 'BOLD')}`);

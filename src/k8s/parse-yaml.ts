import {
  COLLECTION_STYLE,
  EVENT_ID,
  YAMLException,
  constructFromEvents,
  getScalarValue,
  parseEvents,
  type Event,
} from 'js-yaml';
import { KUBECTL_SCHEMA } from './kubectl-schema.js';
import type { Diagnostic, SourceFile } from './types.js';

/** Bounds that keep hostile input (alias bombs, deep nesting, huge files, huge trees) within bounded time and memory. */
export interface ParseLimits {
  /** Larger files are skipped with an error. */
  maxFileBytes: number;
  /** Files of one tree (its context included); files past it, in path order, are skipped with an error each. */
  maxFiles: number;
  /** Bytes of one tree's files together; from the file that would pass it on, in path order, files are skipped. */
  maxTotalBytes: number;
  /** YAML documents of one file; documents past it are skipped with an error. */
  maxDocumentsPerFile: number;
  /** Nesting of collections. */
  maxDepth: number;
  maxAliasesPerDocument: number;
  /** Nodes a document may expand to once aliases are followed. */
  maxExpandedNodes: number;
}

/** The default bounds (the settings' `limits` may change them). */
export const PARSE_LIMITS: ParseLimits = {
  maxFileBytes: 32 * 1024 * 1024,
  maxFiles: 20_000,
  maxTotalBytes: 256 * 1024 * 1024,
  maxDocumentsPerFile: 10_000,
  maxDepth: 64,
  maxAliasesPerDocument: 1000,
  maxExpandedNodes: 1_000_000,
};

export type PathSegment = string | number;

/** Finds the source line of a node and of its descendants by path. */
export interface Locator {
  readonly line: number;
  /** The locator of a descendant, or of the deepest existing ancestor along the path. */
  at(...path: PathSegment[]): Locator;
  /** Locators of a sequence's items. */
  items(): Locator[];
}

/** A locator that places everything at one line (a rendered document whose source has no finer map). */
export class FixedLocator implements Locator {
  constructor(readonly line: number) {}

  at(): Locator {
    return this;
  }

  items(): Locator[] {
    return [];
  }
}

/**
 * Finds the source line of any node of one parsed YAML node by path, on demand, by walking the
 * parser's events (no second tree is built for positions).
 */
export class NodeLocator implements Locator {
  constructor(
    private readonly file: ParsedFile,
    /** Index of the node's first event. */
    private readonly index: number,
  ) {}

  get line(): number {
    return this.file.lineOf(this.file.startOffset(this.index));
  }

  /** The locator of a descendant, or of the deepest existing ancestor along the path. */
  at(...path: PathSegment[]): NodeLocator {
    let index = this.index;
    for (const segment of path) {
      const child = this.file.childIndex(index, segment);
      if (child < 0) break;
      index = child;
    }
    return index === this.index ? this : new NodeLocator(this.file, index);
  }

  /** Locators of a sequence's items, found in one walk. */
  items(): NodeLocator[] {
    return this.file.childIndexes(this.index).map((i) => new NodeLocator(this.file, i));
  }
}

export interface ParsedDocument {
  value: unknown;
  locator: NodeLocator;
}

class ParsedFile {
  private lineStarts: number[] | undefined;

  constructor(
    readonly text: string,
    readonly events: Event[],
    /** Lines before `text` in its file. */
    private readonly lineOffset = 0,
  ) {}

  lineOf(offset: number): number {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1 + this.lineOffset;
  }

  startOffset(index: number): number {
    const event = this.events[index]!;
    switch (event.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        return Math.max(firstNonNegative(event.anchorStart, event.tagStart, event.start), 0);
      case EVENT_ID.SCALAR: {
        const at = firstNonNegative(event.anchorStart, event.tagStart, event.valueStart);
        if (at >= 0) return at;
        // An empty scalar (a bare `-` item) has no offset of its own: use the nearest node before it.
        for (let j = index - 1; j >= 0; j--) {
          const type = this.events[j]!.type;
          if (type === EVENT_ID.SCALAR || type === EVENT_ID.MAPPING || type === EVENT_ID.SEQUENCE) return this.startOffset(j);
        }
        return 0;
      }
      case EVENT_ID.ALIAS:
        return Math.max(0, event.anchorStart - 1);
      case EVENT_ID.DOCUMENT:
        return index + 1 < this.events.length ? this.startOffset(index + 1) : 0;
      default:
        return 0;
    }
  }

  /** Index just past the node starting at `index`. */
  skip(index: number): number {
    const type = this.events[index]!.type;
    if (type !== EVENT_ID.MAPPING && type !== EVENT_ID.SEQUENCE && type !== EVENT_ID.DOCUMENT) return index + 1;
    let depth = 0;
    let i = index;
    do {
      const t = this.events[i]!.type;
      if (t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE || t === EVENT_ID.DOCUMENT) depth++;
      else if (t === EVENT_ID.POP) depth--;
      i++;
    } while (depth > 0 && i < this.events.length);
    return i;
  }

  childIndex(index: number, segment: PathSegment): number {
    const event = this.events[index]!;
    if (event.type === EVENT_ID.SEQUENCE && typeof segment === 'number') {
      return this.childIndexes(index)[segment] ?? -1;
    }
    if (event.type !== EVENT_ID.MAPPING || typeof segment !== 'string') return -1;
    let i = index + 1;
    while (i < this.events.length && this.events[i]!.type !== EVENT_ID.POP) {
      const key = this.events[i]!;
      const valueIndex = this.skip(i);
      if (key.type === EVENT_ID.SCALAR && getScalarValue(this.text, key) === segment) return valueIndex;
      i = this.skip(valueIndex);
    }
    return -1;
  }

  childIndexes(index: number): number[] {
    if (this.events[index]!.type !== EVENT_ID.SEQUENCE) return [];
    const children: number[] = [];
    let i = index + 1;
    while (i < this.events.length && this.events[i]!.type !== EVENT_ID.POP) {
      children.push(i);
      i = this.skip(i);
    }
    return children;
  }
}

function firstNonNegative(...offsets: number[]): number {
  for (const o of offsets) if (o >= 0) return o;
  return -1;
}

/** Counts the nodes a value expands to when shared (aliased) subtrees are followed, up to `limit`. */
function expandedSize(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const v = stack.pop();
    count++;
    if (Array.isArray(v)) for (const item of v) stack.push(item);
    else if (v !== null && typeof v === 'object') for (const item of Object.values(v)) stack.push(item);
  }
  return count;
}

/**
 * The 0-based line of an error's mark, counting only `\n` as the rest of the loader does (js-yaml also
 * breaks lines at a lone `\r`, which would place the error past the file's last line).
 */
function markLine(mark: { buffer: string; position: number }): number {
  const before = mark.buffer.slice(0, mark.position);
  let line = 0;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return line;
}

function errorLine(error: unknown, fallback: number, lineOffset = 0): { line: number; message: string } {
  if (error instanceof YAMLException) {
    return { line: error.mark ? markLine(error.mark) + 1 + lineOffset : fallback, message: error.reason };
  }
  return { line: fallback, message: error instanceof Error ? error.message : String(error) };
}

const TEMPLATE_MESSAGE = 'document skipped: it looks like a Helm or Go template, render it first (helm template) and commit or pass the output';
const DOCUMENT_MARKER = /^(---|\.\.\.)(?=\s|$)/;



function utf8Length(text: string, maxBytes: number): number {
  if (text.length > maxBytes || text.length * 3 <= maxBytes) return text.length;
  return utf8Bytes(text);
}

/** The exact size of a text in UTF-8. */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Parses one file as kubectl would (YAML 1.1 scalars, JSON as a subset). One broken document does not
 * hide the others: when the file as a whole fails, each document (split at `---` lines) is parsed on
 * its own. Returns the documents and diagnostics for what was refused.
 */
export function parseManifestFile(file: SourceFile, limits: Readonly<ParseLimits> = PARSE_LIMITS): { documents: ParsedDocument[]; diagnostics: Diagnostic[] } {
  const bytes = utf8Length(file.text, limits.maxFileBytes);
  if (bytes > limits.maxFileBytes) {
    return {
      documents: [],
      diagnostics: [{ file: file.path, line: 1, severity: 'error', message: `file skipped: ${bytes} bytes exceeds the limit of ${limits.maxFileBytes}` }],
    };
  }
  return boundDocuments(file.path, parseDocuments(file, limits), limits.maxDocumentsPerFile);
}

/** Keeps the first `max` documents of a file; the first one left out carries an error saying how many were. */
function boundDocuments(path: string, parsed: { documents: ParsedDocument[]; diagnostics: Diagnostic[] }, max: number): { documents: ParsedDocument[]; diagnostics: Diagnostic[] } {
  if (parsed.documents.length <= max) return parsed;
  const left = parsed.documents.length - max;
  const diagnostic: Diagnostic = {
    file: path,
    line: parsed.documents[max]!.locator.line,
    severity: 'error',
    message: `${left} document${left === 1 ? '' : 's'} skipped from here on: the file has ${parsed.documents.length} documents, more than limits.maxDocumentsPerFile (${max})`,
  };
  return { documents: parsed.documents.slice(0, max), diagnostics: [...parsed.diagnostics, diagnostic] };
}

function parseDocuments(file: SourceFile, limits: Readonly<ParseLimits>): { documents: ParsedDocument[]; diagnostics: Diagnostic[] } {
  const whole = parseText(file.text, file.path, 0, limits);
  if (!('error' in whole)) return whole;
  const out = { documents: [] as ParsedDocument[], diagnostics: [] as Diagnostic[] };
  const lines = file.text.split('\n');
  let chunkStart = 0;
  const flush = (end: number) => {
    const text = lines.slice(chunkStart, end).join('\n');
    // Only YAML's own white space makes a piece empty: a vertical tab or a form feed is an error to report.
    if (!/^[ \t\r\n]*$/.test(text)) {
      const result = parseText(text, file.path, chunkStart, limits);
      if (!('error' in result)) {
        out.documents.push(...result.documents);
        out.diagnostics.push(...result.diagnostics);
      } else if (text.includes('{{')) {
        const line = chunkStart + text.slice(0, text.indexOf('{{')).split('\n').length;
        out.diagnostics.push({ file: file.path, line, severity: 'error', message: TEMPLATE_MESSAGE });
      } else {
        const { line, message } = errorLine(result.error, chunkStart + 1, chunkStart);
        out.diagnostics.push({ file: file.path, line, severity: 'error', message: `document skipped: not valid YAML: ${message}` });
      }
    }
    chunkStart = end;
  };
  lines.forEach((line, i) => {
    if (i > chunkStart && DOCUMENT_MARKER.test(line)) flush(i);
  });
  flush(lines.length);
  return out;
}

/** How many under-indented continuation lines one text may have re-indented, and the text re-parsed for. */
const MAX_CONTINUATION_FIXES = 200;
/** Bound on the characters re-parsed for those fixes, so that a large hostile file stays fast. */
const MAX_REPARSED_CHARACTERS = 16 * 1024 * 1024;

/**
 * The parser's events for a text, read as go-yaml v2 reads it: js-yaml refuses a continuation line
 * of a quoted scalar or flow collection that is less indented than the node ("deficient
 * indentation"), go-yaml puts no bound on it (only `---`/`...` at column 0 end it). Such a line is
 * indented (to the length of the previous non-blank line, never less than the node needs) and the
 * text parsed again; leading white space of those lines is not part of any value, so values are
 * unchanged and lines keep their numbers. When that does not help, the first error stands.
 */
function readEvents(text: string, path: string, maxDepth: number): { events: Event[]; text: string } | { error: unknown } {
  let source = text;
  let firstError: unknown;
  for (let fixes = 0; ; fixes++) {
    try {
      return { events: parseEvents(source, { filename: path, maxDepth }), text: source };
    } catch (error) {
      firstError ??= error;
      const fixed = fixes < MAX_CONTINUATION_FIXES && (fixes + 1) * source.length <= MAX_REPARSED_CHARACTERS ? indentContinuation(source, error) : undefined;
      if (fixed === undefined) return { error: firstError };
      source = fixed;
    }
  }
}

/** The text with the flow continuation line a "deficient indentation" error points at indented, or undefined. */
function indentContinuation(text: string, error: unknown): string | undefined {
  if (!(error instanceof YAMLException) || error.reason !== 'deficient indentation' || !error.mark) return undefined;
  const lines = text.split('\n');
  const at = markLine(error.mark);
  const line = lines[at];
  if (line === undefined || DOCUMENT_MARKER.test(line)) return undefined;
  let previous = at - 1;
  while (previous >= 0 && lines[previous]!.trim() === '') previous--;
  if (previous < 0) return undefined;
  const width = lines[previous]!.trimEnd().length;
  const indent = line.length - line.trimStart().length;
  if (width <= indent) return undefined;
  lines[at] = ' '.repeat(width - indent) + line.trimStart();
  return lines.join('\n');
}

/** Parses a text (a file, or one document of it starting after `lineOffset` lines). */
function parseText(
  text: string,
  path: string,
  lineOffset: number,
  limits: Readonly<ParseLimits>,
): { documents: ParsedDocument[]; diagnostics: Diagnostic[] } | { error: unknown } {
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedDocument[] = [];
  const read = readEvents(text, path, limits.maxDepth);
  if ('error' in read) return read;
  const { events } = read;
  const parsed = new ParsedFile(read.text, events, lineOffset);
  const file = { path, text: read.text };
  const ranges: { start: number; end: number; hasAlias: boolean; template: number }[] = [];
  for (let start = 0; start < events.length; ) {
    const end = parsed.skip(start);
    let hasAlias = false;
    // An unquoted `{{ .Values.x }}` parses as a flow mapping whose key is a flow mapping.
    let template = -1;
    for (let i = start; i < end; i++) {
      const event = events[i]!;
      if (event.type === EVENT_ID.ALIAS) hasAlias = true;
      else if (template < 0 && event.type === EVENT_ID.MAPPING && event.style === COLLECTION_STYLE.FLOW && text.startsWith('{{', event.start)) template = i;
    }
    ranges.push({ start, end, hasAlias, template });
    start = end;
  }
  const construct = (from: number, to: number) =>
    constructFromEvents(from === 0 && to === events.length ? events : events.slice(from, to), {
      source: file.text,
      filename: file.path,
      schema: KUBECTL_SCHEMA,
      maxAliases: limits.maxAliasesPerDocument,
    });
  // One call for the whole file is fastest; when it fails, construct document by document so that
  // one broken document does not hide the others.
  let values: unknown[] | undefined;
  try {
    values = construct(0, events.length);
    if (values.length !== ranges.length) values = undefined;
  } catch {
    values = undefined;
  }
  ranges.forEach((range, i) => {
    const locator = new NodeLocator(parsed, range.start + 1);
    if (range.template >= 0) {
      diagnostics.push({ file: path, line: parsed.lineOf(parsed.startOffset(range.template)), severity: 'error', message: TEMPLATE_MESSAGE });
      return;
    }
    let value: unknown;
    if (values) value = values[i];
    else {
      try {
        [value] = construct(range.start, range.end);
      } catch (error) {
        const { line, message } = errorLine(error, locator.line, lineOffset);
        diagnostics.push({ file: file.path, line: Math.max(line, locator.line), severity: 'error', message: `document skipped: ${message}` });
        return;
      }
    }
    if (range.hasAlias && expandedSize(value, limits.maxExpandedNodes) > limits.maxExpandedNodes) {
      diagnostics.push({
        file: file.path,
        line: locator.line,
        severity: 'error',
        message: `document skipped: its aliases expand to more than ${limits.maxExpandedNodes} nodes`,
      });
    } else if (value !== null && value !== undefined) {
      documents.push({ value, locator });
    }
  });
  return { documents, diagnostics };
}

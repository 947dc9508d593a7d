import type { Locator, PathSegment } from './parse-yaml.js';
import type { Diagnostic, Severity } from './types.js';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** What an error means for a Kubernetes object: the API server would refuse it. */
export const INVALID_OBJECT = 'is invalid and left out of the analysis';

/** Collects what is wrong with one object, each problem placed at the line of the field it concerns. */
export class Problems {
  readonly diagnostics: Diagnostic[] = [];
  private errors = 0;

  constructor(
    private readonly file: string,
    private readonly locator: Locator,
    /** e.g. `NetworkPolicy team-b/allow-db`, prefixed to every message. */
    private readonly subject: string,
    /** What an error means for the object, after the subject. */
    private readonly verdict = ` ${INVALID_OBJECT}`,
    /** What an unknown field means. */
    private readonly unknownFieldNote = 'is ignored (kubectl --validate=strict rejects it)',
  ) {}

  get hasErrors(): boolean {
    return this.errors > 0;
  }

  error(path: PathSegment[], message: string): void {
    this.errors++;
    this.add('error', path, message, this.verdict);
  }

  warning(path: PathSegment[], message: string): void {
    this.add('warning', path, message);
  }

  /** Unknown fields are ignored by the API server's default field validation; `kubectl --validate=strict` rejects them. */
  unknownFields(value: Record<string, unknown>, known: readonly string[], path: PathSegment[]): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        this.warning([...path, key], `unknown field ${JSON.stringify(key)} ${this.unknownFieldNote}`);
      }
    }
  }

  private add(severity: Severity, path: PathSegment[], message: string, verdict = ''): void {
    const where = path.length > 0 ? `: ${formatPath(path)}` : '';
    this.diagnostics.push({
      file: this.file,
      line: this.locator.at(...path).line,
      severity,
      message: `${this.subject}${verdict}${where}: ${message}`,
    });
  }
}

export function formatPath(path: PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

import { type GitHubClient, type Repository, rest } from './client.js';
import type { Annotation } from './review-pull-request.js';
import type { ReviewRun } from './run-pull-request-review.js';

/** The name of our check run on a pull request's head. */
export const CHECK_NAME = 'netpol-review';
/** GitHub takes at most this many annotations per check run request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Check run `output.summary` and `output.text` hold at most this many characters. */
export const MAX_CHECK_OUTPUT_CHARACTERS = 65_535;
/** Room kept in the summary for the notes above the report. */
export const CHECK_NOTES_CHARACTERS = 4_096;

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'skipped';

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

/** What a completed check run says. */
export interface CheckResult {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}

const LEVELS = { error: 'failure', warning: 'warning', notice: 'notice' } as const;

const checkAnnotation = (a: Annotation): CheckAnnotation => ({ path: a.path, start_line: a.line, end_line: a.line, annotation_level: LEVELS[a.level], title: a.title, message: a.message });

/** The notes, one quoted paragraph each, within the room kept for them. */
function notesText(notes: readonly string[]): string {
  const text = notes.map((n) => `> ${n.replace(/\n/g, '\n> ')}\n\n`).join('');
  return text.length <= CHECK_NOTES_CHARACTERS ? text : `${text.slice(0, CHECK_NOTES_CHARACTERS - 2)}…\n\n`;
}

/**
 * The check run a review comes to: `failure` when the gate says fail, `neutral` when the review is
 * incomplete or found only diagnostics, `skipped` when there was nothing to review, else `success`;
 * the full report as the summary under the notes (config problems, what became of the comment).
 */
export function checkResultOf(run: ReviewRun, notes: readonly string[]): CheckResult {
  if (run.kind === 'skipped') return { conclusion: 'skipped', title: 'Nothing to review', summary: `${notesText(notes)}netpol-review: ${run.reason}; nothing to review.`, annotations: [] };
  const { outcome } = run;
  const conclusion: CheckConclusion = outcome.gate.fail ? 'failure' : outcome.incomplete || (!outcome.changed && outcome.diagnostics > 0) ? 'neutral' : 'success';
  const { opened, closed } = outcome.counts;
  const title = `${outcome.risk === 'none' ? 'No risk' : `${outcome.risk[0]!.toUpperCase()}${outcome.risk.slice(1)} risk`}: ${opened} path${opened === 1 ? '' : 's'} opened, ${closed} closed${outcome.incomplete ? ' (incomplete)' : ''}`;
  const gateNotes = outcome.gate.fail ? [`Failing the check: ${outcome.gate.reasons.join('; ')}.`] : [];
  return { conclusion, title, summary: `${notesText([...notes, ...gateNotes])}${outcome.report}`, annotations: outcome.annotations.map(checkAnnotation) };
}

/** The result of a review that could not run (an API call failed): the check fails and says why. */
export function checkFailureOf(message: string): CheckResult {
  return { conclusion: 'failure', title: 'The review could not run', summary: `netpol-review could not review this pull request: ${message}. Re-run the check to try again.`, annotations: [] };
}

/** Creates the check run on `headSha`, in progress; returns its id. */
export async function startCheckRun(client: GitHubClient, repository: Repository, headSha: string): Promise<number> {
  const { data } = await rest(client, 'POST /repos/{owner}/{repo}/check-runs', { ...repository, name: CHECK_NAME, head_sha: headSha, status: 'in_progress' });
  return (data as { id: number }).id;
}

/**
 * Completes the check run. Annotations go 50 per request: every batch but the last in an update of
 * the output, the last with the conclusion.
 */
export async function completeCheckRun(client: GitHubClient, repository: Repository, id: number, result: CheckResult): Promise<void> {
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < result.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(result.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const summary = result.summary.length <= MAX_CHECK_OUTPUT_CHARACTERS ? result.summary : `${result.summary.slice(0, MAX_CHECK_OUTPUT_CHARACTERS - 1)}…`;
  const output = (annotations: CheckAnnotation[]) => ({ title: result.title, summary, ...(annotations.length > 0 ? { annotations } : {}) });
  const route = 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}';
  for (const batch of batches.slice(0, -1)) await rest(client, route, { ...repository, check_run_id: id, output: output(batch) });
  await rest(client, route, { ...repository, check_run_id: id, status: 'completed', conclusion: result.conclusion, output: output(batches.at(-1) ?? []) });
}

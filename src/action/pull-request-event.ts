import * as core from '@actions/core';
import { type CommentOutcome, type GitHubClient, type PullRequestTarget, commentNoteOf, createActionOctokit, runPullRequestReview } from '../github/index.js';
import { annotate } from './annotate.js';
import type { ActionEvent } from './action-event.js';
import { type ActionInputs, readInputs } from './inputs.js';
import { SUMMARY_BYTES, SUMMARY_NOTES_BYTES, setOutputs, writeReportFiles, writeSummary } from './report-outputs.js';

interface PullRequestPayload {
  action?: string;
  number?: number;
  pull_request?: { number: number; changed_files?: number; draft?: boolean; base: { sha: string }; head: { sha: string } };
}

/** Logs what became of the comment; returns its URL and a note for the summary when there is something to say. */
function commentNote(comment: CommentOutcome): { note?: string; url: string } {
  const note = commentNoteOf(comment);
  switch (comment.kind) {
    case 'posted':
      core.info(`${comment.created ? 'created' : 'updated'} the review comment ${comment.url}${comment.minimized > 0 ? ` and minimized ${comment.minimized} older duplicate(s)` : ''}`);
      return { url: comment.url };
    case 'current':
      core.info(`the review comment ${comment.url} is already current`);
      return { url: comment.url };
    case 'not-needed':
      core.info(`no comment posted: ${comment.reason}`);
      return { url: '' };
    case 'head-moved':
      core.info(`the pull request's head moved on to ${comment.headSha.slice(0, 12)} while this ran: not posting an older result over a newer one`);
      return { note: note!, url: '' };
    case 'read-only':
      core.info(comment.message);
      return { note: note!, url: '' };
    case 'failed':
      core.warning(`the review is complete but the comment failed: ${comment.message}`);
      return { note: note!, url: '' };
  }
}

/** `pull_request` and `pull_request_target`: review the pull request, comment, summarise, annotate and gate. */
export async function reviewPullRequestEvent(event: ActionEvent): Promise<void> {
  const payload = event.payload as PullRequestPayload;
  const pr = payload.pull_request;
  if (!pr) {
    core.setFailed(`the ${event.name} event payload has no pull_request`);
    return;
  }
  if (payload.action === 'closed') {
    core.info(`pull request #${pr.number} was closed: nothing to review`);
    return;
  }
  const inputs = readInputs();
  await reviewAndReport(actionClient(inputs), inputs, event.repository, {
    number: pr.number,
    baseSha: pr.base.sha,
    headSha: pr.head.sha,
    draft: pr.draft === true,
    ...(pr.changed_files !== undefined ? { changedFiles: pr.changed_files } : {}),
  });
}

/** The step's client: the token of the inputs, the runner's API and GraphQL endpoints. */
export function actionClient(inputs: ActionInputs): GitHubClient {
  return createActionOctokit({
    token: inputs.token,
    log: ACTION_LOG,
    ...(process.env['GITHUB_API_URL'] ? { apiUrl: process.env['GITHUB_API_URL'] } : {}),
    ...(process.env['GITHUB_GRAPHQL_URL'] ? { graphqlUrl: process.env['GITHUB_GRAPHQL_URL'] } : {}),
  });
}

export const ACTION_LOG = { info: core.info, warning: core.warning };
export const serverUrl = () => process.env['GITHUB_SERVER_URL'] || 'https://github.com';

/** Reviews a pull request of `repository` (OWNER/REPO), comments, summarises, annotates and gates. */
export async function reviewAndReport(client: GitHubClient, inputs: ActionInputs, repository: string, pr: Omit<PullRequestTarget, 'repository'>): Promise<void> {
  const [owner, repo] = repository.split('/') as [string, string];
  const server = serverUrl();
  const runId = process.env['GITHUB_RUN_ID'];
  const run = await runPullRequestReview(
    client,
    { repository: { owner, repo }, ...pr },
    {
      configFile: inputs.configFile,
      overrides: inputs.overrides,
      fullReport: runId ? `the job summary of ${server}/${repository}/actions/runs/${runId}` : 'the job summary of this workflow run',
      serverUrl: server,
      report: { bytes: SUMMARY_BYTES - SUMMARY_NOTES_BYTES, elsewhere: 'the JSON file of the report output' },
      log: ACTION_LOG,
    },
  );
  if (run.kind === 'skipped') {
    setOutputs({ opened: 0, closed: 0, risk: 'none', exposures: 0, commentUrl: '', report: '', markdown: '' });
    await writeSummary([`netpol-review: ${run.reason}; nothing to review.`], undefined);
    return;
  }
  const { outcome } = run;
  const { note, url } = commentNote(run.comment);
  const files = await writeReportFiles(outcome);
  setOutputs({ ...outcome.counts, risk: outcome.risk, commentUrl: url, ...files });
  const leftOut = annotate(outcome.annotations);
  if (leftOut) core.info(leftOut);
  const notes = [note, leftOut, outcome.gate.fail ? `Failing the check: ${outcome.gate.reasons.join('; ')}.` : undefined].filter((n): n is string => n !== undefined);
  await writeSummary(notes, outcome.report, leftOut ? outcome.annotations : undefined);
  if (outcome.gate.fail) core.setFailed(`netpol-review: ${outcome.gate.reasons.join('; ')}`);
}

import * as core from '@actions/core';
import { type CommentOutcome, commentNoteOf, createActionOctokit, runPullRequestReview } from '../github/index.js';
import { annotate } from './annotate.js';
import type { ActionEvent } from './action-event.js';
import { readInputs } from './inputs.js';
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
  const [owner, repo] = event.repository.split('/') as [string, string];
  const log = { info: core.info, warning: core.warning };
  const client = createActionOctokit({
    token: inputs.token,
    log,
    ...(process.env['GITHUB_API_URL'] ? { apiUrl: process.env['GITHUB_API_URL'] } : {}),
    ...(process.env['GITHUB_GRAPHQL_URL'] ? { graphqlUrl: process.env['GITHUB_GRAPHQL_URL'] } : {}),
  });
  const serverUrl = process.env['GITHUB_SERVER_URL'] || 'https://github.com';
  const runId = process.env['GITHUB_RUN_ID'];
  const run = await runPullRequestReview(
    client,
    {
      repository: { owner, repo },
      number: pr.number,
      baseSha: pr.base.sha,
      headSha: pr.head.sha,
      draft: pr.draft === true,
      ...(pr.changed_files !== undefined ? { changedFiles: pr.changed_files } : {}),
    },
    {
      configFile: inputs.configFile,
      overrides: inputs.overrides,
      fullReport: runId ? `the job summary of ${serverUrl}/${event.repository}/actions/runs/${runId}` : 'the job summary of this workflow run',
      serverUrl,
      report: { bytes: SUMMARY_BYTES - SUMMARY_NOTES_BYTES, elsewhere: 'the JSON file of the report output' },
      log,
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

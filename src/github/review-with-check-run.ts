import { type CheckResult, CHECK_NOTES_CHARACTERS, MAX_CHECK_OUTPUT_CHARACTERS, checkFailureOf, checkResultOf, completeCheckRun, startCheckRun } from './check-run.js';
import { GitHubApiError, type GitHubClient } from './client.js';
import { type PullRequestTarget, type ReviewRun, type ReviewRunOptions, commentNoteOf, runPullRequestReview } from './run-pull-request-review.js';

export type CheckedReviewOptions = Omit<ReviewRunOptions, 'report' | 'fullReport'>;

export interface CheckedReview {
  checkRunId: number;
  result: CheckResult;
  /** Absent when the review could not run (the check says why). */
  run?: ReviewRun;
}

/**
 * The App's review of a pull request: the check run `netpol-review` on the head, created in progress,
 * then the shared review (sticky comment included), then the check completed with the gate's
 * conclusion, the full report and the annotations. A failed API call fails the check with the reason
 * (and is rethrown for the log when it is not GitHub's).
 */
export async function reviewWithCheckRun(client: GitHubClient, target: PullRequestTarget, options: CheckedReviewOptions): Promise<CheckedReview> {
  const checkRunId = await startCheckRun(client, target.repository, target.headSha);
  let run: ReviewRun;
  try {
    run = await runPullRequestReview(client, target, {
      ...options,
      fullReport: 'the details of the netpol-review check',
      report: { bytes: MAX_CHECK_OUTPUT_CHARACTERS - CHECK_NOTES_CHARACTERS },
    });
  } catch (error) {
    const result = checkFailureOf(error instanceof GitHubApiError ? error.message : 'an unexpected error (the App log has it)');
    await completeCheckRun(client, target.repository, checkRunId, result);
    if (!(error instanceof GitHubApiError)) throw error;
    options.log.warning(`the review of #${target.number} failed: ${error.message}`);
    return { checkRunId, result };
  }
  const notes = [run.configNote, commentNoteOf(run.comment)].filter((n): n is string => n !== undefined);
  const result = checkResultOf(run, notes);
  await completeCheckRun(client, target.repository, checkRunId, result);
  return { checkRunId, result, run };
}

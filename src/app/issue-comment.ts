import type { Context } from 'probot';
import { answerSlashCommand, commentEventOf } from '../github/index.js';
import { type AppReviews, CONFIG_FILE, logOf, serverUrlOf } from './app-reviews.js';

/** `issue_comment`: a `/netpol` command answered in the background; `recheck` goes through the review queue. */
export const onIssueComment =
  (reviews: AppReviews) =>
  async (context: Context<'issue_comment'>): Promise<void> => {
    const event = commentEventOf(context.payload);
    if (!event || !reviews.firstDelivery(context.id)) return;
    const log = logOf(context.log);
    const serverUrl = serverUrlOf(context.payload.repository);
    const answer = answerSlashCommand(context.octokit, event, {
      configFile: CONFIG_FILE,
      overrides: {},
      log,
      serverUrl,
      recheck: (pr) => reviews.review(context.octokit, event.repository, pr.number, log, serverUrl),
    });
    reviews.background(
      `the comment ${event.comment.id} on #${event.number}`,
      answer.then((outcome) => log.info(`comment ${event.comment.id} on #${event.number}: ${outcome.kind === 'ignored' ? `ignored (${outcome.reason})` : outcome.kind}`)),
    );
  };

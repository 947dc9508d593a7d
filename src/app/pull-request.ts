import type { Context } from 'probot';
import { type AppReviews, logOf, serverUrlOf } from './app-reviews.js';

/** The pull request actions that get a review. */
export const PULL_REQUEST_ACTIONS = ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'] as const;

/** `pull_request`: acknowledged at once, the review queued (bots' pull requests are reviewed too). */
export const onPullRequest =
  (reviews: AppReviews) =>
  async (context: Context<'pull_request'>): Promise<void> => {
    if (!reviews.firstDelivery(context.id)) return;
    const { repository, pull_request: pr } = context.payload;
    const repo = { owner: repository.owner.login, repo: repository.name };
    reviews.background(`the review of ${repository.full_name}#${pr.number}`, reviews.review(context.octokit, repo, pr.number, logOf(context.log), serverUrlOf(repository)));
  };

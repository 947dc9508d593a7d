import type { Context } from 'probot';
import { CHECK_NAME } from '../github/index.js';
import { type AppReviews, logOf, serverUrlOf } from './app-reviews.js';

/** `check_run.rerequested` of our check: the review of its pull requests again. */
export const onCheckRunRerequested =
  (reviews: AppReviews) =>
  async (context: Context<'check_run.rerequested'>): Promise<void> => {
    const { check_run: check, repository } = context.payload;
    if (check.name !== CHECK_NAME || !reviews.firstDelivery(context.id)) return;
    const repo = { owner: repository.owner.login, repo: repository.name };
    const pulls = check.pull_requests.filter((p) => p.base.repo.id === repository.id);
    if (pulls.length === 0) context.log.info(`check run ${check.id} names no pull request of ${repository.full_name}: nothing to re-run`);
    for (const pr of pulls) reviews.background(`the review of ${repository.full_name}#${pr.number}`, reviews.review(context.octokit, repo, pr.number, logOf(context.log), serverUrlOf(repository)));
  };

import type { ApplicationFunction } from 'probot';
import { AppReviews } from './app-reviews.js';
import { onCheckRunRerequested } from './check-run.js';
import { onIssueComment } from './issue-comment.js';
import { PULL_REQUEST_ACTIONS, onPullRequest } from './pull-request.js';

export interface NetpolAppOptions {
  /** Reviews at once across all pull requests (default 4). */
  concurrency?: number;
  /** How long a first event waits for the rest of its burst (ms; default 2,000). */
  settleMs?: number;
}

export interface NetpolApp {
  app: ApplicationFunction;
  /** Resolves when every review and answer started so far has finished. */
  idle(): Promise<void>;
}

/** The Probot app: one handler per event. */
export function createNetpolApp(options: NetpolAppOptions = {}): NetpolApp {
  let reviews: AppReviews | undefined;
  return {
    app: (app) => {
      reviews = new AppReviews(app, { concurrency: options.concurrency ?? 4, settleMs: options.settleMs ?? 2_000 });
      app.on([...PULL_REQUEST_ACTIONS], onPullRequest(reviews));
      app.on('issue_comment', onIssueComment(reviews));
      app.on('check_run.rerequested', onCheckRunRerequested(reviews));
    },
    idle: () => reviews?.idle() ?? Promise.resolve(),
  };
}

import type { EventHandler } from './action-event.js';
import { answerCommentEvent } from './comment-event.js';
import { reviewPullRequestEvent } from './pull-request-event.js';

/** One handler per event the Action answers: reviews of pull requests, and the `/netpol` commands. */
export const EVENT_HANDLERS: Readonly<Record<string, EventHandler>> = {
  pull_request: reviewPullRequestEvent,
  pull_request_target: reviewPullRequestEvent,
  issue_comment: answerCommentEvent,
};

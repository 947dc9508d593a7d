import type { EventHandler } from './action-event.js';
import { reviewPullRequestEvent } from './pull-request-event.js';

/** One handler per event the Action answers (the slash commands add `issue_comment`). */
export const EVENT_HANDLERS: Readonly<Record<string, EventHandler>> = {
  pull_request: reviewPullRequestEvent,
  pull_request_target: reviewPullRequestEvent,
};

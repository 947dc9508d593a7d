import { reviewPullRequestEvent } from './pull-request-event.js';

/** The event the workflow runs for, as the runner describes it. */
export interface ActionEvent {
  name: string;
  payload: unknown;
  /** OWNER/REPO */
  repository: string;
}

export type EventHandler = (event: ActionEvent) => Promise<void>;

/** One handler per event the Action answers (the slash commands add `issue_comment`). */
export const EVENT_HANDLERS: Readonly<Record<string, EventHandler>> = {
  pull_request: reviewPullRequestEvent,
  pull_request_target: reviewPullRequestEvent,
};

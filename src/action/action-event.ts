/** The event the workflow runs for, as the runner describes it. */
export interface ActionEvent {
  name: string;
  payload: unknown;
  /** OWNER/REPO */
  repository: string;
}

/** Answers one kind of event. */
export type EventHandler = (event: ActionEvent) => Promise<void>;

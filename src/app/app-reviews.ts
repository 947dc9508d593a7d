import type { Probot } from 'probot';
import { type GitHubClient, type Log, type Repository, getPullRequest, reviewWithCheckRun } from '../github/index.js';
import { ReviewQueue, type ReviewQueueOptions } from './review-queue.js';

/** Where the App reads its config: at the pull request's base commit, as the Action does. */
export const CONFIG_FILE = '.github/netpol-review.yml';
/** Delivery ids remembered, to drop a repeated delivery. */
const DELIVERIES_KEPT = 1_000;

/** Probot's logger as the plumbing's `Log`. */
export const logOf = (log: { info(message: string): void; warn(message: string): void }): Log => ({ info: (m) => log.info(m), warning: (m) => log.warn(m) });

/** The web server of a payload's repository (github.com or a GitHub Enterprise Server). */
export const serverUrlOf = (repository: { html_url: string }): string => new URL(repository.html_url).origin;

/**
 * What the App's handlers share: the review queue, the deliveries seen, the App's own login, and
 * work run in the background after the webhook is acknowledged.
 */
export class AppReviews {
  private readonly queue: ReviewQueue;
  private readonly deliveries = new Set<string>();
  private login: Promise<string | undefined> | undefined;
  private readonly work = new Set<Promise<unknown>>();

  constructor(
    private readonly app: Probot,
    queue: ReviewQueueOptions,
  ) {
    this.queue = new ReviewQueue(queue);
  }

  /** False for a delivery (`X-GitHub-Delivery`) already handled. */
  firstDelivery(id: string): boolean {
    if (this.deliveries.has(id)) {
      this.app.log.info(`delivery ${id} was handled already: ignored`);
      return false;
    }
    this.deliveries.add(id);
    if (this.deliveries.size > DELIVERIES_KEPT) this.deliveries.delete(this.deliveries.values().next().value!);
    return true;
  }

  /** The App's login as REST shows it (`slug[bot]`), from `GET /app`; undefined when that fails. */
  ownLogin(): Promise<string | undefined> {
    this.login ??= this.app
      .auth()
      .then((octokit) => octokit.request('GET /app'))
      .then(({ data }) => `${(data as { slug: string }).slug}[bot]`)
      .catch((error: unknown) => {
        this.app.log.warn(`GET /app failed (${(error as Error).message}): the review comment is looked for among all bots' comments`);
        this.login = undefined;
        return undefined;
      });
    return this.login;
  }

  /**
   * Reviews pull request `number` in its lane of the queue: reads it as it is when the run starts
   * (so a burst, a redelivery or an old event all review the newest head), then the checked review.
   */
  review(client: GitHubClient, repository: Repository, number: number, log: Log, serverUrl: string): Promise<void> {
    return this.queue.request(`${repository.owner}/${repository.repo}#${number}`, async () => {
      const pr = await getPullRequest(client, repository, number);
      if (pr.state !== 'open') {
        log.info(`#${number} is ${pr.state}: nothing to review`);
        return;
      }
      const ownLogin = await this.ownLogin();
      await reviewWithCheckRun(
        client,
        { repository, number, baseSha: pr.baseSha, headSha: pr.headSha, draft: pr.draft, ...(pr.changedFiles !== undefined ? { changedFiles: pr.changedFiles } : {}) },
        { configFile: CONFIG_FILE, overrides: {}, log, serverUrl, ...(ownLogin ? { ownLogin } : {}) },
      );
    });
  }

  /** Runs work after the webhook is answered; a failure is logged, never thrown at Probot. */
  background(what: string, work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.app.log.error({ err: error }, `${what} failed`)).finally(() => this.work.delete(tracked));
    this.work.add(tracked);
  }

  /** Resolves when no work runs in the background (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.all([...this.work]);
    await this.queue.idle();
  }
}

import { BlobReader } from './blobs.js';
import { GitHubApiError, type GitHubClient, type Log, type Repository } from './client.js';
import type { TreeFile } from './git-tree.js';
import { getPullRequest, listPullRequestFiles } from './pull-request.js';
import { readFileAt } from './read-file.js';
import { listPullRequestTrees, readPullRequestTrees } from './read-pull-request-trees.js';
import { COMMENT_MARKER, type ReportLimit, type ReviewOutcome, type Settings, type SettingsOverrides, loadSettings, reviewTrees, selectPaths, settingsNote } from './review-pull-request.js';
import { type StickyComment, findStickyComments, learnOwnLogin, minimizeOutdated, stampHead, upsertStickyComment } from './sticky-comment.js';

/** The pull request to review, as the event names it. */
export interface PullRequestTarget {
  repository: Repository;
  number: number;
  baseSha: string;
  headSha: string;
  /** `changed_files` of the payload, to notice a file list GitHub capped. */
  changedFiles?: number;
  /** A draft pull request (skipped when the settings say `drafts: skip`). */
  draft?: boolean;
}

export interface ReviewRunOptions {
  /** Read from the base commit, so a pull request cannot weaken its own review. */
  configFile: string;
  overrides: SettingsOverrides;
  /** A sentence saying where the full report is (the comment's footer). */
  fullReport: string;
  /** The web server links point at (`GITHUB_SERVER_URL`; GitHub Enterprise Server). */
  serverUrl?: string;
  /** Limit of the full report (UTF-8 bytes) and where everything is when it is folded. */
  report: ReportLimit;
  log: Log;
  /** Our login as REST shows it (`name[bot]`); learned from GraphQL `viewer` when absent. */
  ownLogin?: string;
  /** Blob requests in flight at once. */
  blobConcurrency?: number;
}

/** What became of the sticky comment. */
export type CommentOutcome =
  | { kind: 'posted'; url: string; created: boolean; minimized: number }
  | { kind: 'current'; url: string }
  | { kind: 'not-needed'; reason: string }
  | { kind: 'head-moved'; headSha: string }
  | { kind: 'read-only'; message: string }
  | { kind: 'failed'; message: string };

export type ReviewRun =
  | { kind: 'skipped'; reason: string; settings: Settings; comment: CommentOutcome; configNote?: string }
  | { kind: 'reviewed'; outcome: ReviewOutcome; settings: Settings; comment: CommentOutcome; blobsFetched: number; configNote?: string };

/** A sentence on what became of the comment, when there is something to say (head moved, no permission, failure). */
export function commentNoteOf(comment: CommentOutcome): string | undefined {
  switch (comment.kind) {
    case 'head-moved':
      return `The pull request's head moved on to \`${comment.headSha.slice(0, 12)}\` while this ran, so the comment was not updated with this (older) result.`;
    case 'read-only':
      return `The review comment could not be posted: ${comment.message}. The review is below.`;
    case 'failed':
      return `The review comment could not be posted: ${comment.message}.`;
    default:
      return undefined;
  }
}

const short = (sha: string) => sha.slice(0, 12);

/** Finds our comments once per run, learning our login on the way. */
function commentFinder(client: GitHubClient, target: PullRequestTarget, options: ReviewRunOptions): () => Promise<StickyComment[]> {
  let found: Promise<StickyComment[]> | undefined;
  return () =>
    (found ??= (async () => {
      let login = options.ownLogin;
      if (login === undefined) {
        login = await learnOwnLogin(client).catch((error: unknown) => {
          options.log.warning(`${(error as Error).message}; looking for the comment among all bots' comments`);
          return undefined;
        });
      }
      return findStickyComments(client, target.repository, target.number, { marker: COMMENT_MARKER, login });
    })());
}

const sameFiles = (a: readonly TreeFile[], b: readonly TreeFile[]) => a.length === b.length && a.every((f, i) => f.path === b[i]!.path && f.sha === b[i]!.sha);

async function post(
  client: GitHubClient,
  target: PullRequestTarget,
  settings: Settings,
  body: string,
  changed: boolean,
  comments: () => Promise<StickyComment[]>,
  log: Log,
): Promise<CommentOutcome> {
  if (settings.comment.mode === 'never') return { kind: 'not-needed', reason: 'comments are off (comment: never)' };
  try {
    const now = await getPullRequest(client, target.repository, target.number);
    if (now.headSha !== target.headSha) return { kind: 'head-moved', headSha: now.headSha };
    if (now.state === 'closed') return { kind: 'not-needed', reason: 'the pull request was closed while this ran' };
    const [own, ...duplicates] = await comments();
    if (!own && settings.comment.mode === 'on-change' && !changed) return { kind: 'not-needed', reason: 'nothing changes and there is no earlier comment to update (comment: on-change)' };
    const stamped = stampHead(body, COMMENT_MARKER, target.headSha);
    if (own && own.body === stamped && duplicates.length === 0) return { kind: 'current', url: own.url };
    const written = own && own.body === stamped ? { url: own.url, created: false } : await upsertStickyComment(client, target.repository, target.number, stamped, own);
    try {
      await minimizeOutdated(client, duplicates);
    } catch (error) {
      log.warning(`${(error as Error).message}; older duplicate comments stay visible`);
    }
    return { kind: 'posted', url: written.url, created: written.created, minimized: duplicates.length };
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    if (error.isPermissionDenied) {
      return { kind: 'read-only', message: `${error.message}: the token cannot write comments here (on pull requests from forks, \`pull_request\` workflows get a read-only token; see the README for \`pull_request_target\`)` };
    }
    return { kind: 'failed', message: error.message };
  }
}

/**
 * Reviews a pull request and keeps its one sticky comment current: reads the config from the base
 * commit, skips quickly when no selected file changed, reads both trees and their blobs through the
 * API, runs the review, and posts unless the head moved on meanwhile. API failures while reading
 * throw `GitHubApiError`; failures while commenting end up in `comment`.
 */
export async function runPullRequestReview(client: GitHubClient, target: PullRequestTarget, options: ReviewRunOptions): Promise<ReviewRun> {
  try {
    return await reviewPullRequest(client, target, options);
  } catch (error) {
    if (!(error instanceof GitHubApiError) || (error.status !== 404 && error.status !== 422)) throw error;
    return whenCommitsAreGone(client, target, options, error);
  }
}

/**
 * A read that found nothing (404, or 422 "No commit found") while reviewing: the pull request may have
 * moved on (a force-pushed head, a retargeted or deleted base branch) or been closed. Then the run ends
 * as skipped, saying why; otherwise the error stands, saying which commits it was reading.
 */
async function whenCommitsAreGone(client: GitHubClient, target: PullRequestTarget, options: ReviewRunOptions, error: GitHubApiError): Promise<ReviewRun> {
  const now = await getPullRequest(client, target.repository, target.number).catch(() => {
    throw error;
  });
  const gone =
    now.headSha !== target.headSha
      ? `the head moved on to ${short(now.headSha)} (a push or a force-push) while this ran`
      : now.baseSha !== target.baseSha
        ? `the base moved on to ${short(now.baseSha)} (its branch changed, was retargeted or deleted) while this ran`
        : now.state === 'closed'
          ? 'the pull request was closed while this ran'
          : undefined;
  if (gone === undefined) {
    throw new GitHubApiError(error.call, error.status, `${error.detail ? `${error.detail}; ` : ''}reading base ${short(target.baseSha)} and head ${short(target.headSha)}, which the pull request still names`);
  }
  const reason = `${gone}: ${error.message}; nothing reviewed for head ${short(target.headSha)}`;
  options.log.warning(reason);
  const settings = loadSettings(undefined, options.configFile, options.overrides).settings;
  return { kind: 'skipped', reason, settings, comment: { kind: 'not-needed', reason } };
}

async function reviewPullRequest(client: GitHubClient, target: PullRequestTarget, options: ReviewRunOptions): Promise<ReviewRun> {
  const { log } = options;
  const configText = await readFileAt(client, target.repository, target.baseSha, options.configFile);
  const { settings, diagnostics } = loadSettings(configText, options.configFile, options.overrides);
  for (const d of diagnostics) log.warning(d.file === '' ? d.message : `${d.file}:${d.line}: ${d.message}`);
  const note = settingsNote(diagnostics);
  const configNote = note ? { configNote: note } : {};
  if (target.draft && settings.drafts === 'skip') {
    const reason = 'the pull request is a draft (drafts: skip in the config)';
    log.info(`${reason}: nothing to review until it is ready`);
    return { kind: 'skipped', reason, settings, comment: { kind: 'not-needed', reason }, ...configNote };
  }
  const select = selectPaths(settings);
  const comments = commentFinder(client, target, options);
  const listed = await listPullRequestFiles(client, target.repository, target.number, target.changedFiles);
  const touches = (path: string | undefined) => path !== undefined && (path === options.configFile || select(path) !== undefined);
  const skip = async (reason: string): Promise<ReviewRun | undefined> => {
    if (settings.comment.mode !== 'never') {
      const [own] = await comments().catch((error: unknown) => {
        if (!(error instanceof GitHubApiError)) throw error;
        log.warning(`${error.message}; an earlier comment, if any, is left as it is`);
        return [];
      });
      if (own && own.headSha !== target.headSha) {
        log.info(`${reason}, but the comment describes ${own.headSha ? short(own.headSha) : 'an unknown head'}: reviewing to bring it up to date`);
        return undefined;
      }
    }
    log.info(`${reason}: nothing to review`);
    return { kind: 'skipped', reason, settings, comment: { kind: 'not-needed', reason }, ...configNote };
  };
  if (listed.complete && !listed.files.some((f) => touches(f.path) || touches(f.previousPath))) {
    const skipped = await skip(`none of the ${listed.files.length} changed files is a selected manifest, context file or the config`);
    if (skipped) return skipped;
  }
  if (!listed.complete) log.info(`GitHub lists only the first ${listed.files.length} changed files: comparing the trees instead`);
  const shas = { base: target.baseSha, head: target.headSha };
  const inputs = await listPullRequestTrees(client, target.repository, shas, settings);
  if (!listed.complete && sameFiles(inputs.base, inputs.head)) {
    const skipped = await skip('the selected manifests are the same at base and head');
    if (skipped) return skipped;
  }
  const blobs = new BlobReader(client, target.repository, { maxBytes: settings.limits.maxFileBytes, ...(options.blobConcurrency ? { concurrency: options.blobConcurrency } : {}) });
  const trees = await readPullRequestTrees(client, target.repository, shas, inputs, settings, blobs, { base: true });
  const outcome = reviewTrees(
    trees.base!,
    trees.head,
    settings,
    {
      repository: `${target.repository.owner}/${target.repository.repo}`,
      baseSha: target.baseSha,
      headSha: target.headSha,
      fullReport: options.fullReport,
      ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    },
    diagnostics,
    options.report,
  );
  log.info(
    `reviewed ${inputs.base.length} base and ${inputs.head.length} head manifests (${inputs.context.length} context files, ${blobs.fetched} blobs fetched): risk ${outcome.risk}, ${outcome.counts.opened} opened, ${outcome.counts.closed} closed`,
  );
  const comment = await post(client, target, settings, outcome.comment, outcome.changed, comments, log);
  return { kind: 'reviewed', outcome, settings, comment, blobsFetched: blobs.fetched, ...configNote };
}

import { GitHubApiError, type GitHubClient, type Log, type Repository } from './client.js';
import { BlobReader } from './blobs.js';
import { NOT_A_PULL_REQUEST, answerQuery, needsBase, renderFailure, renderHelp, renderRefusal } from './command-answers.js';
import { type Permission, permissionOf, permits } from './permission.js';
import { type PullRequestState, getPullRequest } from './pull-request.js';
import { reactToComment, replyToIssue } from './reactions.js';
import { readFileAt } from './read-file.js';
import { listPullRequestTrees, readPullRequestTrees } from './read-pull-request-trees.js';
import { type SettingsOverrides, loadSettings } from './review-pull-request.js';
import { type QueryCommand, type SlashCommand, parseSlashCommand } from './slash-command.js';

/** An `issue_comment` event, as both doors receive it. */
export interface CommentEvent {
  action: string;
  repository: Repository;
  /** The issue or pull request commented on. */
  number: number;
  isPullRequest: boolean;
  comment: { id: number; body: string; user: { login: string; type: string } };
}

interface CommentPayload {
  action?: string;
  issue?: { number?: number; pull_request?: unknown };
  comment?: { id?: number; body?: string | null; user?: { login?: string; type?: string } | null };
  repository?: { name?: string; owner?: { login?: string } };
}

/** The event of an `issue_comment` payload; undefined when the payload lacks what a command needs. */
export function commentEventOf(payload: unknown): CommentEvent | undefined {
  const p = payload as CommentPayload;
  const owner = p.repository?.owner?.login;
  const repo = p.repository?.name;
  const number = p.issue?.number;
  const id = p.comment?.id;
  if (!owner || !repo || typeof number !== 'number' || typeof id !== 'number') return undefined;
  return {
    action: p.action ?? '',
    repository: { owner, repo },
    number,
    isPullRequest: p.issue?.pull_request !== undefined && p.issue.pull_request !== null,
    comment: { id, body: p.comment?.body ?? '', user: { login: p.comment?.user?.login ?? '', type: p.comment?.user?.type ?? '' } },
  };
}

export interface SlashCommandOptions {
  /** Read from the pull request's base commit, as the review does. */
  configFile: string;
  overrides: SettingsOverrides;
  log: Log;
  /** The web server links point at (GitHub Enterprise Server). */
  serverUrl?: string;
  blobConcurrency?: number;
  /** Runs the review again, the door's way (a check run in the App, the workflow step in the Action). */
  recheck(pullRequest: PullRequestState): Promise<void>;
}

export type CommandOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'not-a-pull-request' }
  | { kind: 'refused'; permission: Permission }
  | { kind: 'answered'; command: SlashCommand['name'] }
  | { kind: 'failed'; message: string };

const isBot = (user: { login: string; type: string }) => user.type === 'Bot' || user.login.endsWith('[bot]');

/** Reads what a query needs at the pull request's commits now and answers it. */
async function answerFromTrees(client: GitHubClient, repository: Repository, pr: PullRequestState, command: QueryCommand, options: SlashCommandOptions): Promise<string> {
  const configText = await readFileAt(client, repository, pr.baseSha, options.configFile);
  const { settings } = loadSettings(configText, options.configFile, options.overrides);
  const shas = { base: pr.baseSha, head: pr.headSha };
  const listed = await listPullRequestTrees(client, repository, shas, settings);
  const blobs = new BlobReader(client, repository, { maxBytes: settings.limits.maxFileBytes, ...(options.blobConcurrency ? { concurrency: options.blobConcurrency } : {}) });
  const trees = await readPullRequestTrees(client, repository, shas, listed, settings, blobs, { base: needsBase(command) });
  return answerQuery(command, trees, settings, { repository: `${repository.owner}/${repository.repo}`, baseSha: pr.baseSha, headSha: pr.headSha, ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}) });
}

/**
 * Answers a `/netpol` command: 👀 on receipt; on an issue a one-line answer; for someone below write
 * permission a polite refusal and nothing run; else the command (an unknown one gets the help), its
 * answer as a reply, and 🚀, or 😕 with a reply saying what went wrong. Edited comments, comments by
 * bots and comments that are no command are ignored without a call.
 */
export async function answerSlashCommand(client: GitHubClient, event: CommentEvent, options: SlashCommandOptions): Promise<CommandOutcome> {
  if (event.action !== 'created') return { kind: 'ignored', reason: `the comment was ${event.action || 'changed'}: only new comments run commands` };
  if (isBot(event.comment.user)) return { kind: 'ignored', reason: `${event.comment.user.login} is a bot: comments by bots run no commands` };
  const command = parseSlashCommand(event.comment.body);
  if (!command) return { kind: 'ignored', reason: 'the comment is no /netpol command' };
  const { repository, number } = event;
  const reply = (body: string) => replyToIssue(client, repository, number, body);
  try {
    await reactToComment(client, repository, event.comment.id, 'eyes');
    if (!event.isPullRequest) {
      await reply(NOT_A_PULL_REQUEST);
      return { kind: 'not-a-pull-request' };
    }
    const permission = await permissionOf(client, repository, event.comment.user.login);
    if (!permits(permission)) {
      options.log.info(`${event.comment.user.login} has ${permission} permission: /netpol ${command.name} refused`);
      await reply(renderRefusal(permission));
      return { kind: 'refused', permission };
    }
    switch (command.name) {
      case 'help':
        await reply(renderHelp());
        break;
      case 'unknown':
        await reply(renderHelp(command.usage ? { kind: 'usage', command: command.text, usage: command.usage } : { kind: 'unknown', command: command.text }));
        break;
      case 'recheck':
        await options.recheck(await getPullRequest(client, repository, number));
        break;
      default:
        await reply(await answerFromTrees(client, repository, await getPullRequest(client, repository, number), command, options));
    }
    await reactToComment(client, repository, event.comment.id, 'rocket');
    return { kind: 'answered', command: command.name };
  } catch (error) {
    const message = error instanceof GitHubApiError ? error.message : `an unexpected error (${error instanceof Error ? error.message : String(error)})`;
    options.log.warning(`/netpol ${command.name} on #${number} failed: ${message}`);
    try {
      await reply(renderFailure(message));
      await reactToComment(client, repository, event.comment.id, 'confused');
    } catch (again) {
      options.log.warning(`and the failure could not be reported: ${(again as Error).message}`);
    }
    return { kind: 'failed', message };
  }
}

import * as core from '@actions/core';
import { answerSlashCommand, commentEventOf } from '../github/index.js';
import type { ActionEvent } from './action-event.js';
import { readInputs } from './inputs.js';
import { ACTION_LOG, actionClient, reviewAndReport, serverUrl } from './pull-request-event.js';

/** `issue_comment`: a `/netpol` command answered with the workflow's token; `recheck` runs the review in this step. */
export async function answerCommentEvent(event: ActionEvent): Promise<void> {
  const comment = commentEventOf(event.payload);
  if (!comment) {
    core.setFailed('the issue_comment event payload has no comment, issue or repository');
    return;
  }
  const inputs = readInputs();
  const client = actionClient(inputs);
  const outcome = await answerSlashCommand(client, comment, {
    configFile: inputs.configFile,
    overrides: inputs.overrides,
    log: ACTION_LOG,
    serverUrl: serverUrl(),
    recheck: (pr) => reviewAndReport(client, inputs, event.repository, { number: pr.number, baseSha: pr.baseSha, headSha: pr.headSha, draft: pr.draft, ...(pr.changedFiles !== undefined ? { changedFiles: pr.changedFiles } : {}) }),
  });
  if (outcome.kind === 'ignored') core.info(`comment ${comment.comment.id}: ${outcome.reason}; nothing to do`);
  else if (outcome.kind === 'failed') core.setFailed(`netpol-review: the command failed: ${outcome.message}`);
  else core.info(`comment ${comment.comment.id} on #${comment.number}: ${outcome.kind}${outcome.kind === 'answered' ? ` (${outcome.command})` : ''}`);
}

import { readFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { GitHubApiError } from '../github/index.js';
import { EVENT_HANDLERS } from './events.js';
import { InputError } from './inputs.js';

/** The Action: dispatches the runner's event to its handler. Never throws; failures fail the step with one clear line. */
export async function main(): Promise<void> {
  try {
    const name = process.env['GITHUB_EVENT_NAME'] ?? '';
    const handler = EVENT_HANDLERS[name];
    if (!handler) {
      core.info(`netpol-review runs on ${Object.keys(EVENT_HANDLERS).join(', ').replace(/, ([^,]+)$/, ' and $1')} events; this is ${name ? `a ${name}` : 'no'} event, so there is nothing to do`);
      return;
    }
    const path = process.env['GITHUB_EVENT_PATH'];
    if (!path) throw new InputError('GITHUB_EVENT_PATH is not set: run netpol-review as a step of a GitHub Actions workflow');
    const repository = process.env['GITHUB_REPOSITORY'] ?? '';
    if (!/^[^/]+\/[^/]+$/.test(repository)) throw new InputError(`GITHUB_REPOSITORY must be OWNER/REPO; got ${JSON.stringify(repository)}`);
    const payload: unknown = JSON.parse(await readFile(path, 'utf8'));
    await handler({ name, payload, repository });
  } catch (error) {
    if (error instanceof GitHubApiError || error instanceof InputError) core.setFailed(`netpol-review: ${error.message}`);
    else core.setFailed(`netpol-review failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

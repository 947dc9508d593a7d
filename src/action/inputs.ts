import * as core from '@actions/core';
import { COMMENT_MODES, FAIL_ON, type SettingsOverrides } from '../github/index.js';

export interface ActionInputs {
  token: string;
  configFile: string;
  overrides: SettingsOverrides;
}

/** An input the user got wrong: the step fails with this message. */
export class InputError extends Error {}

/** Newline- or comma-separated values, blanks dropped. */
export function listInput(name: string): string[] {
  return core
    .getInput(name)
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = core.getInput(name) || fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`input ${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  return value as T;
}

function flag(name: string): boolean {
  const value = core.getInput(name) || 'false';
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new InputError(`input ${name} must be true or false; got ${JSON.stringify(value)}`);
}

/** The Action's inputs (names as in action.yml). Empty inputs leave the config file's (or the default) value. */
export function readInputs(): ActionInputs {
  const overrides: SettingsOverrides = {
    comment: { mode: choice('comment', COMMENT_MODES, 'on-change') },
    failOn: choice('fail-on', FAIL_ON, 'none'),
    failOnInvalid: flag('fail-on-invalid'),
    failOnIncomplete: flag('fail-on-incomplete'),
  };
  const paths = listInput('paths');
  if (paths.length > 0) overrides.paths = paths;
  const exclude = listInput('exclude');
  if (exclude.length > 0) overrides.exclude = exclude;
  const context = listInput('context');
  if (context.length > 0) overrides.context = context;
  const namespace = core.getInput('default-namespace');
  if (namespace) overrides.defaultNamespace = namespace;
  const podCidrs = listInput('pod-cidr');
  if (podCidrs.length > 0) {
    if (podCidrs.includes('none') && podCidrs.length > 1) throw new InputError('input pod-cidr: none cannot be combined with CIDRs');
    overrides.podCidrs = podCidrs.includes('none') ? [] : podCidrs;
  }
  const token = core.getInput('github-token');
  if (!token) throw new InputError('input github-token is empty: pass ${{ github.token }} or a token that can read the repository');
  return { token, configFile: core.getInput('config-file') || '.github/netpol-review.yml', overrides };
}

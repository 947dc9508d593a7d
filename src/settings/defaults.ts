/**
 * The settings' defaults and fixed value lists, apart from the schema (`settings.ts`): what the
 * analysis, the review and the renderers need, without loading the schema's library (zod), which
 * only reading a settings file or a door's overrides needs.
 */
import { PARSE_LIMITS } from '../k8s/parse-yaml.js';
import type { Settings } from './settings.js';

export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export const FAIL_ON = ['none', 'low', 'medium', 'high', 'any-change'] as const;
export const COMMENT_MODES = ['on-change', 'always', 'never'] as const;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  sensitive: { namespaces: [], podSelectors: [] },
  dns: { namespace: 'kube-system', podSelector: { requirements: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] } },
  internalCidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'],
  paths: ['**/*.{yaml,yml,json}'],
  exclude: [],
  context: [],
  comment: { mode: 'on-change', maxCharacters: 60_000, maxRows: 30, maxDiagramEdges: 40 },
  failOn: 'none',
  failOnInvalid: false,
  failOnIncomplete: false,
  render: { kustomize: true, timeoutSeconds: 60, maxOutputMiB: 32 },
  drafts: 'skip',
  limits: { ...PARSE_LIMITS, timeBudgetSeconds: 300 },
}) as Settings;

/** A `/netpol` command, as the first line of a comment writes it. */
export type SlashCommand =
  | { name: 'help' }
  | { name: 'recheck' }
  | { name: 'explain'; from: string; to: string; port: string }
  | { name: 'who-can-reach'; workload: string; port?: string }
  | { name: 'where-can'; workload: string }
  | { name: 'matrix'; namespace: string }
  /** Not a command, or a command with the wrong arguments (`usage` then says how it goes). */
  | { name: 'unknown'; text: string; usage?: string };

/** The query commands: answered from the analysis of the pull request's trees. */
export type QueryCommand = Extract<SlashCommand, { name: 'explain' | 'who-can-reach' | 'where-can' | 'matrix' }>;

const USAGE = {
  explain: 'explain <from> <to> <port>[/<protocol>]',
  'who-can-reach': 'who-can-reach <workload> [port]',
  'where-can': 'where-can <workload> go',
  matrix: 'matrix <namespace>',
} as const;

/**
 * The command of a comment whose first line is `/netpol <command> [args]`; undefined for any other
 * comment. Arguments are split on white space; nothing is interpreted beyond their count.
 */
export function parseSlashCommand(body: string): SlashCommand | undefined {
  const first = body.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.trim();
  const m = /^\/netpol(?:\s+(.*))?$/.exec(first);
  if (!m) return undefined;
  const text = (m[1] ?? '').trim();
  const [name, ...args] = text.split(/\s+/).filter(Boolean);
  const wrong = (usage: string): SlashCommand => ({ name: 'unknown', text, usage });
  switch (name) {
    case undefined:
    case 'help':
      return { name: 'help' };
    case 'recheck':
      return args.length === 0 ? { name: 'recheck' } : wrong('recheck');
    case 'explain':
      return args.length === 3 ? { name: 'explain', from: args[0]!, to: args[1]!, port: args[2]! } : wrong(USAGE.explain);
    case 'who-can-reach':
      if (args.length === 1) return { name: 'who-can-reach', workload: args[0]! };
      return args.length === 2 ? { name: 'who-can-reach', workload: args[0]!, port: args[1]! } : wrong(USAGE['who-can-reach']);
    case 'where-can':
      return args.length === 2 && args[1] === 'go' ? { name: 'where-can', workload: args[0]! } : wrong(USAGE['where-can']);
    case 'matrix':
      return args.length === 1 ? { name: 'matrix', namespace: args[0]! } : wrong(USAGE.matrix);
    default:
      return { name: 'unknown', text };
  }
}

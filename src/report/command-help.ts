import { code, escapeMarkdown, plainText } from './escape.js';

/** The `/netpol` commands: usage, what each answers, and an example. */
export const SLASH_COMMANDS: readonly { usage: string; answers: string; example: string }[] = [
  { usage: 'help', answers: 'this list', example: 'help' },
  { usage: 'recheck', answers: 'runs the review again now', example: 'recheck' },
  {
    usage: 'explain <from> <to> <port>[/<protocol>]',
    answers: 'why this traffic is allowed or denied at head, and at base when that differs: the policies that select each side, the rule that allows it, with links',
    example: 'explain shop/Deployment/cart prod/Deployment/db 5432/TCP',
  },
  { usage: 'who-can-reach <workload> [port]', answers: 'everything that can reach the workload at head (on that port)', example: 'who-can-reach prod/db 5432' },
  { usage: 'where-can <workload> go', answers: 'everything the workload can reach at head', example: 'where-can shop/cart go' },
  { usage: 'matrix <namespace>', answers: 'the reachability within the namespace and to and from outside it, at head', example: 'matrix prod' },
];

/** What was wrong with the command that asked for help, if anything. */
export type HelpReason = { kind: 'unknown'; command: string } | { kind: 'usage'; command: string; usage: string };

const MAX_COMMAND_SHOWN = 200;

/** The answer to `/netpol help`, and to a command that is unknown or lacks arguments (the command shown escaped). */
export function renderHelp(reason?: HelpReason): string {
  const lines: string[] = [];
  if (reason?.kind === 'unknown') lines.push(`${code(`/netpol ${plainText(reason.command, MAX_COMMAND_SHOWN)}`)} is not a command netpol-review knows.`, '');
  if (reason?.kind === 'usage') lines.push(`${code(`/netpol ${plainText(reason.command, MAX_COMMAND_SHOWN)}`)}: the command is ${code(`/netpol ${reason.usage}`)}.`, '');
  lines.push(
    '#### netpol-review commands',
    '',
    'Write one on the first line of a comment on the pull request (write permission on the repository needed):',
    '',
    '| Command | Answers | Example |',
    '|---|---|---|',
    ...SLASH_COMMANDS.map((c) => `| ${code(`/netpol ${c.usage}`)} | ${escapeMarkdown(c.answers)} | ${code(`/netpol ${c.example}`)} |`),
    '',
    `Ids are the CLI's: ${code('namespace/Kind/name')}, ${code('namespace/name')} when that names one workload, or ${code('ip:<address>')} for an external address.`,
  );
  return lines.join('\n');
}

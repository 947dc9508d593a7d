/**
 * The secrets the tests hand to the doors (tokens, private keys, webhook secrets), and everything the
 * tests capture that the doors wrote (logs, API request bodies, a child's output, job summaries). The
 * setup file test/support/secret-guard.ts fails any test after which a captured text holds a secret.
 * State lives on globalThis, so that the setup file and the test modules share it.
 */

interface Guard {
  secrets: Set<string>;
  captured: { source: string; text: string }[];
}

const KEY = Symbol.for('netpol-review.secret-guard');

export function secretGuard(): Guard {
  const g = globalThis as unknown as Record<symbol, Guard | undefined>;
  return (g[KEY] ??= { secrets: new Set(), captured: [] });
}

/** A secret value the tests give a door: returned as is, and watched for in everything captured. */
export function secret<T extends string>(value: T): T {
  secretGuard().secrets.add(value);
  return value;
}

/** A PEM private key: each line of its body is watched for (a log may wrap or cut the whole). */
export function secretKey(pem: string): string {
  for (const line of pem.split('\n')) if (/^[A-Za-z0-9+/=]{32,}$/.test(line.trim())) secretGuard().secrets.add(line.trim());
  return pem;
}

/** Something a door wrote that a test captured (a log line, a request body, a process's output). */
export function captured(source: string, text: string): void {
  if (text !== '') secretGuard().captured.push({ source, text });
}

/** The secrets found in what was captured since the last check, by source (values masked), and forgets what was captured. */
export function leakedSecrets(): string[] {
  const guard = secretGuard();
  const leaks: string[] = [];
  for (const { source, text } of guard.captured) {
    // The Actions runner's own mask command names the value to mask; it is never shown.
    const shown = text.replace(/^::add-mask::.*$/gm, '');
    for (const s of guard.secrets) if (shown.includes(s)) leaks.push(`${source}: ${s.slice(0, 4)}… (${s.length} characters)`);
  }
  guard.captured.length = 0;
  return leaks;
}

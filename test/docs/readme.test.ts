import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';

/** The README shows what `npm start` prints; this keeps the two equal. */
describe('README', () => {
  it('shows the review comment npm start prints for the bundled example', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const sample = /<!-- sample:start -->\n````markdown\n([\s\S]*?)\n````\n<!-- sample:end -->/.exec(readme);
    let printed = '';
    const code = await run(['diff', 'examples/base', 'examples/head', '--format', 'markdown'], { write: (t: string) => (printed += t) }, { write: () => undefined });
    expect(code).toBe(0);
    expect(sample?.[1]).toBe(printed.trimEnd());
  });

  it('documents every option the CLI accepts', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    for (const option of ['--format', '--default-namespace', '--pod-cidr', '--context', '--repo', '--base-sha', '--head-sha', '--config']) {
      expect(readme).toContain(option);
    }
  });
});

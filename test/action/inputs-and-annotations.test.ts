import { afterEach, describe, expect, it, vi } from 'vitest';
import { annotate } from '../../src/action/annotate.js';
import { readInputs } from '../../src/action/inputs.js';
import type { Annotation } from '../../src/github/index.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.restoreAllMocks();
});
const setInputs = (inputs: Record<string, string>) => {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
};

describe('inputs', () => {
  it('reads lists (newlines or commas), choices and flags', () => {
    setInputs({ 'github-token': 't', paths: 'deploy/**/*.yaml\n  k8s/*.yml, extra.json\n', exclude: '', 'pod-cidr': 'none', 'fail-on': 'medium', 'fail-on-invalid': 'TRUE', comment: 'always' });
    expect(readInputs()).toEqual({
      token: 't',
      configFile: '.github/netpol-review.yml',
      overrides: { paths: ['deploy/**/*.yaml', 'k8s/*.yml', 'extra.json'], podCidrs: [], failOn: 'medium', failOnInvalid: true, failOnIncomplete: false, comment: { mode: 'always' } },
    });
  });

  it.each([
    [{ 'fail-on': 'critical' }, 'input fail-on must be one of none, low, medium, high, any-change; got "critical"'],
    [{ comment: 'sometimes' }, 'input comment must be one of on-change, always, never; got "sometimes"'],
    [{ 'fail-on-incomplete': 'yes' }, 'input fail-on-incomplete must be true or false; got "yes"'],
    [{ 'pod-cidr': 'none,10.0.0.0/8' }, 'input pod-cidr: none cannot be combined with CIDRs'],
  ])('refuses %j', (inputs, message) => {
    setInputs({ 'github-token': 't', ...inputs });
    expect(() => readInputs()).toThrow(message);
  });
});

describe('annotations', () => {
  it('emits at most 10 per level, the first (most important) ones, and says how many more', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const at = (level: Annotation['level'], i: number): Annotation => ({ path: `p/${level}-${i}.yaml`, line: i + 1, level, title: 't', message: `${level} ${i}` });
    const annotations = [...Array.from({ length: 13 }, (_, i) => at('error', i)), ...Array.from({ length: 2 }, (_, i) => at('warning', i))];
    const leftOut = annotate(annotations);
    vi.restoreAllMocks();
    expect(leftOut).toBe('3 more error annotations than GitHub shows per step: the job summary lists every one.');
    const commands = lines.map((l) => l.trim());
    expect(commands.filter((l) => l.startsWith('::error')).length).toBe(10);
    expect(commands[9]).toBe('::error title=t,file=p/error-9.yaml,line=10::error 9');
    expect(commands.slice(10)).toEqual(['::warning title=t,file=p/warning-0.yaml,line=1::warning 0', '::warning title=t,file=p/warning-1.yaml,line=2::warning 1']);
    expect(annotate([])).toBeUndefined();
  });
});

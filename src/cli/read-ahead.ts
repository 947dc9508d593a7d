import { availableParallelism, cpus } from 'node:os';
import { MessageChannel, type Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { AnalysisInput } from '../core.js';
import { type ParseLimits, type ReadAhead, type ReadManifest, filesToLoad, readManifest } from '../reading.js';
import { type CpuSample, idleCores, sampleCpus } from './parse-threads.js';
import { type ReadAheadAnswer, type ReadAheadJob, claim, newCounters } from './read-ahead-job.js';

/** Below this many characters of distinct text, starting a thread costs more than it saves. */
const MIN_PARALLEL_CHARACTERS = 2 * 1024 * 1024;

/**
 * Threads that pay for these inputs by default: none for small trees, else one per core that no
 * other process used since `since` (taken before reading the files). A worker costs 0.5 s of CPU or
 * more (its start-up, a second JIT warm-up of the parser, handing back what it read), so it pays only
 * on a core nobody else wants.
 */
export function defaultParseThreads(inputs: readonly AnalysisInput[], since: CpuSample, limits: ParseLimits): number {
  const characters = distinctFiles(inputs, limits).reduce((n, f) => n + f.text.length, 0);
  if (characters < MIN_PARALLEL_CHARACTERS) return 0;
  const cores = availableParallelism();
  return Math.min(cores - 1, Math.round(idleCores(since, sampleCpus(), cpus().length)));
}

/**
 * Parses and reads every distinct file text of the inputs (rendered output aside: the analysis reads
 * it from its origins) with `workers` (parse threads, see `ParseThreads`) and this thread. The
 * workers take the largest files left, this thread the smallest, until none is left: a thread that
 * starts late or runs slowly on a busy machine takes fewer. A worker posts each file as soon as it
 * has read it, and this thread takes those in between its own files, so that handing them over
 * overlaps the reading. The analysis then reads nothing twice and parses nothing itself. The
 * workers end once every file is read; when one fails, this thread reads what it did not hand over.
 */
export async function readAhead(inputs: readonly AnalysisInput[], workers: readonly Worker[], defaultNamespace: string, limits: ParseLimits): Promise<ReadAhead> {
  const files = distinctFiles(inputs, limits).sort((a, b) => b.text.length - a.text.length);
  const counters = newCounters();
  const channels = workers.map((worker) => {
    const channel = new MessageChannel();
    const job: ReadAheadJob = { files, counters, defaultNamespace, limits, answers: channel.port2 };
    worker.postMessage(job, [channel.port2]);
    return channel;
  });
  const read = byContext<ReadManifest>();
  let received = 0;
  const keep = ([i, manifest]: ReadAheadAnswer) => {
    read.of(files[i]!.context).set(files[i]!.text, manifest);
    received++;
  };
  const takeAnswers = () => {
    for (const { port1 } of channels) for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) keep(m.message as ReadAheadAnswer);
  };
  const waiting = allAnswered(workers, channels, files.length, keep, takeAnswers, () => received);
  const readHere = (i: number) => {
    const f = files[i]!;
    keep([i, readManifest({ path: f.path, text: f.text }, f.context, defaultNamespace, limits)]);
  };
  for (let i = claim({ files, counters }, 'smallest'); i >= 0; i = claim({ files, counters }, 'smallest')) {
    readHere(i);
    takeAnswers();
  }
  try {
    // Every file is taken now: wait only for the ones the workers took (a worker still starting takes none).
    await waiting.until();
  } catch {
    // A thread failed or ended early: this thread reads what the threads did not hand over (the
    // same objects they would have: the output does not depend on where a file was read).
    files.forEach((f, i) => read.of(f.context).has(f.text) || readHere(i));
  } finally {
    for (const worker of workers) void worker.terminate();
    for (const { port1 } of channels) port1.close();
  }
  return { get: (text, context, namespace) => (namespace === defaultNamespace ? read.of(context).get(text) : undefined) };
}

/**
 * Watches the workers from their start: `until()` resolves once `count()` reaches `total` (taking the
 * answers still to come as they arrive), and rejects when a worker fails, or when every worker has
 * ended and files are still missing. On a worker's exit, what it posted is taken (`takeAnswers`)
 * before counting.
 */
function allAnswered(
  workers: readonly Worker[],
  channels: readonly MessageChannel[],
  total: number,
  keep: (a: ReadAheadAnswer) => void,
  takeAnswers: () => void,
  count: () => number,
): { until: () => Promise<void> } {
  let failure: Error | undefined;
  let exited = 0;
  let settle = () => {};
  for (const worker of workers) {
    worker.once('error', (e) => {
      failure ??= e;
      settle();
    });
    worker.once('exit', (code) => {
      exited++;
      takeAnswers();
      if (code !== 0) failure ??= new Error(`a parsing thread exited with code ${code}`);
      settle();
    });
  }
  return {
    until: () =>
      new Promise<void>((resolve, reject) => {
        settle = () => {
          if (count() >= total) resolve();
          else if (failure) reject(failure);
          else if (exited === workers.length) reject(new Error(`the parsing threads ended with ${total - count()} files unread`));
        };
        for (const { port1 } of channels) {
          port1.on('message', (a: ReadAheadAnswer) => {
            keep(a);
            settle();
          });
        }
        settle();
      }),
  };
}

/**
 * Maps keyed by file text, one for texts read as context and one for the others. Keyed by the text
 * itself, not a text made of it: each text's hash is computed once and kept with it, where a new key
 * would copy and hash every text again.
 */
function byContext<T>(): { of(context: boolean): Map<string, T> } {
  const maps = [new Map<string, T>(), new Map<string, T>()] as const;
  return { of: (context) => maps[context ? 1 : 0] };
}

/** The distinct texts of the files the loader will read (see `filesToLoad`: not those past the trees' bounds, nor Helm charts' sources). */
function distinctFiles(inputs: readonly AnalysisInput[], limits: ParseLimits): ReadAheadJob['files'] {
  const seen = byContext<ReadAheadJob['files'][number]>();
  for (const input of inputs) {
    for (const group of filesToLoad(input.files, input.context ?? [], limits).groups) {
      const distinct = seen.of(group.context);
      for (const f of group.files) if (!f.origins && !distinct.has(f.text)) distinct.set(f.text, { path: f.path, text: f.text, context: group.context });
    }
  }
  return [...seen.of(true).values(), ...seen.of(false).values()];
}

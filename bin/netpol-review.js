#!/usr/bin/env node
// The parse threads start first, so that their start-up overlaps the loading of the rest of the CLI.
import { ParseThreads } from '../lib/cli/parse-threads.js';

const argv = process.argv.slice(2);
const started = ParseThreads.early(argv);
const { run } = await import('../lib/cli/main.js');
process.exitCode = await run(argv, process.stdout, process.stderr, started);

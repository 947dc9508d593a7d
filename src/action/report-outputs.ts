import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import type { Annotation, ReviewOutcome } from '../github/index.js';

/** The job summary takes at most 1 MiB per step. */
export const SUMMARY_BYTES = 1024 * 1024;
/** Room kept in the summary for the notes and the list of annotations around the report. */
export const SUMMARY_NOTES_BYTES = 128 * 1024;

export interface Outputs {
  opened: number;
  closed: number;
  risk: string;
  exposures: number;
  commentUrl: string;
  report: string;
  markdown: string;
}

export function setOutputs(outputs: Outputs): void {
  core.setOutput('opened', outputs.opened);
  core.setOutput('closed', outputs.closed);
  core.setOutput('risk', outputs.risk);
  core.setOutput('exposures', outputs.exposures);
  core.setOutput('comment-url', outputs.commentUrl);
  core.setOutput('report', outputs.report);
  core.setOutput('markdown', outputs.markdown);
}

/** Writes the JSON report and the comment body to files (the `report` and `markdown` outputs); returns their paths. */
export async function writeReportFiles(outcome: ReviewOutcome): Promise<{ report: string; markdown: string }> {
  const dir = join(process.env['RUNNER_TEMP'] || tmpdir(), 'netpol-review');
  await mkdir(dir, { recursive: true });
  const report = join(dir, 'report.json');
  const markdown = join(dir, 'comment.md');
  await writeFile(report, outcome.reportJson);
  await writeFile(markdown, outcome.comment);
  return { report, markdown };
}

/** Every annotation, as a list within `maxBytes` (folded into a count beyond). */
function annotationList(annotations: readonly Annotation[], maxBytes: number): string {
  const lines: string[] = [];
  let bytes = 0;
  for (const a of annotations) {
    const line = `- ${a.level} ${a.path}:${a.line}: ${a.message.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`)}`;
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > maxBytes) {
      lines.push(`- …and ${annotations.length - lines.length} more (the \`report\` output has every path and diagnostic)`);
      break;
    }
    lines.push(line);
  }
  return `<details><summary>Every annotation (${annotations.length})</summary>\n\n${lines.join('\n')}\n\n</details>\n`;
}

/** The job summary: notes first (read-only token, gate), then the full report (already within the limit). */
export async function writeSummary(notes: readonly string[], report: string | undefined, annotations?: readonly Annotation[]): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  const summary = core.summary;
  for (const note of notes) summary.addRaw(`> ${note}\n\n`);
  if (report !== undefined) summary.addRaw(`${report}\n`);
  if (annotations && annotations.length > 0) summary.addRaw(`\n${annotationList(annotations, SUMMARY_NOTES_BYTES / 2)}`);
  await summary.write();
}

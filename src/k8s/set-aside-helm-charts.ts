import type { Diagnostic, SourceFile } from './types.js';

const CHART_FILE = /(^|\/)Chart\.yaml$/;

/**
 * Unrendered Helm charts (a `Chart.yaml` with files under `templates/` beside it) are not analysed:
 * their templates are not manifests. Each chart is one diagnostic at its `Chart.yaml`, and every file
 * of its directory (templates, values, subcharts) is set aside.
 */
export function setAsideHelmCharts(files: readonly SourceFile[]): { files: SourceFile[]; diagnostics: Diagnostic[] } {
  const chartDirs = files
    .filter((f) => CHART_FILE.test(f.path))
    .map((f) => f.path.slice(0, -'Chart.yaml'.length))
    .filter((dir) => files.some((f) => f.path.startsWith(`${dir}templates/`)))
    .sort((a, b) => a.length - b.length);
  const outermost: string[] = [];
  for (const dir of chartDirs) if (!outermost.some((outer) => dir.startsWith(outer))) outermost.push(dir);
  if (outermost.length === 0) return { files: [...files], diagnostics: [] };
  const chartOf = (path: string) => outermost.find((dir) => path.startsWith(dir));
  const diagnostics = outermost.sort().map((dir): Diagnostic => {
    const templates = files.filter((f) => f.path.startsWith(`${dir}templates/`)).length;
    return {
      file: `${dir}Chart.yaml`,
      line: 1,
      severity: 'error',
      message: `Helm chart ${dir === '' ? '.' : dir.slice(0, -1)} is not analysed (${templates} template file${templates === 1 ? '' : 's'} not rendered): render it in a workflow step (helm template) and pass the output`,
    };
  });
  return { files: files.filter((f) => chartOf(f.path) === undefined), diagnostics };
}

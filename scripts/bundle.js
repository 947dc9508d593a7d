// Bundles the Action into one ESM file, dist/index.js, byte-identical on every rebuild of the same
// sources. `--check` builds in memory and fails (exit 1) when the committed file differs.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/action/run.ts'],
  outfile: 'dist/index.js',
  write: !check,
  bundle: true,
  platform: 'node',
  // Name packages by their path under node_modules even when it is a symbolic link, so that the
  // file comments esbuild writes are the same on every machine.
  preserveSymlinks: true,
  format: 'esm',
  target: 'node20',
  // Bundled CommonJS packages call require(); give them one in the ES module.
  banner: { js: "import { createRequire as __netpolCreateRequire } from 'node:module';\nconst require = __netpolCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  sourcemap: false,
  minify: false,
  charset: 'utf8',
  logLevel: 'warning',
});

if (check) {
  const committedFile = new URL('../dist/index.js', import.meta.url);
  const committed = existsSync(committedFile) ? readFileSync(committedFile, 'utf8') : undefined;
  if (result.outputFiles[0].text !== committed) {
    console.error("dist/index.js differs from a fresh bundle of the sources: run 'npm run bundle' and commit dist/");
    process.exit(1);
  }
}

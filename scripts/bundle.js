// Bundles the Action into one ESM file, dist/index.js, byte-identical on every rebuild of the same sources.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['src/action/run.ts'],
  outfile: 'dist/index.js',
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

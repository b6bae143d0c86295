// Bundles the CLI into one file that runs with no node_modules beside it: dist/init-preflight.cjs,
// the loader (scripts/loader.cjs) with the CommonJS bundle inside as a string, compiled through a
// V8 code cache when one is beside it (made in the image by its own node: Dockerfile,
// scripts/build-rootfs.sh). CommonJS because node starts a .cjs entry faster than an ES module.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const result = await build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The loader compiles the bundle with vm.Script, which has no module loader for import():
  // lazy imports of node builtins become require() calls.
  supported: { 'dynamic-import': false },
  minify: true,
  legalComments: 'none',
  // Bundled ES modules (yargs) ask import.meta.url for createRequire(); CommonJS has none.
  define: { __VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__import_meta_url' },
  logLevel: 'warning',
});

// The function the loader compiles and calls with CommonJS's own arguments.
const source = `(function (require, module, __filename, __dirname) {var __import_meta_url = require('node:url').pathToFileURL(__filename).href;\n${result.outputFiles[0].text}\n})`;
const buildId = createHash('sha256').update(source).digest('hex').slice(0, 16);
const loader = readFileSync(new URL('loader.cjs', import.meta.url), 'utf8')
  .replace("'@BUILD_ID@'", JSON.stringify(buildId))
  .replace("'@SOURCE@'", () => JSON.stringify(source));

mkdirSync('dist', { recursive: true });
writeFileSync('dist/init-preflight.cjs', `#!/usr/bin/env node\n${loader}`);
chmodSync('dist/init-preflight.cjs', 0o755);

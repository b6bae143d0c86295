// `npm run build:sea`: dist/init-preflight, one executable for nodes without Node (a Node 20
// single executable application): the CLI bundled as CommonJS, turned into a SEA blob with V8's
// code cache (start-up skips compiling the bundle), injected into a copy of this node binary.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const WORK = 'dist/sea';
const OUT = 'dist/init-preflight';
// The fuse Node looks for to know a blob was injected (node/src/node_sea.cc).
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

mkdirSync(WORK, { recursive: true });
// Bundled ESM dependencies call createRequire(import.meta.url), which CommonJS lacks: give them
// the executable's own URL (a SEA's require loads built-in modules only).
await build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  outfile: `${WORK}/init-preflight.cjs`,
  format: 'cjs',
  // A SEA's main script has no module loader for import(): lazy imports of built-ins become require().
  supported: { 'dynamic-import': false },
  define: { __VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__seaUrl' },
  banner: { js: "const __seaUrl = require('node:url').pathToFileURL(process.execPath).href;" },
});
const config = { main: `${WORK}/init-preflight.cjs`, output: `${WORK}/init-preflight.blob`, useCodeCache: true, disableExperimentalSEAWarning: true };
writeFileSync(`${WORK}/sea-config.json`, JSON.stringify(config, null, 2));
execFileSync(process.execPath, ['--experimental-sea-config', `${WORK}/sea-config.json`], { stdio: 'inherit' });
rmSync(OUT, { force: true });
copyFileSync(process.execPath, OUT);
chmodSync(OUT, 0o755);
execFileSync(process.execPath, ['node_modules/postject/dist/cli.js', OUT, 'NODE_SEA_BLOB', config.output, '--sentinel-fuse', FUSE], { stdio: 'inherit' });
console.log(`${OUT}: ${(statSync(OUT).size / 2 ** 20).toFixed(1)} MiB (node ${process.version} for ${process.platform}-${process.arch})`);

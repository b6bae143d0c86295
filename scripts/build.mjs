// Bundles the CLI into one file that runs with no node_modules beside it: dist/init-preflight.cjs,
// the loader (scripts/loader.cjs) with the CommonJS bundle inside as line comments
// (scripts/bundle-payload.cjs), compiled through a V8 code cache when one is beside it (made in the
// image by its own node: Dockerfile, scripts/build-rootfs.sh), and yargs and chalk beside it,
// compressed. CommonJS because node starts a .cjs entry faster than an ES module.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';

const { encode, decode } = createRequire(import.meta.url)('./bundle-payload.cjs');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// `import path from 'node:path'` would go through esbuild's __toESM, which copies every export of
// the module into a new object in each importing file, at every start-up; this shim hands over
// the module itself (only our default imports of node:path; a named import fails the build).
const pathDefault = {
  name: 'node-path-default',
  setup(b) {
    b.onResolve({ filter: /^node:path$/ }, (args) =>
      args.namespace === 'node-path-default' || args.importer.includes('node_modules') ? { path: args.path, external: true } : { path: args.path, namespace: 'node-path-default' },
    );
    b.onLoad({ filter: /.*/, namespace: 'node-path-default' }, () => ({ contents: "export default require('node:path');", loader: 'js' }));
  },
};

// yargs and chalk are built apart (the loader's `vendor`): only help, usage errors and colour
// use them, and half the bundle's bytes were theirs. The bundle asks the loader for them through
// require(VENDOR); the names it imports are listed here, so a new import fails the build.
const VENDOR = 'init-preflight:vendor';
const VENDORED = { yargs: ['default'], chalk: ['Chalk'] };
const vendorSplit = {
  name: 'vendor-split',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${Object.keys(VENDORED).join('|')})$`) }, (args) =>
      args.importer.includes('node_modules') ? undefined : { path: args.path, namespace: 'vendor-split' },
    );
    b.onResolve({ filter: new RegExp(`^${VENDOR}$`) }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'vendor-split' }, (args) => ({
      contents: VENDORED[args.path].map((name) => `export ${name === 'default' ? 'default' : `const ${name} =`} require('${VENDOR}')['${args.path}.${name}'];`).join('\n'),
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The loader compiles the bundle with vm.Script, which has no module loader for import():
  // lazy imports of node builtins become require() calls. Template literals become strings with
  // escaped newlines: a bundle on one line is one line comment (scripts/bundle-payload.cjs), and
  // the loader takes it out without a copy.
  supported: { 'dynamic-import': false, 'template-literal': false },
  minify: true,
  legalComments: 'none',
  // Bundled ES modules (yargs) ask import.meta.url for createRequire(); CommonJS has none.
  define: { __VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__import_meta.url' },
  logLevel: 'warning',
};
const result = await build({ ...common, entryPoints: ['src/main.ts'], plugins: [pathDefault, vendorSplit] });
const vendorEntry = Object.entries(VENDORED)
  .flatMap(([id, names]) => names.map((name) => `export { ${name} as '${id}.${name}' } from '${id}';`))
  .join('\n');
const vendored = await build({ ...common, stdin: { contents: vendorEntry, resolveDir: '.', loader: 'js' }, plugins: [pathDefault] });

// The function the loader compiles and calls with CommonJS's own arguments. import.meta.url
// (bundled ES modules ask it for createRequire) is worked out only when asked: yargs alone does.
const wrap = (code) =>
  `(function (require, module, __filename, __dirname) {var __import_meta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };${code.trimEnd()};})`;
const source = wrap(result.outputFiles[0].text);
const packedVendor = brotliCompressSync(wrap(vendored.outputFiles[0].text), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY } }).toString('base64');
const buildId = createHash('sha256').update(source).update(packedVendor).digest('hex').slice(0, 16);
const template = readFileSync(new URL('loader.cjs', import.meta.url), 'utf8');
const filled = [
  ["'@BUILD_ID@'", () => JSON.stringify(buildId)],
  [/^function decode\(\) \{\n.*\n\}$/m, () => decode.toString()],
  ['function vendor() {\n//\n}\n', () => encode(packedVendor, 'vendor')],
  ['function bundle() {\n//\n}\n', () => encode(source)],
].reduce((text, [stub, value]) => {
  const next = text.replace(stub, value);
  if (next === text) throw new Error(`build: scripts/loader.cjs has no ${stub}`);
  return next;
}, template);

mkdirSync('dist', { recursive: true });
writeFileSync('dist/init-preflight.cjs', `#!/usr/bin/env node\n${filled}`);
chmodSync('dist/init-preflight.cjs', 0o755);

// Bundles the CLI into one ESM file that runs with no node_modules beside it.
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.mjs';

await build({
  ...bundleOptions,
  outfile: 'dist/init-preflight.mjs',
  format: 'esm',
  // Some bundled CommonJS (yargs helpers) calls require(); give the ESM bundle a real one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});

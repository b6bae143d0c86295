'use strict';
// init-preflight's entry point (scripts/build.mjs puts the bundle and its build id in here).
// Compiling the bundle is most of a start-up, so it is compiled with a V8 code cache made by the
// image's own node (`--write-code-cache`, see the Dockerfile). V8 rejects a cache from another
// node version or with other V8 flags (script.cachedDataRejected) and compiles from source: a
// missing or mismatched cache only costs time. The build id in the file name keeps a cache from
// ever meeting another build's source.
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

// V8 checks a cache's version, flags and source length, but not its bytes unless asked: a damaged
// cache (a bad copy) made node 20 segfault. With checksums, V8 rejects it like any mismatch. Set
// before the Script is made, here and when writing, so both sides agree on the flags.
setFlagsFromString('--verify-snapshot-checksum');

const BUILD_ID = '@BUILD_ID@';
const SOURCE = '@SOURCE@';
const cacheFile = path.join(__dirname, `init-preflight.${BUILD_ID}.code-cache`);

// Build step, not an option: runs the command that follows, then writes the cache of everything
// it compiled (run as root in the image build, where /app is writable).
const writing = process.argv[2] === '--write-code-cache';
if (writing) process.argv.splice(2, 1);

function readCache() {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined; // none beside this file: compile from source
  }
}

const script = new Script(SOURCE, { filename: __filename, cachedData: writing ? undefined : readCache() });
if (writing) {
  process.on('exit', () => {
    writeFileSync(cacheFile, script.createCachedData());
    process.stderr.write(`init-preflight: wrote ${cacheFile}\n`);
    process.exitCode = 0;
  });
}
script.runInThisContext()(require, module, __filename, __dirname);

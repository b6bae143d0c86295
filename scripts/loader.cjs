'use strict';
/* global Buffer */
// init-preflight's entry point (scripts/build.mjs puts the bundle and its build id in here: the
// bundle's code is the body of `bundle` at the end, as line comments, scripts/bundle-payload.cjs).
// Compiling the bundle is most of a start-up, so it is compiled with a V8 code cache made by the
// image's own node (`--write-code-cache`, see the Dockerfile). V8 rejects a cache from another
// node version or with other V8 flags (script.cachedDataRejected) and compiles from source: a
// missing or mismatched cache only costs time. The build id in the file name keeps a cache from
// ever meeting another build's source.
const { closeSync, openSync, readFileSync, writeSync } = require('node:fs');
const path = require('node:path');
const { Script } = require('node:vm');

const BUILD_ID = '@BUILD_ID@';
const cacheFile = path.join(__dirname, `init-preflight.${BUILD_ID}.code-cache`);

// Build step, not an option: runs the command that follows, then writes the cache of everything
// it compiled (run as root in the image build, where /app is writable). V8 checks a cache's
// version, flags and source length but not its bytes unless node runs with
// --verify-snapshot-checksum (a damaged cache made node 20 segfault). The flag is part of the
// cache's identity: a cache written with it is ignored by a run without it, never trusted.
// `--write-code-cache=UID:GID` runs the command as that user (the image's), after opening the
// cache file as root: the cache holds what the command compiled, and a pod's run takes the
// paths of its non-root user (a root run leaves those to be compiled at every start).
const CHECKSUMS = '--verify-snapshot-checksum';
const writeArg = process.argv[2] ?? '';
// No expression on a normal start: each costs its compilation.
const WRITE = writeArg.startsWith('--write-code-cache') ? /^--write-code-cache(?:=(\d+):(\d+))?$/.exec(writeArg) : null;
const writing = WRITE !== null;
if (writing) {
  if (!process.execArgv.includes(CHECKSUMS)) {
    process.stderr.write(`init-preflight: --write-code-cache needs node ${CHECKSUMS}\n`);
    process.exit(2);
  }
  process.argv.splice(2, 1);
}

// V8 flags for a run of ~30 ms (docs/design.md, "Start-up"): no Sparkplug (the baseline compiler
// compiles what is called a few times, work such a run never earns back) and no scavenge task (a
// young-generation GC posted when new space is 80 % full, though the run ends before it fills).
// Set here rather than on node's command line: flags are part of the cache's identity, and the
// ENTRYPOINT and the shebang (which holds one flag only) then share one cache. A node without
// this binding only runs slower.
function setShortRunFlags() {
  const quiet = process.noDeprecation;
  try {
    process.noDeprecation = true; // process.binding is deprecated in documentation only (DEP0111)
    process.binding('v8').setFlagsFromString('--no-sparkplug --no-minor-gc-task');
  } catch {
    // keep the defaults
  } finally {
    process.noDeprecation = quiet;
  }
}
setShortRunFlags();

function readCache() {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined; // none beside this file: compile from source
  }
}

// scripts/build.mjs puts scripts/bundle-payload.cjs's decode() here.
function decode() {
  throw new Error('init-preflight: a loader without its bundle (run scripts/build.mjs)');
}

// yargs and chalk (help, usage errors, colour: never a pod's plain run) ride compressed in
// `vendor` and are compiled only when the bundle first asks for them.
const VENDOR = 'init-preflight:vendor';
let vendorExports;
function loadVendor() {
  const packed = Buffer.from(decode(vendor.toString(), 'vendor'), 'base64');
  const vendorModule = { exports: {} };
  new Script(require('node:zlib').brotliDecompressSync(packed).toString(), { filename: __filename }).runInThisContext()(
    require,
    vendorModule,
    __filename,
    __dirname,
  );
  return vendorModule.exports;
}
const bundleRequire = (id) => (id === VENDOR ? (vendorExports ??= loadVendor()) : require(id));

const source = decode(bundle.toString());
const script = new Script(source, { filename: __filename, cachedData: writing ? undefined : readCache() });
if (writing) {
  const fd = openSync(cacheFile, 'w', 0o644);
  if (WRITE[1] !== undefined) {
    process.setgroups([]);
    process.setgid(Number(WRITE[2]));
    process.setuid(Number(WRITE[1]));
  }
  process.on('exit', () => {
    writeSync(fd, script.createCachedData());
    closeSync(fd);
    process.stderr.write(`init-preflight: wrote ${cacheFile}\n`);
    process.exitCode = 0;
  });
}
script.runInThisContext()(bundleRequire, module, __filename, __dirname);

// scripts/build.mjs writes the vendored modules (base64 of brotli) into this function's body.
function vendor() {
//
}

// The bundle: scripts/build.mjs writes its code into this function's body.
function bundle() {
//
}

'use strict';
// The bundle's code rides in dist/init-preflight.cjs after the loader, as line comments: node
// compiles the file it runs, and V8 skips a comment far faster than it parses a 270 KB string
// literal (what the bundle used to be) and keeps no copy of it (docs/design.md, "Start-up"). The
// loader reads its own file and takes the code back out; scripts/build.mjs puts it in.

// A line of its own in the file: what follows is the bundle.
const MARKER = '\n//@init-preflight-bundle@\n';

/** The payload as it is written after the marker: every line made a line comment. */
function encode(source) {
  // V8 ends a line comment at CR, U+2028 and U+2029 too: the code after one would be run. The
  // loader reads the file as latin1, which is right only for ASCII.
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code > 0x7f || code === 0x0d) throw new Error(`bundle-payload: the bundle must be ASCII without carriage returns (character ${code} at ${i})`);
  }
  return `//${source.replaceAll('\n', '\n//')}`;
}

/**
 * The bundle's code from the text of a file that holds it after `marker`; null when none does.
 * The loader carries a copy of this function (scripts/build.mjs puts its text there).
 */
function decode(fileText, marker) {
  const at = fileText.indexOf(marker);
  return at < 0 ? null : fileText.slice(at + marker.length + 2).replaceAll('\n//', '\n');
}

module.exports = { MARKER, encode, decode };

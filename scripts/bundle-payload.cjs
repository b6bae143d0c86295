'use strict';
// How the bundle's code rides in dist/init-preflight.cjs: after the loader, as the body of a
// function that is never called, every line a line comment. Node compiles the file it runs, and
// V8 skips a comment far faster than it parses a 270 KB string literal (what the bundle used to
// be). The loader takes the code back out of that function's own text: Function.prototype.toString
// is the exact source, and V8 hands out a slice of the file it already holds, so there is no
// second read and, for a bundle on one line, no copy (docs/design.md, "Start-up").

const TAIL = '\n}';

/** The declaration of function `name` that carries `source` (the bundle ends the loader). */
function encode(source, name = 'bundle') {
  // V8 ends a line comment at CR, U+2028 and U+2029 too: the code after one would be run.
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code > 0x7f || code === 0x0d) throw new Error(`bundle-payload: the bundle must be ASCII without carriage returns (character ${code} at ${i})`);
  }
  return `function ${name}() {\n//${source.replaceAll('\n', '\n//')}${TAIL}\n`;
}

/**
 * The code from the text of the function `name` that carries it (`bundle.toString()`); null when
 * it is not that. The loader carries a copy of this function (scripts/build.mjs puts its text there).
 */
function decode(functionText, name = 'bundle') {
  const head = `function ${name}() {\n//`;
  if (!functionText.startsWith(head) || !functionText.endsWith('\n}')) return null;
  return functionText.slice(head.length, -2).replaceAll('\n//', '\n');
}

module.exports = { encode, decode };

// What an error line may show of a user's value: one line, readable, of bounded length. A
// newline in a value would forge a second line; a 100 KB value would bury the message.

const SHOWN_CHARS = 80;
const LINE_CHARS = 400;
// C0 and C1 controls, DEL, line and paragraph separators, and bidi overrides (which reorder text).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escaped and cut to `max` characters, saying how long the original was. */
function bounded(text: string, max: number): string {
  const escaped = escapeControls(text.slice(0, max + 1)); // escaping only lengthens
  return escaped.length <= max && text.length <= max ? escaped : `${escaped.slice(0, max)}… (${text.length} characters)`;
}

/** A value for an error message: control characters escaped, cut to a readable length. */
export function shown(value: string): string {
  return bounded(value, SHOWN_CHARS);
}

/** A whole message as one printable line (yargs' messages echo values as given). */
export function oneLine(message: string): string {
  return bounded(message, LINE_CHARS);
}

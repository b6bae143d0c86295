// Word wrap for the text report on a terminal: continuation lines keep the indent the first line
// had plus `hang`, so a long remedy stays readable in a narrow window. Off a TTY (kubectl logs,
// files) lines stay whole, so grep finds them.

/** Visible length: ANSI colour sequences take no room. */
// eslint-disable-next-line no-control-regex
const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;

export function wrapLine(line: string, width: number | null, hang = 2): string[] {
  if (width === null || visible(line) <= width) return [line];
  const indent = /^ */.exec(line)![0];
  const words = line.slice(indent.length).split(' ');
  const continuation = indent + ' '.repeat(hang);
  const lines: string[] = [];
  let current = indent + words.shift()!;
  for (const word of words) {
    if (visible(current) + 1 + visible(word) > width) {
      lines.push(current);
      current = continuation + word;
    } else {
      current = `${current} ${word}`;
    }
  }
  lines.push(current);
  return lines;
}

// The init-preflight command lines in a Markdown document's ```sh blocks, as argv after the
// tool's name, so a test can hold the documented recipes to the real parser.
import { readFileSync } from 'node:fs';

export interface DocCommand {
  line: string;
  argv: string[];
}

const SHELL_BLOCK = /```sh\n([\s\S]*?)```/g;

export function docCommands(file: string): DocCommand[] {
  const text = readFileSync(file, 'utf8');
  const lines = [...text.matchAll(SHELL_BLOCK)].flatMap((m) => (m[1] ?? '').replace(/\\\n\s*/g, ' ').split('\n'));
  return lines.flatMap((raw) => {
    const line = raw.replace(/\s+#.*$/, '').trim();
    const words = line.split(/\s+/);
    const at = words.indexOf('init-preflight');
    return at < 0 ? [] : [{ line, argv: words.slice(at + 1) }];
  });
}

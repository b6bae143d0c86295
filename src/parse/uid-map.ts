// /proc/<pid>/uid_map: "inside outside count" per line (user_namespaces(7)). A map says which ids
// a user namespace has, not which namespace it is: `0 0 4294967295` is also the map of a nested
// namespace with an identity map, so the initial one is known by its inode (parse/ns-link.ts).
import { isDigits, splitWhitespace } from './text.js';

export interface UidRange {
  inside: number;
  outside: number;
  count: number;
}

/** The well-formed lines; an empty map (none written yet) is an empty list. */
export function parseUidMap(text: string): UidRange[] {
  return text
    .split('\n')
    .map((line) => splitWhitespace(line.trim()))
    .filter((f) => f.length === 3 && f.every((x) => isDigits(x, 10)))
    .map(([inside, outside, count]) => ({ inside: Number(inside), outside: Number(outside), count: Number(count) }));
}

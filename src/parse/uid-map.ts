// /proc/<pid>/uid_map: "inside outside count" per line (user_namespaces(7)).

export type UserNamespaceKind = 'initial' | 'nested' | 'unknown';

export interface UidMap {
  kind: UserNamespaceKind;
  ranges: { inside: number; outside: number; count: number }[];
}

/** The initial user namespace maps all 2^32-1 ids onto themselves. */
export function parseUidMap(text: string): UidMap {
  const ranges = text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length === 3 && f.every((x) => /^\d{1,10}$/.test(x)))
    .map(([inside, outside, count]) => ({ inside: Number(inside), outside: Number(outside), count: Number(count) }));
  if (ranges.length === 0) return { kind: 'unknown', ranges };
  const [first] = ranges;
  const identity = ranges.length === 1 && first!.inside === 0 && first!.outside === 0 && first!.count === 4294967295;
  return { kind: identity ? 'initial' : 'nested', ranges };
}

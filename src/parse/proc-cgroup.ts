// /proc/<pid>/cgroup: one line per hierarchy, `hierarchy-ID:controller-list:cgroup-path`.
// v1 lines list controllers (`4:memory:/kubepods/…`, `1:name=systemd:/…`, `2:cpu,cpuacct:/`);
// the v2 line is `0::/path`. Paths may contain colons (`…slice:cri-containerd:<id>`), so only
// the first two colons separate fields.
import { isDigits } from './text.js';

export interface ProcCgroupEntry {
  hierarchyId: number;
  /** Controller names; named v1 hierarchies appear as `name=systemd`; empty for v2. */
  controllers: string[];
  /** Relative to the reader's cgroup namespace root. */
  path: string;
}

/** Parses the file; lines that do not have the three fields are skipped. Never throws. */
export function parseProcCgroup(text: string): ProcCgroupEntry[] {
  return text.split('\n').flatMap((line) => {
    const entry = parseLine(line);
    return entry ? [entry] : [];
  });
}

function parseLine(line: string): ProcCgroupEntry | undefined {
  const first = line.indexOf(':');
  const second = line.indexOf(':', first + 1);
  if (first < 0 || second < 0) return undefined;
  const id = line.slice(0, first);
  const path = line.slice(second + 1);
  if (!isDigits(id, 9) || !path.startsWith('/')) return undefined;
  const list = line.slice(first + 1, second);
  return { hierarchyId: Number(id), controllers: list === '' ? [] : list.split(','), path };
}

/** The v2 entry (`0::/path`), if the process is in a v2 hierarchy. */
export function unifiedEntry(entries: readonly ProcCgroupEntry[]): ProcCgroupEntry | undefined {
  return entries.find((e) => e.hierarchyId === 0 && e.controllers.length === 0);
}

/** The v1 entry whose hierarchy has `controller` attached. */
export function v1EntryFor(entries: readonly ProcCgroupEntry[], controller: string): ProcCgroupEntry | undefined {
  return entries.find((e) => e.hierarchyId !== 0 && e.controllers.includes(controller));
}

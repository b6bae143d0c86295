// `scan`: every PID namespace (and container) on the node, each judged like `check --pid`.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError, type Options } from '../cli/options.js';
import type { Verdict } from '../core/types.js';
import { assess, type ScanRow } from './assess.js';
import { mapBounded } from './bounded.js';
import { CONTAINER_LOG_DIR, readContainerNames, type ContainerNames } from './log-links.js';
import { census } from './processes.js';
import { groupTargets, type ScanTarget } from './targets.js';
import type { RunSignal } from '../core/abort.js';

export interface ScanReport {
  schemaVersion: 1;
  tool: { name: 'init-preflight'; version: string };
  command: 'scan';
  root: string;
  durationMs: number;
  /** When the scan finished (ISO 8601). */
  finishedAt: string;
  processes: {
    /** Entries in /proc when it was listed. */
    listed: number;
    /** Read and grouped into rows. */
    scanned: number;
    /** Exited before they could be read, or (representatives) while their checks ran. */
    vanished: number;
    /** Not readable by this process, by errno. */
    unreadable: Record<string, number>;
  };
  /** Where names came from; `error` when the kubelet's log links could not be read. */
  containerNames: { dir: string; found: number; error: string | null };
  rows: ScanRow[];
}

export type Progress = (done: number, total: number) => void;

// Checks of different targets overlap their I/O; more only deepens libuv's queue.
const TARGETS_IN_FLIGHT = 8;

const VERDICT_RANK: Record<Verdict, number> = { blocked: 0, degraded: 1, ready: 2 };

/** Worst first, then by pod identity, so a pod's containers sit together and output is stable. */
export function compareRows(a: ScanRow, b: ScanRow): number {
  const key = (r: ScanRow): string => [r.namespace ?? '~', r.pod ?? '~', r.container ?? '~', String(r.pidNamespace).padStart(12, '0'), String(r.pid).padStart(10, '0')].join('\0');
  return VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

/**
 * A container's names by its ID; a container without a log link (the pod sandbox's pause) gets
 * its pod's namespace and name through the pod UID, and no container name.
 */
function namesByContainerOrPod(byId: ReadonlyMap<string, ContainerNames>): (t: ScanTarget) => ContainerNames | undefined {
  const byPod = new Map([...byId.values()].filter((n) => n.podUid !== null).map((n) => [n.podUid, { ...n, container: null }]));
  return (t) => (t.containerId === null ? undefined : byId.get(t.containerId) ?? (t.podUid === null ? undefined : byPod.get(t.podUid)));
}

export async function scan(options: Options, version: string, signal: RunSignal, progress: Progress = () => undefined): Promise<ScanReport> {
  const start = performance.now();
  const root = path.resolve(options.root);
  const [found, names] = await Promise.all([census(path.join(root, 'proc')), readContainerNames(root)]);
  if (!found.ok) throw new UsageError(`--root: cannot list ${path.join(root, 'proc')}: ${found.code}`);
  const targets = groupTargets(found.value.processes);
  const nameMap = names.ok ? names.value : new Map<string, ContainerNames>();
  const namesOf = namesByContainerOrPod(nameMap);
  const shared = { signal, pidNamespaces: new Map(found.value.processes.map((p) => [p.pid, p.pidNamespace])) };
  let done = 0;
  const rows = await mapBounded(targets, TARGETS_IN_FLIGHT, async (t) => {
    const row = await assess(options, t, namesOf(t), shared);
    progress(++done, targets.length);
    return row;
  });
  const kept = rows.filter((r): r is ScanRow => r !== null);
  return {
    schemaVersion: 1,
    tool: { name: 'init-preflight', version },
    command: 'scan',
    root,
    durationMs: Math.round(performance.now() - start),
    finishedAt: new Date().toISOString(),
    processes: {
      listed: found.value.listed,
      scanned: found.value.processes.length,
      vanished: found.value.vanished + rows.length - kept.length,
      unreadable: found.value.unreadable,
    },
    containerNames: { dir: path.join(root, CONTAINER_LOG_DIR), found: nameMap.size, error: names.ok ? null : names.code },
    rows: kept.sort(compareRows),
  };
}

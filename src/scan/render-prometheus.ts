// The node-exporter textfile format: `init_preflight_*` gauges labelled with the pod identity,
// each family with HELP and TYPE once, label values escaped as the exposition format says.
import type { Limit, ScanRow } from './assess.js';
import type { ScanReport } from './scan.js';

/** Backslash, double quote and newline are the three characters a label value escapes. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  const body = Object.entries(pairs).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
  return body === '' ? '' : `{${body}}`;
}

function rowLabels(r: ScanRow): Record<string, string> {
  return {
    namespace: r.namespace ?? '',
    pod: r.pod ?? '',
    container: r.container ?? '',
    container_id: r.containerId ?? '',
    pid_namespace: String(r.pidNamespace),
  };
}

const VERDICT_VALUE = { ready: 0, degraded: 1, blocked: 2 } as const;

/** Unlimited is +Inf; an unreadable limit has no sample (absent, not zero). */
function limitValue(limit: Limit, scale = 1): number | null {
  if (limit.error !== undefined) return null;
  return limit.value === null ? Infinity : limit.value / scale;
}

const bool = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

interface Family {
  name: string;
  help: string;
  value: (r: ScanRow) => number | null;
}

const ROW_FAMILIES: Family[] = [
  { name: 'verdict', help: 'The verdict the initContainer would reach: 0 ready, 1 degraded, 2 blocked.', value: (r) => VERDICT_VALUE[r.verdict] },
  { name: 'processes', help: 'Processes in this PID namespace and container.', value: (r) => r.processes },
  { name: 'memory_limit_bytes', help: 'Effective memory limit of the cgroup (+Inf: none).', value: (r) => limitValue(r.memoryLimitBytes) },
  { name: 'cpu_limit_cores', help: 'Effective CFS CPU quota in cores (+Inf: none).', value: (r) => limitValue(r.cpuLimitMillicores, 1000) },
  { name: 'pids_max', help: 'Effective pids.max of the cgroup (+Inf: none).', value: (r) => limitValue(r.pidsMax) },
  { name: 'ns_last_pid_writable', help: 'Predicted: 1 when the container could set ns_last_pid, 0 when not.', value: (r) => bool(r.nsLastPid.predictedWritable) },
  { name: 'cap_sys_admin', help: '1 when CAP_SYS_ADMIN is in the effective set.', value: (r) => bool(r.capabilities.sysAdmin) },
  { name: 'cap_checkpoint_restore', help: '1 when CAP_CHECKPOINT_RESTORE is in the effective set.', value: (r) => bool(r.capabilities.checkpointRestore) },
];

function formatValue(v: number): string {
  return v === Infinity ? '+Inf' : String(v);
}

function family(name: string, help: string, samples: [Record<string, string>, number][]): string[] {
  const full = `init_preflight_${name}`;
  return [`# HELP ${full} ${help}`, `# TYPE ${full} gauge`, ...samples.map(([l, v]) => `${full}${labels(l)} ${formatValue(v)}`)];
}

export function renderPrometheus(report: ScanReport): string {
  const lines = ROW_FAMILIES.flatMap((f) =>
    family(f.name, f.help, report.rows.flatMap((r) => {
      const v = f.value(r);
      return v === null ? [] : [[rowLabels(r), v] as [Record<string, string>, number]];
    })),
  );
  const p = report.processes;
  lines.push(
    ...family('scan_processes', 'Processes listed in /proc, by what became of them.', [
      [{ state: 'scanned' }, p.scanned],
      [{ state: 'vanished' }, p.vanished],
      ...Object.entries(p.unreadable).map(([code, n]): [Record<string, string>, number] => [{ state: 'unreadable', errno: code }, n]),
    ]),
    ...family('scan_duration_seconds', 'How long the scan took.', [[{}, report.durationMs / 1000]]),
    ...family('scan_timestamp_seconds', 'When the scan finished (Unix time).', [[{}, Math.round(Date.parse(report.finishedAt) / 1000)]]),
  );
  return `${lines.join('\n')}\n`;
}

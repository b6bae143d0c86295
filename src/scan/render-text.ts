// The scan table: one line per row, worst first, in columns that read in `kubectl logs` too.
import { INITIAL_PID_NS_INODE } from '../parse/ns-link.js';
import type { Paint } from '../report/paint.js';
import type { Limit, ScanRow } from './assess.js';
import type { ScanReport } from './scan.js';

const VERDICT_STYLE = { ready: 'green', degraded: 'magenta', blocked: 'red' } as const;

/** `namespace/pod/container`, or what is known without names. */
export function identityOf(r: ScanRow): string {
  if (r.namespace !== null && r.pod !== null) return `${r.namespace}/${r.pod}/${r.container ?? '(sandbox)'}`;
  if (r.containerId !== null) return `container ${r.containerId.slice(0, 13)}`;
  return r.pidNamespace === INITIAL_PID_NS_INODE ? '(host)' : '(no container)';
}

function limitText(limit: Limit, format: (v: number) => string): string {
  if (limit.error !== undefined) return '?';
  return limit.value === null ? 'none' : format(limit.value);
}

const mebibytes = (v: number): string => `${Math.round((v / 2 ** 20) * 10) / 10}Mi`;
const millicores = (v: number): string => (v % 1000 === 0 ? String(v / 1000) : `${v}m`);

function nsLastPidText(r: ScanRow): string {
  const code = r.nsLastPid.codes[0];
  if (code !== undefined) return code.replace(/^NS_LAST_PID_/, '').toLowerCase().replace(/_/g, '-');
  return r.nsLastPid.predictedWritable === null ? 'unknown' : r.nsLastPid.predictedWritable ? 'writable' : 'no';
}

function capsText(r: ScanRow): string {
  const { effective, sysAdmin, checkpointRestore } = r.capabilities;
  if (effective === null) return '?';
  const notable = [sysAdmin ? 'SYS_ADMIN' : '', checkpointRestore ? 'CKPT_RESTORE' : ''].filter(Boolean);
  return [String(effective.length), ...notable].join(' ');
}

const HEADER = ['VERDICT', 'NAMESPACE/POD/CONTAINER', 'PIDNS', 'PID', 'COMM', 'PROCS', 'MEMORY', 'CPU', 'PIDS', 'NS_LAST_PID', 'CAPS', 'REASONS'];

function cells(r: ScanRow): string[] {
  return [
    r.verdict.toUpperCase(),
    identityOf(r),
    String(r.pidNamespace),
    String(r.pid),
    r.comm,
    String(r.processes),
    limitText(r.memoryLimitBytes, mebibytes),
    limitText(r.cpuLimitMillicores, millicores),
    limitText(r.pidsMax, String),
    nsLastPidText(r),
    capsText(r),
    r.reasons.join(',') || '-',
  ];
}

function summaryLine(report: ScanReport): string {
  const p = report.processes;
  const unreadable = Object.entries(p.unreadable).map(([code, n]) => `${n} unreadable (${code})`);
  const notes = [`${p.vanished} vanished`, ...unreadable].join(', ');
  return `init-preflight ${report.tool.version} scan: root ${report.root}, ${p.scanned} of ${p.listed} processes in ${report.rows.length} rows (${notes}), ${report.durationMs} ms`;
}

export function renderScanText(report: ScanReport, paint: Paint): string {
  const table = [HEADER, ...report.rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row, n) => {
    const text = row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
    return n === 0 ? paint(text, 'bold') : paint(text, VERDICT_STYLE[report.rows[n - 1]!.verdict]);
  });
  const names = report.containerNames;
  const notes = names.error === null ? [] : [`no pod names: ${names.dir}: ${names.error} (not a kubelet node, or --root is not the host's /)`];
  return `${[paint(summaryLine(report), 'bold'), ...notes, ...lines].join('\n')}\n`;
}

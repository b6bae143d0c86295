import { describe, expect, it } from 'vitest';
import type { ScanRow } from '../../../src/scan/assess.js';
import { escapeLabelValue, renderPrometheus } from '../../../src/scan/render-prometheus.js';
import type { ScanReport } from '../../../src/scan/scan.js';

const row = (over: Partial<ScanRow>): ScanRow => ({
  pidNamespace: 4026532200, containerId: 'c'.repeat(64), podUid: null, namespace: 'shop', pod: 'web', container: 'app', pid: 42, comm: 'app',
  processes: 3, memoryLimitBytes: { value: 268435456 }, cpuLimitMillicores: { value: 1500 }, pidsMax: { value: null },
  nsLastPid: { predictedWritable: false, codes: ['NS_LAST_PID_READ_ONLY'] }, capabilities: { effective: [], sysAdmin: false, checkpointRestore: null },
  verdict: 'degraded', reasons: ['NS_LAST_PID_READ_ONLY'], checks: [], ...over,
});

const report = (rows: ScanRow[]): ScanReport => ({
  schemaVersion: 1, tool: { name: 'init-preflight', version: '0' }, command: 'scan', root: '/', durationMs: 1500, finishedAt: '2026-01-01T00:00:00.000Z',
  processes: { listed: 10, scanned: 8, vanished: 1, unreadable: { EACCES: 1 } }, containerNames: { dir: '/var/log/containers', found: 1, error: null }, rows,
});

describe('prometheus textfile', () => {
  it('escapes backslash, double quote and newline in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it('one HELP and TYPE per family; unlimited is +Inf; unknown values have no sample', () => {
    const text = renderPrometheus(report([row({}), row({ pod: 'odd"pod', cpuLimitMillicores: { value: null, error: 'EACCES' } })]));
    const labels = `namespace="shop",pod="web",container="app",container_id="${'c'.repeat(64)}",pid_namespace="4026532200"`;
    expect(text).toContain(`init_preflight_verdict{${labels}} 1\n`);
    expect(text).toContain(`init_preflight_cpu_limit_cores{${labels}} 1.5\n`);
    expect(text).toContain(`init_preflight_pids_max{${labels}} +Inf\n`);
    expect(text).toContain(`init_preflight_ns_last_pid_writable{${labels}} 0\n`);
    expect(text).not.toMatch(/init_preflight_cap_checkpoint_restore\{/);
    expect(text).toContain('pod="odd\\"pod"');
    expect(text.match(/^init_preflight_cpu_limit_cores\{/gm)).toHaveLength(1);
    expect(text.match(/^# TYPE init_preflight_verdict gauge$/gm)).toHaveLength(1);
    expect(text).toContain('init_preflight_scan_processes{state="unreadable",errno="EACCES"} 1\n');
    expect(text).toContain('init_preflight_scan_timestamp_seconds 1767225600\n');
    // Every sample line is `name{labels} value` or `name value`.
    for (const line of text.trimEnd().split('\n').filter((l) => !l.startsWith('#'))) expect(line).toMatch(/^init_preflight_[a-z_]+(\{.*\})? (\+Inf|-?\d+(\.\d+)?)$/);
  });
});

// Real cgroup v2 on Debian's 5.10, 6.1 and 6.12 kernels: each scenario of test/vm/scenarios.sh
// set real limits in a micro-VM, and the tool's JSON must report exactly those.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOf, describeE2E } from '../support/e2e.js';
import type { ReportJson } from '../support/e2e.js';
import type { VmRun } from './harness.js';
import { buildInitramfs, fetchKernels, KERNELS, removeInitramfs, reportOf, runVm, VM_PREREQUISITES } from './harness.js';

const MiB = 1024 * 1024;
const CG = '/sys/fs/cgroup';

function facts(report: ReportJson, id: string): Record<string, unknown> {
  return checkOf(report, id).facts;
}

function codes(report: ReportJson, id: string): string[] {
  return checkOf(report, id).findings.map((f) => f.code);
}

/** Inside a cgroup namespace the limits above it are hidden: never "unlimited", always a finding. */
function expectLimitsHidden(report: ReportJson): void {
  expect(facts(report, 'cgroup-memory')).toMatchObject({ path: '/', limitBytes: null, ancestorsVisible: false });
  expect(codes(report, 'cgroup-memory')).toEqual(['MEMORY_LIMIT_NOT_VISIBLE']);
  expect(codes(report, 'cgroup-cpu')).toEqual(['CPU_LIMIT_NOT_VISIBLE']);
  expect(codes(report, 'cgroup-pids')).toEqual(['PIDS_LIMIT_NOT_VISIBLE']);
}

describeE2E('cgroup v2 in micro-VMs on Debian kernels', VM_PREREQUISITES, () => {
  let initrd = '';
  beforeAll(async () => {
    await fetchKernels();
    initrd = await buildInitramfs();
  }, 900_000);
  afterAll(async () => {
    if (initrd) await removeInitramfs(initrd);
  });

  for (const kernel of KERNELS) {
    describe(`Linux ${kernel.series} (${kernel.suite})`, () => {
      let vm: VmRun;
      beforeAll(async () => {
        vm = await runVm(kernel, initrd);
        console.log(`VM ${kernel.series}: ${vm.seconds.toFixed(1)} s; ${vm.notes.concat(vm.skips).join('; ')}`);
      }, 660_000);

      it('kernel: the release string and the patch level Debian keeps in /proc/version', () => {
        const f = facts(reportOf(vm, 'parent-limits'), 'kernel');
        expect(String(f.release)).toMatch(new RegExp(`^${kernel.series.replace('.', '\\.')}\\.\\d+[-+].*amd64$`));
        // Debian's 5.10.0-32 and 6.1.0-50 are 5.10.223 and 6.1.176: the patch level is never 0.
        expect(String(f.distributionVersion)).toMatch(new RegExp(`^${kernel.series.replace('.', '\\.')}\\.[1-9]\\d*$`));
        expect(f.meetsMinimum).toBe(true);
      });

      it('limits on a pod-like parent bind its unlimited child; throttling is read where the quota throttles', () => {
        const report = reportOf(vm, 'parent-limits');
        expect(facts(report, 'cgroup-memory')).toMatchObject({ version: 'v2', path: '/pod1/ctr', limitBytes: 200 * MiB, limitSource: `${CG}/pod1/memory.max`, ancestorsVisible: true });
        expect(codes(report, 'cgroup-memory')).toEqual([]);
        const cpu = facts(report, 'cgroup-cpu');
        expect(cpu).toMatchObject({ quotaMillicores: 500, source: `${CG}/pod1/cpu.max`, throttledSource: `${CG}/pod1/cpu.stat` });
        expect(cpu.throttledPeriods).toBeGreaterThan(0);
        expect(cpu.throttledPeriodsAlongPath).toBeGreaterThanOrEqual(Number(cpu.throttledPeriods));
        expect(facts(report, 'cgroup-pids')).toMatchObject({ limit: 100, limitSource: `${CG}/pod1/pids.max` });
      });

      it('a tighter leaf wins, memory.high is reported beside it, and forks the pod\'s pids.max refused are counted', () => {
        const report = reportOf(vm, 'tighter-leaf');
        expect(facts(report, 'cgroup-memory')).toMatchObject({ limitBytes: 150 * MiB, limitSource: `${CG}/pod2/ctr/memory.max`, highBytes: 120 * MiB });
        const pids = facts(report, 'cgroup-pids');
        expect(pids).toMatchObject({ limit: 64, limitSource: `${CG}/pod2/pids.max` });
        expect(pids.current).toBeGreaterThanOrEqual(1);
        expect(pids.maxEvents).toBeGreaterThanOrEqual(1);
        expect(codes(report, 'cgroup-pids')).toEqual(['PIDS_FORKS_REFUSED']);
      });

      it('a real OOM kill is counted', () => {
        expect(vm.notes).toContain('oom-kill dd-exit=137');
        const report = reportOf(vm, 'oom-kill');
        expect(facts(report, 'cgroup-memory')).toMatchObject({ limitBytes: 100 * MiB, oomKills: 1, oomKillsSource: `${CG}/pod4/ctr/memory.events` });
        expect(codes(report, 'cgroup-memory')).toContain('MEMORY_OOM_KILLED');
      });

      it('memory not enabled at the leaf: usage and OOM kills from the pod, which has the controller', () => {
        const f = facts(reportOf(vm, 'memory-off-at-leaf'), 'cgroup-memory');
        expect(f).toMatchObject({ limitBytes: 200 * MiB, limitSource: `${CG}/pod5/memory.max`, usageSource: `${CG}/pod5/memory.current`, oomKills: 0 });
        expect(f.usageBytes).toBeGreaterThan(0);
      });

      it('inside a cgroup namespace the limits above are hidden: never "unlimited", always a finding', () => {
        const report = reportOf(vm, 'cgroupns-inside');
        expectLimitsHidden(report);
        for (const id of ['cgroup-memory', 'cgroup-cpu', 'cgroup-pids']) expect(checkOf(report, id).status).toBe('warn');
      });

      it('from the node, --pid reads that process through the node\'s own mounts and sees the pod', () => {
        const report = reportOf(vm, 'cgroupns-from-node');
        expect(facts(report, 'cgroup-memory')).toMatchObject({ path: '/pod8/ctr', limitBytes: 100 * MiB, limitSource: `${CG}/pod8/memory.max`, ancestorsVisible: true });
        expect(facts(report, 'cgroup-cpu')).toMatchObject({ quotaMillicores: 500, source: `${CG}/pod8/cpu.max` });
        expect(facts(report, 'cgroup-pids')).toMatchObject({ limit: 80, limitSource: `${CG}/pod8/pids.max` });
      });

      if (kernel.series === '6.12') {
        it('threads count as tasks: as the image starts it, the tool reports under pids.max 7', () => {
          const report = reportOf(vm, 'pids-floor-image');
          expect(facts(report, 'cgroup-pids')).toMatchObject({ limit: 7, limitSource: `${CG}/floor/image/pids.max` });
          expect(codes(report, 'cgroup-pids')).toContain('PIDS_LIMIT_TOO_LOW');
        });
      }

      if (kernel.series === '5.10') {
        it('runc is not run on 5.10, and the VM says so', () => {
          expect(vm.skips.join('\n')).toMatch(/^runc .*5\.10/m);
        });
      } else {
        it('runc without a cgroup namespace: the pod\'s limits are visible', () => {
          const report = reportOf(vm, 'runc-plain');
          expect(facts(report, 'cgroup-memory')).toMatchObject({ path: '/pod9/runc', limitBytes: 100 * MiB, limitSource: `${CG}/pod9/memory.max` });
          expect(facts(report, 'cgroup-cpu')).toMatchObject({ quotaMillicores: 500 });
          expect(facts(report, 'cgroup-pids')).toMatchObject({ limit: 90 });
        });

        it('runc with a cgroup namespace: the pod\'s limits are hidden and the report says so', () => {
          expectLimitsHidden(reportOf(vm, 'runc-cgroupns'));
        });
      }
    });
  }
});

// Micro-VMs for the cgroup v2 tests: Debian's own kernels booted in QEMU with an initramfs that
// holds the bundle and test/vm/scenarios.sh, whose results come back over the serial console.
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE } from '../support/e2e.js';
import type { Prerequisites, ReportJson } from '../support/e2e.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPTS = path.join(REPO, 'scripts/vm');
export const VM_CACHE = process.env.PREFLIGHT_VM_CACHE ?? '/var/cache/init-preflight-vm';

export interface Kernel {
  suite: string;
  /** major.minor, as the scenarios and the tests name it. */
  series: string;
}

export const KERNELS: readonly Kernel[] = [
  { suite: 'bullseye', series: '5.10' },
  { suite: 'bookworm', series: '6.1' },
  { suite: 'trixie', series: '6.12' },
];

export const VM_PREREQUISITES: Prerequisites = {
  root: true,
  tools: ['qemu-system-x86_64', 'cpio', 'strip', 'apt-get', 'dpkg-deb', 'runc'],
  paths: ['/bin/busybox', '/usr/bin/unshare', '/usr/share/keyrings/debian-archive-keyring.gpg'],
};

// One boot runs every scenario of a kernel; TCG makes node slow, so allow minutes, not seconds.
const BOOT_TIMEOUT_MS = 300_000;

export interface ScenarioRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface VmRun {
  scenarios: Map<string, ScenarioRun>;
  /** `@@NOTE …` and `@@SKIP …` lines, without the marker. */
  notes: string[];
  skips: string[];
  seconds: number;
  console: string;
}

/** Fetches (or finds in the cache) the three kernels; returns nothing, throws with apt's words. */
export async function fetchKernels(): Promise<void> {
  await execa(path.join(SCRIPTS, 'fetch-kernels.sh'), { env: { VM_CACHE }, timeout: 600_000 });
}

/** Builds the scenario initramfs once for every kernel; the caller removes its directory. */
export async function buildInitramfs(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'preflight-vm-'));
  const initrd = path.join(dir, 'initrd.cpio');
  await execa(path.join(SCRIPTS, 'build-initramfs.sh'), [initrd, BUNDLE, path.join(REPO, 'test/vm/scenarios.sh')], { env: { VM_CACHE }, timeout: 300_000 });
  return initrd;
}

export async function removeInitramfs(initrd: string): Promise<void> {
  await rm(path.dirname(initrd), { recursive: true, force: true });
}

/**
 * Boots the kernel with the initramfs and parses what the scenarios printed. A boot that oopses
 * or never reaches the end is retried once: TCG occasionally trips a kernel on a single CPU.
 */
export async function runVm(kernel: Kernel, initrd: string): Promise<VmRun> {
  const first = await boot(kernel, initrd);
  if (bootProblem(first) === null) return first;
  await keepConsole(kernel, first, 'failed');
  const second = await boot(kernel, initrd);
  const problem = bootProblem(second);
  if (problem !== null) throw new Error(`${kernel.suite} ${kernel.series}: ${problem} (twice); console tail:\n${second.console.slice(-3000)}`);
  return second;
}

export function bootProblem(run: Pick<VmRun, 'console'>): string | null {
  if (/\b(?:Oops|Kernel panic|BUG:|general protection fault)/.test(run.console)) return 'the kernel oopsed';
  if (!run.console.includes('@@VM-DONE')) return 'the scenarios did not finish';
  return null;
}

async function boot(kernel: Kernel, initrd: string): Promise<VmRun> {
  const started = performance.now();
  // PREFLIGHT_VM_ACCEL=kvm where /dev/kvm really runs these kernels; TCG everywhere else.
  const accel = process.env.PREFLIGHT_VM_ACCEL === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg', '-cpu', 'max'];
  const result = await execa(
    'qemu-system-x86_64',
    [
      ...accel,
      ...['-smp', '1', '-m', '1024', '-nographic', '-no-reboot', '-nodefaults', '-serial', 'stdio', '-display', 'none'],
      ...['-kernel', path.join(VM_CACHE, 'kernels', kernel.suite, 'vmlinuz'), '-initrd', initrd],
      ...['-append', 'console=ttyS0 cgroup_no_v1=all panic=-1 quiet'],
    ],
    { reject: false, timeout: BOOT_TIMEOUT_MS, stdin: 'ignore', all: true },
  );
  // The serial line turns every newline into CRLF.
  const console = String(result.all ?? '').replaceAll('\r', '');
  const run = { ...parseConsole(console), seconds: (performance.now() - started) / 1000, console };
  await keepConsole(kernel, run, 'last');
  return run;
}

/** The whole console beside the kernels, to read after a CI run: `<suite>-last.log`, `<suite>-failed.log`. */
async function keepConsole(kernel: Kernel, run: VmRun, which: 'last' | 'failed'): Promise<void> {
  await writeFile(path.join(VM_CACHE, `${kernel.suite}-${which}.log`), run.console);
}

/** Splits the console into the scenarios' `@@OUT name rc` … `@@ERR name` … `@@END name` blocks. */
export function parseConsole(console: string): Omit<VmRun, 'seconds' | 'console'> {
  const scenarios = new Map<string, ScenarioRun>();
  const notes: string[] = [];
  const skips: string[] = [];
  const blocks = /^@@OUT (.+) (\d+)\n([\s\S]*?)^@@ERR \1\n([\s\S]*?)^@@END \1$/gm;
  for (const m of console.matchAll(blocks)) scenarios.set(m[1]!, { exitCode: Number(m[2]), stdout: m[3]!, stderr: m[4]! });
  for (const m of console.matchAll(/^@@NOTE (.*)$/gm)) notes.push(m[1]!);
  for (const m of console.matchAll(/^@@SKIP (.*)$/gm)) skips.push(m[1]!);
  return { scenarios, notes, skips };
}

/** The tool's JSON report of one scenario; a missing scenario or non-JSON output fails the test. */
export function reportOf(vm: VmRun, scenario: string): ReportJson {
  const run = vm.scenarios.get(scenario);
  if (!run) throw new Error(`scenario ${scenario} printed nothing; console tail:\n${vm.console.slice(-2000)}`);
  try {
    return JSON.parse(run.stdout) as ReportJson;
  } catch {
    throw new Error(`scenario ${scenario}: stdout is not JSON (exit ${run.exitCode}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

// Shared by the end-to-end tests: run the built bundle as a child process, and gate tests on
// prerequisites (root, tools) — skipped locally with a reason, a failure under PREFLIGHT_E2E=required.
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';

export const BUNDLE = path.resolve('dist/init-preflight.cjs');
export const E2E_REQUIRED = process.env.PREFLIGHT_E2E === 'required';

export interface Prerequisites {
  root?: boolean;
  tools?: string[];
  /** Files or directories the scenario needs, e.g. a cgroup v1 hierarchy. */
  paths?: string[];
}

export function hasTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why this machine cannot run a test group, or null when it can. */
export function missingPrerequisite(pre: Prerequisites): string | null {
  if (!existsSync(BUNDLE)) return `the bundle ${BUNDLE} is not built (npm run build)`;
  if (pre.root && process.getuid?.() !== 0) return 'needs root';
  const tool = pre.tools?.find((t) => !hasTool(t));
  if (tool) return `needs ${tool} on PATH`;
  const missing = pre.paths?.find((p) => !existsSync(p));
  return missing ? `needs ${missing}` : null;
}

/**
 * describe() for tests that need a real kernel scenario. A missing prerequisite skips the group
 * with its reason, except under PREFLIGHT_E2E=required (CI), where it is a failing test.
 */
export function describeE2E(name: string, pre: Prerequisites, body: () => void): void {
  const why = missingPrerequisite(pre);
  if (why && E2E_REQUIRED) {
    describe(name, () => {
      it('has its prerequisites (PREFLIGHT_E2E=required)', () => {
        throw new Error(`cannot run: ${why}`);
      });
    });
    return;
  }
  describe.skipIf(why !== null)(why ? `${name} [skipped: ${why}]` : name, body);
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** A command prefix that sets up the scenario, e.g. ['unshare', '--pid', '--fork', '--mount-proc']. */
  wrap?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** The test runner's own PREFLIGHT_* variables (PREFLIGHT_E2E) must not reach the CLI. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PREFLIGHT_') && v !== undefined) env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

export async function runCli(args: string[], opts: RunOptions = {}): Promise<CliRun> {
  const [cmd, ...prefix] = [...(opts.wrap ?? []), process.execPath];
  const r = await execa(cmd!, [...prefix, BUNDLE, ...args], {
    reject: false,
    env: cleanEnv(opts.env),
    extendEnv: false,
    timeout: opts.timeoutMs ?? 20_000,
    stdin: 'ignore',
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export interface ReportFinding {
  code: string;
  severity: string;
  message: string;
  remedy: string;
  patch?: { spec: { template: { spec: Record<string, unknown> } } };
}

export interface ReportJson {
  verdict: string;
  exitCode: number;
  reasons: string[];
  checks: { id: string; status: string; facts: Record<string, unknown>; findings: ReportFinding[]; skipReason?: string }[];
  handoff: { dir: string; generation: string | null; flagWritten: boolean; flagRemoved: boolean; files: string[]; kept: string[]; error: string | null } | null;
}

/** Runs with --output json and parses stdout, which must hold only the JSON document. */
export async function runJson(args: string[], opts: RunOptions = {}): Promise<{ run: CliRun; report: ReportJson }> {
  const run = await runCli([...args, '--output', 'json'], opts);
  try {
    return { run, report: JSON.parse(run.stdout) as ReportJson };
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.exitCode}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

export function checkOf(report: ReportJson, id: string): ReportJson['checks'][number] {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in the report`);
  return found;
}

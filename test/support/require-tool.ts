// Gate for tests that need a tool on PATH: locally they skip with a reason; in CI
// (PREFLIGHT_E2E=required) a missing tool is an error, so a green CI never hides skipped tests.
import { spawnSync } from 'node:child_process';

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v "$1"`, 'sh', name], { stdio: 'ignore' }).status === 0;
}

/** True when every tool is present; otherwise false (skip) or, when required, throws. */
export function requireTools(...names: string[]): boolean {
  const missing = names.filter((n) => !hasTool(n));
  if (missing.length === 0) return true;
  const reason = `missing tool(s): ${missing.join(', ')}`;
  if (process.env.PREFLIGHT_E2E === 'required') throw new Error(`${reason} (PREFLIGHT_E2E=required)`);
  console.warn(`skipping: ${reason}`);
  return false;
}

// Gate for unit tests that need a tool on PATH (fixture builds): locally they skip with a
// reason; under PREFLIGHT_E2E=required (CI) a missing tool is an error, so a green CI never
// hides skipped tests. End-to-end groups use describeE2E from e2e.ts instead.
import { E2E_REQUIRED, hasTool } from './e2e.js';

/** True when every tool is present; otherwise false (skip) or, when required, throws. */
export function requireTools(...names: string[]): boolean {
  const missing = names.filter((n) => !hasTool(n));
  if (missing.length === 0) return true;
  const reason = `missing tool(s): ${missing.join(', ')}`;
  if (E2E_REQUIRED) throw new Error(`${reason} (PREFLIGHT_E2E=required)`);
  console.warn(`skipping: ${reason}`);
  return false;
}

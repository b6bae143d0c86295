// Decides whether a test file that needs the real kernel (root, an OCI runtime) runs. Locally a
// missing prerequisite skips with the reason; with PREFLIGHT_E2E=required (CI) it fails instead,
// so a CI machine that lost runc cannot turn the end-to-end suite green by skipping it.
import { execFileSync } from 'node:child_process';

export interface E2eNeeds {
  root?: boolean;
  commands?: readonly string[];
}

function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function missing(needs: E2eNeeds): string[] {
  const gaps: string[] = [];
  if (needs.root && process.getuid?.() !== 0) gaps.push('root');
  for (const cmd of needs.commands ?? []) if (!hasCommand(cmd)) gaps.push(`\`${cmd}\` on PATH`);
  return gaps;
}

/** The reason to skip, or undefined to run. Throws when the suite is required but cannot run. */
export function e2eSkipReason(needs: E2eNeeds): string | undefined {
  const gaps = missing(needs);
  if (gaps.length === 0) return undefined;
  const reason = `needs ${gaps.join(', ')}`;
  if (process.env.PREFLIGHT_E2E === 'required') {
    throw new Error(`PREFLIGHT_E2E=required but this end-to-end suite ${reason}`);
  }
  console.warn(`skipping end-to-end suite: ${reason} (set PREFLIGHT_E2E=required to make this fail)`);
  return reason;
}

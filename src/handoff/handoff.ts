// run mode's handoff to the app container (docs/design.md, "Handoff"): flag iff degraded,
// preflight.env, preflight.json — each replaced atomically; only these exact names are touched.
import { stat } from 'node:fs/promises';
import { errnoOf, messageOf } from '../core/result.js';
import type { Verdict } from '../core/types.js';
import { removeFile, writeFileAtomic } from './atomic-file.js';
import { renderEnvFile, type EnvVars } from './env-file.js';

/** What the handoff directory holds after the run; `error` is what stopped the writing. */
export interface HandoffSummary {
  dir: string;
  flagWritten: boolean;
  flagRemoved: boolean;
  files: string[];
  error: string | null;
}

export const ENV_FILE = 'preflight.env';
export const JSON_FILE = 'preflight.json';

export interface HandoffPlan {
  dir: string;
  flagName: string;
  verdict: Verdict;
  reasons: readonly string[];
  env: EnvVars;
  /** The report, rendered with the summary of what was written before it. */
  renderReport(summary: HandoffSummary): string;
}

async function assertHandoffDirectory(dir: string): Promise<void> {
  const info = await stat(dir);
  if (!info.isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
}

export async function writeHandoff(plan: HandoffPlan): Promise<HandoffSummary> {
  const summary: HandoffSummary = { dir: plan.dir, flagWritten: false, flagRemoved: false, files: [], error: null };
  try {
    await assertHandoffDirectory(plan.dir);
    if (plan.verdict === 'degraded') {
      await writeFileAtomic(plan.dir, plan.flagName, plan.reasons.map((r) => `${r}\n`).join(''));
      summary.flagWritten = true;
      summary.files.push(plan.flagName);
    } else {
      summary.flagRemoved = await removeFile(plan.dir, plan.flagName);
    }
    await writeFileAtomic(plan.dir, ENV_FILE, renderEnvFile(plan.env));
    summary.files.push(ENV_FILE, JSON_FILE);
    await writeFileAtomic(plan.dir, JSON_FILE, plan.renderReport(summary));
  } catch (err) {
    summary.files = summary.files.filter((f) => f !== JSON_FILE);
    // Node's messages already start with the errno ("ENOENT: no such file…"); ours may not.
    const message = messageOf(err);
    const errno = errnoOf(err);
    summary.error = message.startsWith(errno) ? message : `${errno}: ${message}`;
  }
  return summary;
}

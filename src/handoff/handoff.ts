// run mode's handoff to the app container (docs/design.md, "Handoff"): flag iff degraded,
// preflight.env, preflight.json — one generation, written under the directory's lock, all or
// nothing; only these exact names (and their fixed temporary names) are touched.
import { stat } from '../probe/async-fs.js';
import { errnoOf, messageOf } from '../core/result.js';
import type { Verdict } from '../core/types.js';
import { renderEnvFile, type EnvVars } from './env-file.js';
import { commit, prepare, present, removeTemps, type Entry } from './generation.js';
import { self, tempName } from './holder.js';
import { acquireLock, type Lock } from './lock.js';
import type { RunSignal } from '../core/abort.js';

/** What the handoff directory holds after the run; `error` is what stopped the writing. */
export interface HandoffSummary {
  dir: string;
  /** The id written into preflight.env and preflight.json of this run's files; null when none landed. */
  generation: string | null;
  flagWritten: boolean;
  flagRemoved: boolean;
  /** The names that now hold this run's files. */
  files: string[];
  /** The names that still hold what an earlier run (or someone else) left there. */
  kept: string[];
  error: string | null;
}

export const ENV_FILE = 'preflight.env';
export const JSON_FILE = 'preflight.json';
export const GENERATION_VARIABLE = 'PREFLIGHT_GENERATION';

export interface HandoffPlan {
  dir: string;
  flagName: string;
  verdict: Verdict;
  reasons: readonly string[];
  env: EnvVars;
  /** The report, rendered with the summary of the handoff as it will be once committed. */
  renderReport(summary: HandoffSummary): string;
  /** Epoch ms after which waiting for another run's lock gives up. */
  deadline: number;
  /** An interruption before the renames leaves the directory as it was. */
  signal: RunSignal;
}

async function assertHandoffDirectory(dir: string): Promise<void> {
  const info = await stat(dir);
  if (!info.isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
}

function describe(err: unknown): string {
  if (errnoOf(err) === 'ABORT_ERR' || (err as Error | null)?.name === 'AbortError') return 'interrupted before the files were replaced';
  // Node's messages already start with the errno ("ENOENT: no such file…"); ours may not.
  const message = messageOf(err);
  const errno = errnoOf(err);
  return message.startsWith(errno) ? message : `${errno}: ${message}`;
}

/**
 * 16 hex digits that tell one run's files from another's. Unique, not secret: V8 seeds
 * Math.random from the kernel's entropy per process, and node:crypto would load the streams
 * (docs/design.md, "Start-up").
 */
function newGeneration(): string {
  const word = () => Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0');
  return word() + word();
}

export async function writeHandoff(plan: HandoffPlan): Promise<HandoffSummary> {
  const generation = newGeneration();
  const names = [plan.flagName, ENV_FILE, JSON_FILE];
  const summary: HandoffSummary = { dir: plan.dir, generation: null, flagWritten: false, flagRemoved: false, files: [], kept: [], error: null };
  let lock: Lock | null = null;
  try {
    await assertHandoffDirectory(plan.dir);
    lock = await acquireLock(plan.dir, await self(names.map(tempName)), plan.deadline, plan.signal);
    const flag = plan.verdict === 'degraded' ? plan.reasons.map((r) => `${r}\n`).join('') : null;
    const flagPresent = (await present(plan.dir, [plan.flagName])).length > 0;
    const committed: HandoffSummary = {
      ...summary,
      generation,
      flagWritten: flag !== null,
      flagRemoved: flag === null && flagPresent,
      files: [...(flag !== null ? [plan.flagName] : []), ENV_FILE, JSON_FILE],
    };
    // The flag first: a reader that sees the new flag beside the old preflight.env can tell
    // (PREFLIGHT_DISABLE_PID_NS, PREFLIGHT_REASONS); preflight.json last marks the generation whole.
    const entries: Entry[] = [
      { name: plan.flagName, content: flag },
      { name: ENV_FILE, content: renderEnvFile([...plan.env, [GENERATION_VARIABLE, generation]]) },
      { name: JSON_FILE, content: plan.renderReport(committed) },
    ];
    await prepare(plan.dir, entries);
    // The last moment an interruption leaves the previous generation whole; the renames that
    // follow take microseconds and always run to the end.
    plan.signal.throwIfAborted();
    await commit(plan.dir, entries, (name, changed) => {
      if (name === plan.flagName && flag === null) summary.flagRemoved = changed;
      else {
        summary.files.push(name);
        summary.generation = generation;
      }
      summary.flagWritten ||= name === plan.flagName && flag !== null;
    });
  } catch (err) {
    // The fixed temporary names are the lock holder's: without the lock they are another run's.
    if (lock !== null) await removeTemps(plan.dir, names);
    summary.error = describe(err);
    summary.kept = await present(plan.dir, names.filter((n) => !summary.files.includes(n) && !(n === plan.flagName && summary.flagRemoved)));
  } finally {
    await lock?.release();
  }
  return summary;
}

// The frame both cgroup checks share: locate the controller's cgroup, measure it, judge it,
// and turn anything that stops the reading into an error outcome instead of a throw.
import type { ProbeContext } from '../context.js';
import type { CheckOutcome, Facts } from '../types.js';
import type { Bound, Candidate } from './files.js';
import { CgroupReadError, requireDirectory } from './files.js';
import { locateController, missingControllerReason } from './locate.js';
import type { CgroupLocation } from './mounts.js';

/**
 * `judge` also runs without a reading (undefined): the app container's limits come from the
 * command line, so the policy can still judge them when this cgroup cannot be read.
 */
export async function runCgroupCheck<R>(
  ctx: ProbeContext,
  controller: string,
  measure: (location: CgroupLocation) => Promise<R>,
  judge: (reading: R | undefined, facts: Facts) => CheckOutcome,
): Promise<CheckOutcome> {
  const facts: Facts = { version: null, hierarchy: null, mountPoint: null, path: null };
  try {
    const view = await locateController(ctx, controller);
    facts.version = view.version;
    const location = view.location;
    if (!location) return withError(judge(undefined, facts), missingControllerReason(view, controller));
    Object.assign(facts, { hierarchy: location.hierarchy, mountPoint: location.mountPoint, path: location.cgroupPath });
    await requireDirectory(ctx, location.levels[0]!);
    return judge(await measure(location), facts);
  } catch (err) {
    return withError(judge(undefined, facts), err instanceof CgroupReadError ? err.message : `unexpected: ${String(err)}`);
  }
}

// The reason also goes into the facts: a null limit there would otherwise read as "unlimited".
function withError(outcome: CheckOutcome, reason: string): CheckOutcome {
  return { ...outcome, facts: { ...outcome.facts, error: reason }, error: reason };
}

/** The text report's few words: the limit, unknown when it could not be read. */
export function summarizeLimit(facts: Facts, value: unknown, format: (value: number) => string): string {
  const where = String(facts.hierarchy ?? facts.version ?? '?');
  if (facts.error !== undefined) return `unknown (${where})`;
  return `${value === null ? 'unlimited' : format(Number(value))} (${where})`;
}

/** A limit file must exist at one of these levels, or the reading means nothing. */
export function requireLimitFile(candidates: readonly (Candidate | undefined)[], file: string): void {
  if (candidates.every((c) => c === undefined)) throw new CgroupReadError(`${file} does not exist`);
}

export interface LimitPolicy {
  /** What is limited, for the message: "Memory limit", "CPU limit". */
  what: string;
  /** The app container's limit from the command line, and that option's name. */
  app: number | undefined;
  appOption: string;
  own: Bound;
  minimum: number;
  minOption: string;
  format: (value: number) => string;
}

/**
 * The limit the policy judges (DESIGN §5): the app container's when given, else this cgroup's;
 * with the message that says so when it is below the minimum.
 */
export function judgeLimit(p: LimitPolicy): { value: number | null; shortfall: string | null } {
  const { value, from } = p.app !== undefined ? { value: p.app, from: p.appOption } : { value: p.own.value, from: p.own.source ?? '' };
  const low = value !== null && value < p.minimum;
  return { value, shortfall: low ? `${p.what} ${p.format(value)} from ${from} is below ${p.minOption} ${p.format(p.minimum)}.` : null };
}

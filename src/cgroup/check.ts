// The frame both cgroup checks share: locate the controller's cgroup, measure it, judge it,
// and turn anything that stops the reading into an error outcome instead of a throw.
import type { ProbeContext } from '../context.js';
import type { CheckOutcome, Facts } from '../types.js';
import type { Bound, Candidate } from './files.js';
import { CgroupReadError, requireDirectory } from './files.js';
import { locateController, missingControllerReason } from './locate.js';
import type { CgroupLocation } from './mounts.js';

/**
 * `judge` also runs without a reading (undefined) so that a check can still judge the app's
 * own limits, which come from the command line, when the cgroup cannot be read.
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

function withError(outcome: CheckOutcome, reason: string): CheckOutcome {
  return { ...outcome, error: reason };
}

/** A limit file must exist at one of these levels, or the reading means nothing. */
export function requireLimitFile(candidates: readonly (Candidate | undefined)[], file: string): void {
  if (candidates.every((c) => c === undefined)) throw new CgroupReadError(`${file} does not exist`);
}

/** The limit policy judges (DESIGN §5): the app container's when given, else this cgroup's. */
export function judgedLimit(app: number | undefined, option: string, own: Bound): { value: number | null; from: string } {
  return app !== undefined ? { value: app, from: option } : { value: own.value, from: own.source ?? '' };
}

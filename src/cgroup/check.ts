// The frame both cgroup checks share: locate the controller's cgroup, measure it, judge it,
// and turn anything that stops the reading into an undecided outcome instead of a throw.
import { messageOf } from '../core/result.js';
import type { Finding, ProbeOutcome } from '../core/types.js';
import type { ProbeContext } from '../probe/context.js';
import type { Bound, Candidate, CgroupFiles } from './files.js';
import { CgroupReadError, requireDirectory } from './files.js';
import { locateController, missingControllerReason } from './locate.js';
import type { CgroupLocation, CgroupVersion, Hierarchy } from './mounts.js';

/** Where the controller's cgroup was found; `error` says why the reading stopped. */
export interface CgroupPlace {
  version: CgroupVersion | null;
  hierarchy: Hierarchy | null;
  mountPoint: string | null;
  path: string | null;
  /**
   * False when limits may exist above what the walk can read (a cgroup namespace, or a mount
   * whose root is the container's own cgroup); null when unknown.
   */
  ancestorsVisible: boolean | null;
  /** Also a fact: a null limit would otherwise read as "unlimited". */
  error?: string;
}

export interface Judged<F> {
  facts: F;
  findings: Finding[];
}

/**
 * `judge` also runs without a reading (undefined): the app container's limits come from the
 * command line, so the policy can still judge them when this cgroup cannot be read.
 */
export async function runCgroupCheck<R, F extends CgroupPlace>(
  ctx: ProbeContext,
  controller: string,
  measure: (location: CgroupLocation, files: CgroupFiles) => Promise<R>,
  judge: (reading: R | undefined, place: CgroupPlace) => Judged<F>,
): Promise<ProbeOutcome<F>> {
  let place: CgroupPlace = { version: null, hierarchy: null, mountPoint: null, path: null, ancestorsVisible: null };
  const stop = (reason: string): ProbeOutcome<F> => {
    const judged = judge(undefined, { ...place, error: reason });
    return { ...judged, error: reason };
  };
  try {
    const view = await locateController(ctx, controller);
    place = { ...place, version: view.version };
    const location = view.location;
    if (!location) return stop(missingControllerReason(view, controller));
    place = { ...place, hierarchy: location.hierarchy, mountPoint: location.mountPoint, path: location.cgroupPath, ancestorsVisible: view.ancestorsVisible };
    const files = { root: view.files };
    await requireDirectory(files, location.levels[0]!);
    return judge(await measure(location, files), place);
  } catch (err) {
    return stop(err instanceof CgroupReadError ? err.message : `unexpected: ${messageOf(err)}`);
  }
}

/**
 * The text report's few words. With the app container's limit given, that is the story (this
 * container's own limit stays in the facts); else this cgroup's limit, unknown when unreadable.
 */
export function summarizeLimit(place: CgroupPlace, own: number | null, app: number | null, format: (value: number) => string): string {
  if (app !== null) return `app ${format(app)}`;
  const where = place.hierarchy ?? place.version ?? '?';
  if (place.error !== undefined) return `unknown (${where})`;
  return `${own === null ? 'unlimited' : format(own)} (${where})`;
}

/**
 * True when the walk found no limit but cannot see the cgroups above it: "unlimited" would be a
 * guess, and a wrong one in most pods (the pod's cgroup above the container's holds the limit).
 */
export function limitHidden(place: CgroupPlace, value: number | null): boolean {
  return value === null && place.error === undefined && place.ancestorsVisible === false;
}

/** The finding message both cgroup checks and cgroup-pids use for a hidden limit. */
export function hiddenLimitMessage(what: string, place: CgroupPlace): string {
  return `No ${what} is visible from cgroup ${place.path ?? '?'} up to the mount at ${place.mountPoint ?? '?'}, and the cgroups above it are hidden (cgroup namespace, or a mount rooted at the container's cgroup): a limit set on the pod's cgroup cannot be read from here.`;
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
 * The limit the policy judges: the app container's when given, else this cgroup's; with the
 * message that says so when it is below the minimum.
 */
export function judgeLimit(p: LimitPolicy): { value: number | null; shortfall: string | null } {
  const { value, from } = p.app !== undefined ? { value: p.app, from: p.appOption } : { value: p.own.value, from: p.own.source ?? '' };
  const low = value !== null && value < p.minimum;
  return { value, shortfall: low ? `${p.what} ${p.format(value)} from ${from} is below ${p.minOption} ${p.format(p.minimum)}.` : null };
}

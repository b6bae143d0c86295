// The frame both cgroup checks share: locate the controller's cgroup, measure it, judge it,
// and turn anything that stops the reading into an undecided outcome instead of a throw.
import { defineCheck, type CheckDefinition } from '../core/check.js';
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
async function runCgroupCheck<R, F extends CgroupPlace>(
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

export interface CgroupCheckSpec<R, F extends CgroupPlace> {
  id: string;
  controller: string;
  /** How the controller must be there, for the error remedy: "the cpu controller mounted (at /sys/fs/cgroup)". */
  mounted: string;
  findings: CheckDefinition<F>['findings'];
  /** The limit the summary shows: this cgroup's, the app's (null when not given), and its unit. */
  shown: { own: (facts: F) => number | null; app: (facts: F) => number | null; format: (value: number) => string };
  measure: (files: CgroupFiles, location: CgroupLocation) => Promise<R>;
  judge: (ctx: ProbeContext, reading: R | undefined, place: CgroupPlace) => Judged<F>;
}

/** A cgroup check: located, measured and judged by `runCgroupCheck`; undecided is a warning. */
export function defineCgroupCheck<R, F extends CgroupPlace>(spec: CgroupCheckSpec<R, F>): CheckDefinition<F> {
  return defineCheck<F>({
    id: spec.id,
    errorSeverity: 'warn',
    errorRemedy: `Make sure the target sees its cgroup: /proc/<pid>/mountinfo and /proc/<pid>/cgroup readable and ${spec.mounted}; with --root, that the tree has proc/ and sys/fs/cgroup/.`,
    findings: spec.findings,
    summarize: (f) => summarizeLimit(f, spec.shown.own(f), spec.shown.app(f), spec.shown.format),
    run: (ctx) => runCgroupCheck(ctx, spec.controller, (location, files) => spec.measure(files, location), (reading, place) => spec.judge(ctx, reading, place)),
  });
}

/**
 * The text report's few words. With the app container's limit given, that is the story (this
 * container's own limit stays in the facts); else this cgroup's limit, unknown when unreadable.
 */
function summarizeLimit(place: CgroupPlace, own: number | null, app: number | null, format: (value: number) => string): string {
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

/** What a limit is called in messages, and how it is shown. */
export interface LimitRule {
  /** "Memory limit", "CPU limit": starts the shortfall message. */
  what: string;
  /** "memory limit", "CPU limit": inside the hidden-limit message. */
  noun: string;
  appOption: string;
  minOption: string;
  format: (value: number) => string;
}

/**
 * The findings of a judged limit: below the minimum (`low`), or none visible although one may
 * bind above (`hidden`). `unlimited` when, as far as can be seen, no limit applies at all.
 */
export function limitFindings(
  rule: LimitRule,
  judged: { app: number | undefined; own: Bound; minimum: number; place: CgroupPlace; measured: boolean },
  make: { low(message: string): Finding; hidden(message: string): Finding },
): { findings: Finding[]; unlimited: boolean } {
  const { value, shortfall } = judgeLimit({ ...rule, app: judged.app, own: judged.own, minimum: judged.minimum });
  const findings = shortfall ? [make.low(shortfall)] : [];
  const none = value === null && judged.measured;
  const hidden = none && limitHidden(judged.place, judged.own.value);
  if (hidden) findings.push(make.hidden(hiddenLimitMessage(rule.noun, judged.place)));
  return { findings, unlimited: none && !hidden };
}

/** A limit file must exist at one of these levels, or the reading means nothing. */
export function requireLimitFile(candidates: readonly (Candidate | undefined)[], file: string): void {
  if (candidates.every((c) => c === undefined)) throw new CgroupReadError(`${file} does not exist`);
}

interface LimitPolicy extends LimitRule {
  /** The app container's limit from the command line (option `appOption`). */
  app: number | undefined;
  own: Bound;
  minimum: number;
}

/**
 * The limit the policy judges: the app container's when given, else this cgroup's; with the
 * message that says so when it is below the minimum.
 */
function judgeLimit(p: LimitPolicy): { value: number | null; shortfall: string | null } {
  const { value, from } = p.app !== undefined ? { value: p.app, from: p.appOption } : { value: p.own.value, from: p.own.source ?? '' };
  const low = value !== null && value < p.minimum;
  return { value, shortfall: low ? `${p.what} ${p.format(value)} from ${from} is below ${p.minOption} ${p.format(p.minimum)}.` : null };
}

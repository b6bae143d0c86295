// Reading cgroup interface files of the target through the probe context's RootFs, so a
// symlink planted in a container's cgroup tree cannot lead the read outside the target root.
import path from 'node:path';
import type { LimitResult } from '../parse/cgroup-files.js';
import { parseKeyedValues } from '../parse/cgroup-files.js';
import type { ProbeContext } from '../probe/context.js';
import { isDigits } from '../parse/text.js';

/** A cgroup file that exists but cannot be read or makes no sense: the check cannot decide. */
export class CgroupReadError extends Error {}

/** Where cgroup files are read: the target's root, or at node level the tool's own. */
export type CgroupFiles = Pick<ProbeContext, 'root'>;
type Ctx = CgroupFiles;

/** A limit read from one file; `value` null means that file says "unlimited". */
export interface Candidate {
  value: number | null;
  /** The file as the target sees it, e.g. /sys/fs/cgroup/memory/kubepods/…/memory.limit_in_bytes. */
  source: string;
}

export interface Bound {
  /** The tightest limit, or null when every file said unlimited. */
  value: number | null;
  /** The file that set it (null when unlimited). */
  source: string | null;
}

/** The file's text, or undefined when it does not exist (the controller is off at that level). */
export async function readCgroupFile(ctx: Ctx, file: string): Promise<string | undefined> {
  // Mount points in the target's mountinfo are paths in the target's root (--root, /proc/N/root).
  const result = await ctx.root.readText(file);
  if (result.ok) return result.value;
  if (result.code === 'ENOENT') return undefined;
  throw new CgroupReadError(`cannot read ${file}: ${result.code}`);
}

/** The process's cgroup directory must exist: a stale path would borrow a parent's limits. */
export async function requireDirectory(ctx: Ctx, dir: string): Promise<void> {
  const resolved = await ctx.root.resolve(dir);
  if (!resolved.ok) throw new CgroupReadError(`cannot find the cgroup directory ${dir}: ${resolved.code}`);
  if (resolved.value.kind !== 'directory') throw new CgroupReadError(`${dir} is not a directory`);
}

/** Reads and parses one limit file; garbage is an error, never silently "unlimited". */
export async function readLimit(ctx: Ctx, file: string, parse: (text: string) => LimitResult): Promise<Candidate | undefined> {
  const text = await readCgroupFile(ctx, file);
  return text === undefined ? undefined : { value: valueOf(parse(text), file), source: file };
}

export function valueOf(result: LimitResult, file: string): number | null {
  if (!result.ok) throw new CgroupReadError(`${file}: ${result.message}`);
  return result.value;
}

/** The same limit file at every level from the leaf up; undefined where it does not exist. */
export function readAlongPath(ctx: Ctx, levels: readonly string[], name: string, parse: (text: string) => LimitResult): Promise<(Candidate | undefined)[]> {
  return Promise.all(levels.map((dir) => readLimit(ctx, path.posix.join(dir, name), parse)));
}

/** The lowest limit; on a tie the deeper file (listed first) is named. */
export function tightest(candidates: readonly (Candidate | undefined)[]): Bound {
  let best: Bound = { value: null, source: null };
  for (const c of candidates) {
    if (c && c.value !== null && (best.value === null || c.value < best.value)) best = c;
  }
  return best;
}

/** A flat keyed file (`memory.stat`, `cpu.stat` …), empty when the file does not exist. */
export async function readKeyed(ctx: Ctx, file: string): Promise<Map<string, string>> {
  const text = await readCgroupFile(ctx, file);
  return parseKeyedValues(text ?? '');
}

/** A single-number file (`memory.current`, `memory.usage_in_bytes`), null when absent or odd. */
export async function readCount(ctx: Ctx, file: string): Promise<number | null> {
  return countOf(await readCgroupFile(ctx, file));
}

export function countOf(text: string | undefined): number | null {
  const trimmed = text?.trim();
  return trimmed !== undefined && isDigits(trimmed, 20) ? Number(trimmed) : null;
}

/** A file found at some level of the walk, and its text. */
export interface Found {
  file: string;
  text: string;
}

/**
 * The file at the first level, leaf up, that has it. A v2 cgroup whose parent does not enable a
 * controller has none of that controller's files and is charged to the nearest ancestor that has.
 */
export async function readNearest(ctx: Ctx, levels: readonly string[], name: string): Promise<Found | undefined> {
  for (const dir of levels) {
    const file = path.posix.join(dir, name);
    const text = await readCgroupFile(ctx, file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

export function numberOf(values: Map<string, string>, key: string): number | null {
  const text = values.get(key);
  return text === undefined ? null : Number(text);
}

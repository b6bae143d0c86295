// pids.max of the target's cgroup and its visible ancestors (the same file and `max` in v1 and
// v2): threads count as tasks, so a small limit stops the Go runtime (docs/design.md, "cgroups").
import { messageOf } from '../core/result.js';
import { parseV2Limit } from '../parse/cgroup-files.js';
import type { ProbeContext } from '../probe/context.js';
import { CgroupReadError, readAlongPath, tightest, type Bound } from './files.js';
import { locateController, missingControllerReason } from './locate.js';

export type PidsLimit = Bound & { error?: string };

export async function readPidsLimit(ctx: ProbeContext): Promise<PidsLimit> {
  try {
    const view = await locateController(ctx, 'pids');
    if (!view.location) return { value: null, source: null, error: missingControllerReason(view, 'pids') };
    return tightest(await readAlongPath(ctx, view.location.levels, 'pids.max', parseV2Limit));
  } catch (err) {
    return { value: null, source: null, error: err instanceof CgroupReadError ? err.message : messageOf(err) };
  }
}

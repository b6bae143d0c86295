// The init process (PID 1) of a PID namespace, found in a /proc view: pid-namespace classifies
// by it, ns-last-pid reads the user namespace it runs in.
import { failure, ok, type Result } from '../core/result.js';
import type { ProbeContext } from '../probe/context.js';
import { listPids, readNamespaceInode, readStatus } from '../probe/proc.js';

export interface NamespaceInit {
  /** Its PID in this /proc view. */
  pid: number;
  /** /proc/1 of this view is not in the namespace: /proc comes from an ancestor namespace. */
  foreignProc: boolean;
}

/** PID 1 of the namespace `inode`: /proc/1 when the view is that namespace's, else found by a scan. */
export async function findNamespaceInit(ctx: ProbeContext, inode: number, pid1Inode: number | null): Promise<Result<NamespaceInit>> {
  if (pid1Inode === inode) return ok({ pid: 1, foreignProc: false });
  // scan knows every process's namespace already: only its members are candidates.
  const pids = ctx.pidNamespaces ? ok([...ctx.pidNamespaces].filter(([, ns]) => ns === inode).map(([pid]) => pid)) : await listPids(ctx.procRoot);
  if (!pids.ok) return failure(pids.code, `cannot list ${ctx.procRoot}: ${pids.code}`);
  for (const pid of pids.value) {
    if (ctx.signal.aborted) return failure('aborted', 'aborted');
    const ns = await readNamespaceInode(ctx, pid, 'pid');
    if (!ns.ok || ns.value !== inode) continue;
    const status = await readStatus(ctx, pid);
    if (status.ok && status.value.nspid?.at(-1) === 1) return ok({ pid, foreignProc: true });
  }
  return failure('ENOENT', 'no process in this /proc view is PID 1 of the namespace');
}

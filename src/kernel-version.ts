import path from 'node:path';
import { readText, type FsResult, type ProbeContext } from './context.js';

/** The target kernel's release string, read through the probe's /proc (fixtures have their own). */
export async function readKernelRelease(ctx: Pick<ProbeContext, 'procRoot'>): Promise<FsResult<string>> {
  const read = await readText(path.join(ctx.procRoot, 'sys/kernel/osrelease'));
  return read.ok ? { ok: true, value: read.value.trim() } : read;
}

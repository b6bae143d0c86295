// Who holds the handoff lock, and whether that process still lives (docs/design.md, "Handoff").
// A PID alone is not an identity: PIDs are reused, and every container's first process is PID 1.
// PID + start time (ticks after boot) + boot id names one process; the PID namespace says
// whether that PID can be looked up from here at all.
import { hasExited, parseProcStat } from '../parse/proc-stat.js';
import { readText } from '../probe/fs.js';
import { readNamespaceInode } from '../probe/proc.js';

export interface Holder {
  pid: number;
  startTime: string;
  bootId: string;
  pidNamespace: number | null;
  /** The temporary names the holder may have created: the next run removes exactly these. */
  temps: string[];
}

export type Liveness = 'alive' | 'dead' | 'unknown';

/** The text, or null when /proc cannot say: liveness then falls back to "unknown" or "dead". */
async function readOr(file: string): Promise<string | null> {
  const read = await readText(file);
  return read.ok ? read.value : null;
}

async function pidNamespace(): Promise<number | null> {
  const inode = await readNamespaceInode({ procRoot: '/proc' }, 'self', 'pid');
  return inode.ok ? inode.value : null;
}

/** This process as a lock holder; an empty start time or boot id when /proc cannot say. */
export async function self(temps: string[]): Promise<Holder> {
  const [stat, boot, ns] = await Promise.all([readOr('/proc/self/stat'), readOr('/proc/sys/kernel/random/boot_id'), pidNamespace()]);
  return { pid: process.pid, startTime: (stat === null ? null : parseProcStat(stat))?.startTime ?? '', bootId: boot?.trim() ?? '', pidNamespace: ns, temps };
}

/**
 * Alive unless shown dead. Another boot, or no process with that PID and start time, is dead; a
 * zombie will never release. A holder in another PID namespace (an earlier attempt of this
 * initContainer) cannot be looked up: unknown, and the lock's age decides.
 */
export async function liveness(holder: Holder, me: Holder): Promise<Liveness> {
  if (holder.bootId === '' || me.bootId === '' || holder.startTime === '') return 'unknown';
  if (holder.bootId !== me.bootId) return 'dead';
  if (holder.pidNamespace !== me.pidNamespace) return 'unknown';
  const text = await readOr(`/proc/${holder.pid}/stat`);
  const stat = text === null ? null : parseProcStat(text);
  if (stat === null || stat.startTime !== holder.startTime || hasExited(stat)) return 'dead';
  return 'alive';
}

export function renderHolder(h: Holder): string {
  return `${JSON.stringify(h)}\n`;
}

const TEMP_NAME = /^\.[A-Za-z0-9_][A-Za-z0-9._-]{0,254}\.preflight-tmp$/;

/** A lock file's holder; null when it is not one this tool wrote (torn by a kill, or planted). */
export function parseHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    const valid =
      Number.isSafeInteger(h.pid) &&
      typeof h.startTime === 'string' &&
      typeof h.bootId === 'string' &&
      (h.pidNamespace === null || Number.isSafeInteger(h.pidNamespace)) &&
      Array.isArray(h.temps) &&
      h.temps.length <= 3 &&
      h.temps.every((t) => typeof t === 'string' && TEMP_NAME.test(t));
    return valid ? (h as Holder) : null;
  } catch {
    return null;
  }
}

/** The fixed temporary name of a handoff file: known to the next run, matched by parseHolder. */
export function tempName(name: string): string {
  return `.${name}.preflight-tmp`;
}

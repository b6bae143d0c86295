// Parses /proc/<pid>/stat (proc(5)): the fields that say whether a process is alive, a kernel
// thread, and which incarnation of its PID it is.
import { isDigits } from './text.js';

/** PF_KTHREAD in include/linux/sched.h: the task is a kernel thread. */
const PF_KTHREAD = 0x00200000;

export interface ProcStat {
  pid: number;
  /** One letter: R, S, D, Z (zombie), X (dead), T, t, I … */
  state: string;
  kernelThread: boolean;
  /** Clock ticks after boot at which the process started: with the PID, names one process. */
  startTime: string;
}

/** A zombie (Z) or a dead task (X): it has exited and holds nothing any more. */
export function hasExited(stat: Pick<ProcStat, 'state'>): boolean {
  return stat.state === 'Z' || stat.state === 'X';
}

/**
 * Never throws; null when the text is not a stat line. The command name (field 2) is in
 * parentheses and may itself hold spaces and ")", so fields are counted from the last ")".
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = text.slice(0, open);
  // Fields 3 (state) … 22 (starttime) follow the command name.
  const rest = text.slice(close + 1).trim().split(' ');
  const [state, flags, startTime] = [rest[0], rest[6], rest[19]];
  if (!isDigits(pid, 10) || state === undefined || !/^[A-Za-z]$/.test(state)) return null;
  if (flags === undefined || !isDigits(flags, 10) || startTime === undefined || !isDigits(startTime, 20)) return null;
  return { pid: Number(pid), state, kernelThread: (Number(flags) & PF_KTHREAD) !== 0, startTime };
}

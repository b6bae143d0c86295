// Parses /proc/<pid>/status: the fields the capability, PID-namespace and ns_last_pid checks use.
import { isDigits, isHexDigits, splitWhitespace } from './text.js';

export type SeccompMode = 'disabled' | 'strict' | 'filter';

export interface ProcStatus {
  name: string | null;
  pid: number | null;
  ppid: number | null;
  /** Effective uid (second column of `Uid:`). */
  euid: number | null;
  /** Filesystem uid and gid (fourth columns of `Uid:`, `Gid:`): what permission checks use. */
  fsuid: number | null;
  fsgid: number | null;
  /** Supplementary groups (`Groups:`, empty for none). */
  groups: number[] | null;
  /** One PID per PID-namespace level, outermost first (kernel ≥ 4.1). */
  nspid: number[] | null;
  capInh: bigint | null;
  capPrm: bigint | null;
  capEff: bigint | null;
  capBnd: bigint | null;
  capAmb: bigint | null;
  noNewPrivs: boolean | null;
  seccomp: SeccompMode | null;
  /** How many CPUs the task may run on (Cpus_allowed_list: its sched_getaffinity mask). */
  cpusAllowed: number | null;
}

const SECCOMP_MODES: Record<string, SeccompMode> = { '0': 'disabled', '1': 'strict', '2': 'filter' };

const FIELDS = new Set(['Name', 'Pid', 'PPid', 'Uid', 'Gid', 'Groups', 'NSpid', 'CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb', 'NoNewPrivs', 'Seccomp', 'Cpus_allowed_list']);

/** The fields read below (a later line wins), without copying the other forty lines of status. */
function fieldsOf(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const colon = text.indexOf(':', start);
    if (colon > start && colon < end) {
      const key = text.slice(start, colon);
      if (FIELDS.has(key)) fields.set(key, text.slice(colon + 1, end).trim());
    }
    start = end + 1;
  }
  return fields;
}

function hexMask(value: string | undefined): bigint | null {
  return value !== undefined && isHexDigits(value, 16) ? BigInt(`0x${value}`) : null;
}

function integer(value: string | undefined): number | null {
  return value !== undefined && isDigits(value, 10) ? Number(value) : null;
}

function integers(value: string | undefined): number[] | null {
  if (value === undefined) return null;
  const parts = splitWhitespace(value).map(integer);
  return parts.length > 0 && parts.every((p) => p !== null) ? (parts as number[]) : null;
}

/** The number of CPUs in a kernel CPU list ("0-3,8,10-11"); null when malformed or empty. */
export function cpuListCount(list: string | undefined): number | null {
  if (list === undefined || list === '') return null;
  let count = 0;
  for (const item of list.split(',')) {
    const [from = '', to = from, more] = item.split('-');
    if (more !== undefined || !isDigits(from, 6) || !isDigits(to, 6) || Number(to) < Number(from)) return null;
    count += Number(to) - Number(from) + 1;
  }
  return count;
}

/** Never throws: a missing or malformed field is null. */
export function parseProcStatus(text: string): ProcStatus {
  const f = fieldsOf(text);
  const nnp = f.get('NoNewPrivs');
  return {
    name: f.get('Name') ?? null,
    pid: integer(f.get('Pid')),
    ppid: integer(f.get('PPid')),
    euid: integers(f.get('Uid'))?.[1] ?? null,
    fsuid: integers(f.get('Uid'))?.[3] ?? null,
    fsgid: integers(f.get('Gid'))?.[3] ?? null,
    groups: f.get('Groups') === '' ? [] : integers(f.get('Groups')),
    nspid: integers(f.get('NSpid')),
    capInh: hexMask(f.get('CapInh')),
    capPrm: hexMask(f.get('CapPrm')),
    capEff: hexMask(f.get('CapEff')),
    capBnd: hexMask(f.get('CapBnd')),
    capAmb: hexMask(f.get('CapAmb')),
    noNewPrivs: nnp === '1' ? true : nnp === '0' ? false : null,
    seccomp: SECCOMP_MODES[f.get('Seccomp') ?? ''] ?? null,
    cpusAllowed: cpuListCount(f.get('Cpus_allowed_list')),
  };
}

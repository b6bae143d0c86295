// Fixture trees laid out like a root (proc/<pid>/…, proc/sys/…), built in a temp dir from a
// description: status and mountinfo text (usually captured files from test/fixtures/proc),
// namespace links as the kernel prints them, and /proc/sys values.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PROC_FIXTURES = path.resolve('test/fixtures/proc');

/** A captured /proc file from test/fixtures/proc (its README says how each was captured). */
export const captured = (name: string): string => readFileSync(path.join(PROC_FIXTURES, name), 'utf8');

export interface ProcessEntry {
  status?: string;
  mountinfo?: string;
  uidMap?: string;
  /** Namespace links: type → inode, written as the kernel's `type:[inode]` link text. */
  ns?: Record<string, number>;
  environ?: string;
}

export interface ProcTreeSpec {
  /** Keyed by `self` or a PID. */
  processes: Record<string, ProcessEntry>;
  /** Files under proc/sys, e.g. { 'kernel/osrelease': '6.1.0-50-amd64\n' }. */
  sys?: Record<string, string>;
}

export interface ProcTree {
  dir: string;
  remove(): void;
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function procTree(spec: ProcTreeSpec): ProcTree {
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-proc-'));
  for (const [pid, p] of Object.entries(spec.processes)) {
    const base = path.join(dir, 'proc', pid);
    mkdirSync(base, { recursive: true });
    if (p.status !== undefined) write(path.join(base, 'status'), p.status);
    if (p.mountinfo !== undefined) write(path.join(base, 'mountinfo'), p.mountinfo);
    if (p.uidMap !== undefined) write(path.join(base, 'uid_map'), p.uidMap);
    if (p.environ !== undefined) write(path.join(base, 'environ'), p.environ);
    for (const [type, inode] of Object.entries(p.ns ?? {})) {
      mkdirSync(path.join(base, 'ns'), { recursive: true });
      symlinkSync(`${type}:[${inode}]`, path.join(base, 'ns', type));
    }
  }
  for (const [name, text] of Object.entries(spec.sys ?? {})) write(path.join(dir, 'proc/sys', name), text);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A status file with the fields the namespace checks read replaced. */
export function statusWith(base: string, fields: Record<string, string>): string {
  let text = base;
  for (const [key, value] of Object.entries(fields)) {
    const line = `${key}:\t${value}`;
    text = new RegExp(`^${key}:`, 'm').test(text) ? text.replace(new RegExp(`^${key}:.*$`, 'm'), line) : `${text}${line}\n`;
  }
  return text;
}

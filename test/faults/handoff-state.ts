// What a handoff directory holds, exactly, and whether its files form one whole generation:
// the assertions every fault-matrix row makes about the directory the app will read.
import { lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const FLAG = 'disable_pid_ns';
export const HANDOFF_NAMES = [FLAG, 'preflight.env', 'preflight.json'];

/** Every entry of `dir`: a regular file's text, or what else stands there. */
export function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    const info = lstatSync(file);
    entries[name] = info.isFile() ? readFileSync(file, 'utf8') : info.isSymbolicLink() ? `symlink → ${readlinkSync(file)}` : info.isDirectory() ? 'directory' : info.isFIFO() ? 'fifo' : 'other';
  }
  return entries;
}

/** A previous run's files, recognisable so a test can tell they were not replaced. */
export const PREVIOUS: Record<string, string> = {
  [FLAG]: 'PREVIOUS_RUN\n',
  'preflight.env': "PREFLIGHT_VERDICT='degraded'\nPREFLIGHT_DISABLE_PID_NS='1'\nPREFLIGHT_REASONS='PREVIOUS_RUN'\nPREFLIGHT_GENERATION='previous'\n",
  'preflight.json': '{"verdict":"degraded","reasons":["PREVIOUS_RUN"],"handoff":{"generation":"previous"}}\n',
};

export function plantPrevious(dir: string): void {
  for (const [name, text] of Object.entries(PREVIOUS)) writeFileSync(path.join(dir, name), text);
}

export interface Generation {
  generation: string;
  verdict: string;
  reasons: string[];
}

function envVariables(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n').filter(Boolean)) {
    const m = /^([A-Z_]+)='([^']*)'$/.exec(line);
    if (!m) throw new Error(`preflight.env: torn or malformed line ${JSON.stringify(line)}`);
    vars[m[1]!] = m[2]!;
  }
  return vars;
}

/**
 * The generation the three files agree on, or an Error saying how they disagree. A reader that
 * needs one generation does exactly this (docs/design.md, "Handoff").
 */
export function readGeneration(files: Record<string, string | undefined>): Generation | Error {
  try {
    const env = envVariables(files['preflight.env'] ?? '');
    const json = JSON.parse(files['preflight.json'] ?? '') as { verdict: string; reasons: string[]; handoff: { generation: string } };
    const flag = files[FLAG];
    const reasons = env.PREFLIGHT_REASONS === '' ? [] : (env.PREFLIGHT_REASONS ?? '').split(' ');
    if (env.PREFLIGHT_GENERATION !== json.handoff.generation) return new Error(`generations differ: env ${env.PREFLIGHT_GENERATION}, json ${json.handoff.generation}`);
    if (env.PREFLIGHT_VERDICT !== json.verdict) return new Error(`verdicts differ: env ${env.PREFLIGHT_VERDICT}, json ${json.verdict}`);
    if ((flag !== undefined) !== (env.PREFLIGHT_DISABLE_PID_NS === '1')) return new Error(`flag ${flag === undefined ? 'absent' : 'present'} but PREFLIGHT_DISABLE_PID_NS=${env.PREFLIGHT_DISABLE_PID_NS}`);
    if (flag !== undefined && flag !== reasons.map((r) => `${r}\n`).join('')) return new Error(`flag lists ${JSON.stringify(flag)}, env ${reasons.join(' ')}`);
    return { generation: json.handoff.generation, verdict: json.verdict, reasons };
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** The directory holds exactly one whole generation and nothing else (no lock, no temporary file). */
export function wholeGeneration(dir: string): Generation {
  const files = snapshot(dir);
  const extra = Object.keys(files).filter((n) => !HANDOFF_NAMES.includes(n));
  if (extra.length > 0) throw new Error(`unexpected entries in ${dir}: ${extra.join(', ')}`);
  const g = readGeneration(files);
  if (g instanceof Error) throw g;
  return g;
}

// The human report: one line per check, findings with their remedy below. Reads the same with
// or without colour, and in `kubectl logs`.
import { Chalk, type ChalkInstance } from 'chalk';
import type { CheckStatus, Finding } from '../core/types.js';
import { PATCH_HEADING, patchLines } from '../remedy/print.js';
import type { Report } from './report.js';

const STATUS_COLOUR: Record<CheckStatus, (c: ChalkInstance) => ChalkInstance> = {
  pass: (c) => c.green,
  warn: (c) => c.yellow,
  degrade: (c) => c.magenta,
  fail: (c) => c.red,
  error: (c) => c.red,
  skip: (c) => c.dim,
};

const VERDICT_COLOUR = { ready: 'green', degraded: 'magenta', blocked: 'red' } as const;

export function useColour(option: boolean | null, env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (option !== null) return option;
  return isTty && !('NO_COLOR' in env && env.NO_COLOR !== '');
}

function findingLines(c: ChalkInstance, f: Finding): string[] {
  const tag = f.severity.toUpperCase();
  const lines = [`      ${c.bold(f.code)} (${tag}) ${f.message}`, `        fix: ${f.remedy}`];
  if (f.patch) lines.push(`        ${PATCH_HEADING}`, ...patchLines(f.patch, '          '));
  return lines;
}

export function renderText(report: Report, colour: boolean): string {
  const c = new Chalk({ level: colour ? 1 : 0 });
  const width = Math.max(...report.checks.map((r) => r.id.length));
  const target = report.target.pid === 'self' ? 'this process' : `pid ${report.target.pid}`;
  const lines = [c.bold(`init-preflight ${report.tool.version} ${report.command}: ${target}, root ${report.target.root}`)];
  for (const r of report.checks) {
    const status = STATUS_COLOUR[r.status](c)(r.status.toUpperCase().padEnd(7));
    lines.push(`  ${status} ${r.id.padEnd(width)}  ${r.summary}`.trimEnd());
    for (const f of r.findings) lines.push(...findingLines(c, f));
  }
  const verdict = c[VERDICT_COLOUR[report.verdict]].bold(report.verdict.toUpperCase());
  const reasons = report.reasons.length > 0 ? ` — ${report.reasons.join(', ')}` : '';
  lines.push(`verdict: ${verdict} (exit ${report.exitCode})${reasons}`);
  if (report.handoff) lines.push(handoffLine(report));
  return `${lines.join('\n')}\n`;
}

/** After a failed handoff, exactly what the directory holds: the app will read it. */
function holdings(h: NonNullable<Report['handoff']>): string {
  const parts = [...(h.files.length > 0 ? [`this run's ${h.files.join(', ')}`] : []), ...(h.kept.length > 0 ? [`an earlier run's ${h.kept.join(', ')}`] : [])];
  return parts.length > 0 ? `it holds ${parts.join(' and ')}` : 'it holds none of the handoff files';
}

function handoffLine(report: Report): string {
  const h = report.handoff!;
  if (h.error) return `handoff: ${h.dir}: NOT written (${h.error}); ${holdings(h)}`;
  const flag = h.flagWritten ? 'flag written' : h.flagRemoved ? 'stale flag removed' : 'no flag';
  return `handoff: ${h.dir}: ${flag}; wrote ${h.files.join(', ')}`;
}

// The human report: one line per check, findings with their remedy below. Reads the same with
// or without colour, and in `kubectl logs`.
import { NOT_SELECTED } from '../core/runner.js';
import type { CheckStatus, Finding } from '../core/types.js';
import { PATCH_HEADING, patchLines } from '../remedy/print.js';
import type { Paint, Style } from './paint.js';
import type { Report } from './report.js';
import { wrapLine } from './wrap.js';

const STATUS_STYLE: Record<CheckStatus, Style> = { pass: 'green', warn: 'yellow', degrade: 'magenta', fail: 'red', error: 'red', skip: 'dim' };
const VERDICT_STYLE = { ready: 'green', degraded: 'magenta', blocked: 'red' } as const;

export interface TextStyle {
  paint: Paint;
  /** The terminal's width when stdout is a TTY; null: no wrapping. */
  width: number | null;
}

function findingLines(paint: Paint, f: Finding): string[] {
  const lines = [`      ${paint(f.code, 'bold')} (${f.severity.toUpperCase()}) ${f.message}`, `        fix: ${f.remedy}`];
  if (f.patch) lines.push(`        ${PATCH_HEADING}`, ...patchLines(f.patch, '          '));
  return lines;
}

export function renderText(report: Report, { paint, width }: TextStyle): string {
  const target = report.target.pid === 'self' ? 'this process' : `pid ${report.target.pid}`;
  const lines = [paint(`init-preflight ${report.tool.version} ${report.command}: ${target}, root ${report.target.root}`, 'bold')];
  const shown = report.checks.filter((r) => r.skipReason !== NOT_SELECTED);
  const notSelected = report.checks.filter((r) => r.skipReason === NOT_SELECTED).map((r) => r.id);
  const idWidth = Math.max(0, ...shown.map((r) => r.id.length));
  for (const r of shown) {
    const status = paint(r.status.toUpperCase().padEnd(7), STATUS_STYLE[r.status]);
    lines.push(`  ${status} ${r.id.padEnd(idWidth)}  ${r.summary}`.trimEnd());
    for (const f of r.findings) lines.push(...findingLines(paint, f));
  }
  if (notSelected.length > 0) lines.push(`  ${paint('SKIP   ', 'dim')} ${NOT_SELECTED}: ${notSelected.join(', ')}`);
  const verdict = paint(report.verdict.toUpperCase(), VERDICT_STYLE[report.verdict], 'bold');
  const reasons = report.reasons.length > 0 ? ` — ${report.reasons.join(', ')}` : '';
  lines.push(`verdict: ${verdict} (exit ${report.exitCode})${reasons}`);
  if (report.handoff) lines.push(handoffLine(report));
  return `${lines.flatMap((l) => wrapLine(l, width)).join('\n')}\n`;
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

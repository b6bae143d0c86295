// preflight.env: shell-sourceable (`. /shared/preflight.env`), every value single-quoted.
import type { CheckOptions } from '../probe/context.js';
import type { Verdict } from '../core/types.js';
import { goRuntimeVariables } from './go-runtime-env.js';

export type EnvVars = [name: string, value: string][];

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function renderEnvFile(vars: EnvVars): string {
  return vars.map(([name, value]) => `${name}=${shellQuote(value)}\n`).join('');
}

export function handoffVariables(verdict: Verdict, reasons: readonly string[], checks: CheckOptions): EnvVars {
  return [
    ['PREFLIGHT_VERDICT', verdict],
    ['PREFLIGHT_DISABLE_PID_NS', verdict === 'degraded' ? '1' : '0'],
    ['PREFLIGHT_REASONS', reasons.join(' ')],
    ...goRuntimeVariables(checks),
  ];
}

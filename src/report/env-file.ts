// preflight.env: shell-sourceable (`. /shared/preflight.env`), every value single-quoted.
import type { Options } from '../options.js';
import type { Decision } from '../policy.js';

export type EnvVars = [name: string, value: string][];

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function renderEnvFile(vars: EnvVars): string {
  return vars.map(([name, value]) => `${name}=${shellQuote(value)}\n`).join('');
}

export function handoffVariables(decision: Decision, _options: Options): EnvVars {
  return [
    ['PREFLIGHT_VERDICT', decision.verdict],
    ['PREFLIGHT_DISABLE_PID_NS', decision.verdict === 'degraded' ? '1' : '0'],
    ['PREFLIGHT_REASONS', decision.reasons.join(' ')],
  ];
}

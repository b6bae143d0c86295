import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src/cli/parse.js';
import type { CheckOptions } from '../../../src/probe/context.js';

function checkOptions(argv: string[], env: NodeJS.ProcessEnv = {}): CheckOptions {
  const result = parseCli(['check', ...argv], env);
  if (result.kind !== 'options') throw new Error('expected options');
  return result.options.checks;
}

describe('limit options', () => {
  it('defaults to 128Mi and 100m, no app limits', () => {
    expect(checkOptions([])).toMatchObject({ minMemoryBytes: 134217728, minCpuMillicores: 100, appMemoryLimitBytes: undefined, appCpuMillicores: undefined });
  });

  it('reads quantities', () => {
    expect(checkOptions(['--min-memory', '1G', '--min-cpu', '0.5', '--app-memory-limit', '0.5Gi', '--app-cpu-limit', '250m'])).toMatchObject({
      minMemoryBytes: 1e9,
      minCpuMillicores: 500,
      appMemoryLimitBytes: 536870912,
      appCpuMillicores: 250,
    });
  });

  it('reads Downward API values: bytes and whole cores by default, or with a divisor', () => {
    const env = { PREFLIGHT_APP_MEMORY_LIMIT: '67108864', PREFLIGHT_APP_CPU_LIMIT: '1' };
    expect(checkOptions([], env)).toMatchObject({ appMemoryLimitBytes: 67108864, appCpuMillicores: 1000 });
    const divided = { PREFLIGHT_APP_MEMORY_LIMIT: '64', PREFLIGHT_APP_MEMORY_DIVISOR: '1Mi', PREFLIGHT_APP_CPU_LIMIT: '500', PREFLIGHT_APP_CPU_DIVISOR: '1m' };
    expect(checkOptions([], divided)).toMatchObject({ appMemoryLimitBytes: 67108864, appCpuMillicores: 500 });
  });

  it.each([
    [['--min-memory', 'lots'], /--min-memory: "lots" is not a quantity/],
    [['--min-cpu', '-1'], /--min-cpu:/],
    [['--app-memory-limit', '64MB'], /--app-memory-limit:/],
    [['--app-cpu-limit', '1', '--app-cpu-divisor', 'x'], /--app-cpu-divisor:/],
    [['--app-memory-limit', '0'], /--app-memory-limit: a limit of zero/],
    [['--app-memory-limit', '8Ei'], /--app-memory-limit: "8Ei" is larger than/],
  ])('rejects %j naming the option', (argv, message) => {
    expect(() => checkOptions(argv)).toThrow(message);
  });
});

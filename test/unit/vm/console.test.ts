// The micro-VM harness's reading of the serial console (test/vm/harness.ts), without a VM.
import { describe, expect, it } from 'vitest';
import { bootProblem, parseConsole } from '../../vm/harness.js';

const CONSOLE = [
  '[    0.000000] Linux version 6.1.0-50-amd64',
  '@@VM-START 6.1.0-50-amd64',
  '@@OUT parent-limits 0',
  '{ "verdict": "ready" }',
  '@@ERR parent-limits',
  'a warning',
  '@@END parent-limits',
  '@@NOTE oom-kill dd-exit=137',
  '@@OUT pids-floor-defaults 134',
  '@@ERR pids-floor-defaults',
  'Aborted',
  '@@END pids-floor-defaults',
  '@@SKIP runc not on 5.10',
  '@@VM-DONE',
].join('\n');

describe('micro-VM console', () => {
  it('splits the scenarios into exit code, stdout and stderr', () => {
    const parsed = parseConsole(CONSOLE);
    expect([...parsed.scenarios.keys()]).toEqual(['parent-limits', 'pids-floor-defaults']);
    expect(parsed.scenarios.get('parent-limits')).toEqual({ exitCode: 0, stdout: '{ "verdict": "ready" }\n', stderr: 'a warning\n' });
    expect(parsed.scenarios.get('pids-floor-defaults')?.exitCode).toBe(134);
    expect(parsed.notes).toEqual(['oom-kill dd-exit=137']);
    expect(parsed.skips).toEqual(['runc not on 5.10']);
  });

  it('a scenario cut off before its end marker is not taken', () => {
    expect(parseConsole('@@OUT cut 0\n{ "verdict"\n').scenarios.size).toBe(0);
  });

  it('an oops or a run that never finished is a boot problem; a clean run is not', () => {
    expect(bootProblem({ console: CONSOLE })).toBeNull();
    expect(bootProblem({ console: `${CONSOLE}\n[   12.3] BUG: kernel NULL pointer dereference` })).toBe('the kernel oopsed');
    expect(bootProblem({ console: CONSOLE.replace('@@VM-DONE', '') })).toBe('the scenarios did not finish');
  });
});

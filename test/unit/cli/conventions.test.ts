// What people and shells expect of a CLI (kubectl, gh): help per command, -h, -V, version,
// completion scripts, explain --output json.
import { describe, expect, it, vi } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { explain } from '../../../src/cli/explain.js';
import { parseCli } from '../../../src/cli/parse.js';
import { VERSION } from '../../../src/cli/version.js';

function printed(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = parseCli(argv, env);
  if (r.kind !== 'exit' || r.exitCode !== 0) throw new Error(`expected printed output for ${argv.join(' ')}`);
  return r.output;
}

describe('help', () => {
  it.each([['check'], ['run'], ['explain']])('%s --help shows that command, its options, the check ids, exit codes and PREFLIGHT_*', (command) => {
    for (const output of [printed([command, '--help']), printed([command, '-h']), printed(['help', command])]) {
      const text = output.replace(/\s+/g, ' ');
      expect(text).toMatch(new RegExp(`^init-preflight ${command} `));
      expect(text).toContain('--output');
      expect(text).toContain(`Checks (for --only, --skip): ${CHECKS.map((c) => c.id).join(', ')}`);
      expect(text).toMatch(/Exit codes: 0 ready or degraded · 1 blocked · 2 usage/);
      expect(text).toMatch(/PREFLIGHT_<OPTION>/);
    }
  });

  it('shows only the options a command takes', () => {
    expect(printed(['run', '--help'])).toContain('--handoff-dir');
    expect(printed(['check', '--help'])).toContain('--only');
    expect(printed(['check', '--help'])).not.toContain('--handoff-dir');
    // explain takes what a remedy's patch depends on, nothing a check run needs only.
    expect(printed(['explain', '--help'])).toContain('--app-container');
    expect(printed(['explain', '--help'])).not.toContain('--min-cpu');
  });

  it('the tool\'s own help lists every command', () => {
    const text = printed(['--help']);
    for (const command of ['run', 'check', 'explain [CODE]', 'completion [bash|zsh]', 'version']) expect(text).toContain(`init-preflight ${command} `);
  });
});

describe('version', () => {
  it.each([[['-V']], [['--version']], [['version']]])('%j prints the version', (argv) => {
    expect(printed(argv)).toBe(`${VERSION}\n`);
  });
});

describe('completion', () => {
  it('prints a bash script by default and a zsh script when asked', () => {
    expect(printed(['completion'], { SHELL: '/bin/bash' })).toMatch(/complete -o bashdefault -o default -F _init-preflight_yargs_completions init-preflight/);
    expect(printed(['completion', 'bash'])).toContain('complete -o');
    expect(printed(['completion', 'zsh'])).toContain('#compdef init-preflight');
    expect(() => parseCli(['completion', 'fish'], {})).toThrow(/shells are bash and zsh/);
  });

  it('answers the script through the returned output only (yargs would print its own answer too)', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      printed(['--get-yargs-completions', 'init-preflight', 'check', '--only', '']);
      expect(log).not.toHaveBeenCalled();
      expect(write).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      write.mockRestore();
    }
  });

  it('answers the script: commands, options, check ids, codes', () => {
    const words = (...args: string[]) => printed(['--get-yargs-completions', 'init-preflight', ...args]).trim().split('\n');
    expect(words('')).toEqual(expect.arrayContaining(['run', 'check', 'explain', 'completion', 'version']));
    expect(words('check', '--')).toEqual(expect.arrayContaining(['--handoff-dir', '--no-write-test', '--help']));
    expect(words('check', '--only', '')).toEqual(CHECKS.map((c) => c.id));
    expect(words('check', '--output', '')).toEqual(['text', 'json']);
    expect(words('explain', '')).toContain('PIDNS_HOST');
  });
});

describe('explain --output json', () => {
  it('is the catalogue entry, or all of them', () => {
    const explained = (argv: string[]) => {
      const parsed = parseCli(['explain', ...argv, '--output', 'json'], {});
      if (parsed.kind !== 'options') throw new Error('explain parsed to an exit');
      return JSON.parse(explain(parsed.options)) as unknown;
    };
    expect(explained(['pidns_host'])).toMatchObject({ code: 'PIDNS_HOST', severity: 'degrade', remedy: expect.any(String) });
    const all = explained([]) as { code: string }[];
    expect(all.map((s) => s.code)).toContain('HANDOFF_UNWRITABLE');
    expect(parseCli(['explain', 'PIDNS_HOST', '--output', 'json'], {})).toMatchObject({ kind: 'options', options: { command: 'explain', output: 'json' } });
  });
});

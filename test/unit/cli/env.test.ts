// parseCli(argv, env) must read PREFLIGHT_* from the env it is given, and only from it: the
// k8s-examples tests parse each container's environment that way while the test process itself
// carries PREFLIGHT_E2E.
import { afterEach, expect, it } from 'vitest';
import { parseCli } from '../../../src/cli/parse.js';

const options = (env: NodeJS.ProcessEnv) => {
  const result = parseCli(['check'], env);
  if (result.kind !== 'options') throw new Error('expected options');
  return result.options;
};

afterEach(() => {
  delete process.env.PREFLIGHT_OUTPUT;
});

it('reads PREFLIGHT_* from the given environment', () => {
  expect(options({ PREFLIGHT_OUTPUT: 'json', PREFLIGHT_HANDOFF_DIR: '/handoff' })).toMatchObject({ output: 'json', handoffDir: '/handoff' });
});

it("ignores the process's own PREFLIGHT_* variables and leaves them as they were", () => {
  process.env.PREFLIGHT_OUTPUT = 'json';
  expect(options({}).output).toBe('text');
  expect(process.env.PREFLIGHT_OUTPUT).toBe('json');
});

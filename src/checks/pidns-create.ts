// pidns-create: can this process create a PID namespace? Asked of the kernel with unshare.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { defineCheck, defineFindings, skipped, undecided } from '../core/check.js';
import type { ProbeOutcome } from '../core/types.js';
import { RUN_DEGRADED } from '../remedy/patch.js';
import type { ProbeContext } from '../probe/context.js';

const F = defineFindings({
  PIDNS_CREATE_DENIED: {
    severity: 'degrade',
    summary: 'Creating a new PID namespace (in a new user namespace) fails.',
    cause:
      '`unshare --user --map-root-user --pid --fork true` failed: user namespaces are disabled ' +
      '(user.max_user_namespaces=0, kernel.unprivileged_userns_clone=0, AppArmor restrict_unprivileged_userns) ' +
      'or a seccomp profile (Docker\'s and the RuntimeDefault profile without CAP_SYS_ADMIN) blocks unshare/clone.',
    remedy:
      'Allow unshare in the pod\'s seccomp profile (a Localhost profile) and enable user namespaces on the node, ' +
      'or let the app start with PID-namespace features off.',
    fix: {
      noPatch: 'seccomp profiles on the nodes and user.max_user_namespaces are node configuration',
      cost: { podSecurity: 'restricted', requires: ['user namespaces enabled on the node (user.max_user_namespaces > 0)', 'a Localhost seccomp profile installed on the nodes'], otherwise: RUN_DEGRADED },
      unproven: 'the image carries no unshare yet, so the check is skipped in the runc containers',
    },
  },
});

const UNSHARE_ARGS = ['--user', '--map-root-user', '--pid', '--fork', 'true'];

async function findOnPath(tool: string, searchPath: string): Promise<string | null> {
  for (const dir of searchPath.split(':').filter(Boolean)) {
    const candidate = path.join(dir, tool);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: keep looking
    }
  }
  return null;
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim().length > 0)?.trim() ?? '';
}

export interface PidnsCreateFacts {
  /** The unshare binary used, or null when there is none. */
  tool: string | null;
  created: boolean | null;
  /** unshare's first line of complaint, or null. */
  error: string | null;
}

async function run(ctx: ProbeContext): Promise<ProbeOutcome<PidnsCreateFacts>> {
  if (!ctx.isSelf) return skipped('namespaces would be created as this process, not as the target', { tool: null });
  const tool = await findOnPath('unshare', ctx.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin');
  if (!tool) return skipped('unshare is not installed in this image', { tool: null });
  const { execa } = await import('execa');
  // A little under the runner's limit, so this check says what timed out.
  const timeout = Math.max(10, ctx.timeoutMs - 100);
  const result = await execa(tool, UNSHARE_ARGS, { reject: false, timeout, cancelSignal: ctx.signal, stdin: 'ignore', env: { LC_ALL: 'C' } });
  if (result.timedOut || result.isCanceled) return undecided(`unshare did not finish within ${timeout} ms`, { tool, created: null });
  const created = result.exitCode === 0;
  const error = created ? null : firstLine(String(result.stderr)) || `exit code ${result.exitCode ?? result.signal}`;
  return { facts: { tool, created, error }, findings: created ? [] : [F.make('PIDNS_CREATE_DENIED', `Creating a PID namespace failed: ${error}`)] };
}

export const pidnsCreateCheck = defineCheck<PidnsCreateFacts>({
  id: 'pidns-create',
  errorSeverity: 'warn',
  errorRemedy: 'Check that unshare runs in this image; rerun with a longer --timeout if the node is slow.',
  findings: F.specs,
  summarize: (f) => (f.created ? `created with ${f.tool ?? '?'}` : `failed: ${f.error ?? '?'}`),
  run,
});

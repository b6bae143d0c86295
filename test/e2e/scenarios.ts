// Command prefixes that put the CLI into the real kernel scenarios of DESIGN §8.
const PIDNS = ['unshare', '--pid', '--fork', '--mount-proc'];
const dropCaps = (caps: string) => ['setpriv', '--bounding-set', caps, '--inh-caps', caps];

/** `exec "$0" "$@"` hands the rest of the command line to the shell's setup. */
const inShell = (setup: string) => ['sh', '-c', `${setup} && exec "$0" "$@"`];

export const SCENARIOS = {
  host: [] as string[],
  pidns: PIDNS,
  noSysAdmin: [...PIDNS, ...dropCaps('-sys_admin')],
  noCaps: [...PIDNS, ...dropCaps('-sys_admin,-checkpoint_restore')],
  procSysReadOnly: ['unshare', '--mount', '--pid', '--fork', '--mount-proc', ...inShell('mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys')],
  userns: ['unshare', '-r', '--pid', '--fork', '--mount-proc'],
};

/** A private mount namespace in which `dir` is read-only. */
export const readOnlyDir = (dir: string) => ['unshare', '--mount', ...inShell(`mount --bind ${dir} ${dir} && mount -o remount,bind,ro ${dir}`)];

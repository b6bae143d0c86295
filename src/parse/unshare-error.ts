// util-linux unshare's failure line, `unshare: <step> failed: <strerror>` (LC_ALL=C), as data:
// which step failed and the errno name. Messages of other steps are kept whole.

export type UnshareStep = 'unshare' | 'fork' | 'exec' | 'other';

export interface UnshareFailure {
  step: UnshareStep;
  /** The errno name (EPERM …), or null when the text is not one glibc prints for an errno. */
  errno: string | null;
  message: string;
}

// glibc's strerror texts for the errnos unshare(2) and fork(2) return.
const ERRNO_BY_TEXT: Record<string, string> = {
  'Operation not permitted': 'EPERM',
  'Invalid argument': 'EINVAL',
  'No space left on device': 'ENOSPC',
  'Cannot allocate memory': 'ENOMEM',
  'Function not implemented': 'ENOSYS',
  'Permission denied': 'EACCES',
  'Resource temporarily unavailable': 'EAGAIN',
  'Too many users': 'EUSERS',
  'No such file or directory': 'ENOENT',
};

const STEP_PATTERNS: [UnshareStep, RegExp][] = [
  ['unshare', /^unshare: unshare failed: (.+)$/],
  ['fork', /^unshare: fork failed: (.+)$/],
  ['exec', /^unshare: failed to execute .*: (.+)$/],
];

export function parseUnshareFailure(stderr: string): UnshareFailure {
  const message = stderr.split('\n').find((l) => l.trim().length > 0)?.trim() ?? '';
  for (const [step, pattern] of STEP_PATTERNS) {
    const text = pattern.exec(message)?.[1];
    if (text !== undefined) return { step, errno: ERRNO_BY_TEXT[text] ?? null, message };
  }
  return { step: 'other', errno: null, message };
}

import { describe, expect, it } from 'vitest';
import { parseUnshareFailure } from '../../../src/parse/unshare-error.js';

describe('parseUnshareFailure', () => {
  it.each([
    ['unshare: unshare failed: Operation not permitted\n', 'unshare', 'EPERM'],
    ['unshare: unshare failed: No space left on device', 'unshare', 'ENOSPC'],
    ['unshare: unshare failed: Invalid argument', 'unshare', 'EINVAL'],
    ['unshare: fork failed: Cannot allocate memory', 'fork', 'ENOMEM'],
    ['unshare: failed to execute /usr/bin/unshare: No such file or directory', 'exec', 'ENOENT'],
    ['unshare: unshare failed: Something new', 'unshare', null],
    ['Segmentation fault', 'other', null],
    ['', 'other', null],
  ] as const)('%j', (stderr, step, errno) => {
    expect(parseUnshareFailure(stderr)).toMatchObject({ step, errno });
  });
});

// Removing a cgroup a test made: the processes in it have exited when a test ends, but the
// kernel may take a moment to let go of the cgroup, so rmdir is retried for up to 2 s.
import { existsSync, rmdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export async function removeCgroup(dir: string): Promise<void> {
  for (let attempt = 0; existsSync(dir); attempt++) {
    try {
      rmdirSync(dir);
    } catch (err) {
      if (attempt >= 40) throw err;
      await sleep(50);
    }
  }
}

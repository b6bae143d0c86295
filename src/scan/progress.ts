// A progress line on stderr for people at a terminal: only once a scan has taken over a second
// (short scans stay quiet), only on a TTY (logs and pipes get no carriage returns).
import { performance } from 'node:perf_hooks';
import type { Progress } from './scan.js';

const QUIET_MS = 1000;

export interface ProgressLine {
  update: Progress;
  /** Clears the line, if one was drawn. */
  done(): void;
}

export function progressLine(stream: { isTTY?: boolean; write(text: string): unknown }, now: () => number = () => performance.now()): ProgressLine {
  const start = now();
  let drawn = false;
  return {
    update(done, total) {
      if (stream.isTTY !== true || now() - start < QUIET_MS) return;
      stream.write(`\rinit-preflight scan: ${done}/${total} targets…`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

// Output written to the file descriptors themselves. process.stdout and process.stderr are made
// on first use, and for a pipe or a file (a pod's stdout) making one loads node's streams and
// net modules: ~10 ms of a start-up that prints one report (docs/design.md, "Start-up").
import { fstatSync, write, writeSync } from 'node:fs';

// A descriptor someone else set O_NONBLOCK on answers EAGAIN while the pipe is full.
const FULL_PIPE_RETRY_MS = 5;

// What a pipe holds by default (pipe(7)): a report up to this size is written synchronously, as
// node's own process.stdout writes to pipes and files on Linux. A report is a few kilobytes, and
// the thread pool's start-up costs more than the write (docs/design.md, "Start-up").
const SYNC_WRITE_LIMIT = 64 * 1024;

/**
 * Writes all of `text` to `fd`. The promise settles when the kernel has every byte: main ends with
 * process.exit(), which would cut short output still queued for a slow reader. Small output is
 * written synchronously (only a full pipe whose reader has stopped could block it, and the handoff
 * is done by then); larger output (`scan` of a big node, paged with `less`) goes through the
 * thread pool, so a reader that stops reading blocks that write and not the signal handlers.
 */
export function writeAll(fd: number, text: string): Promise<void> {
  const bytes = Buffer.from(text);
  let done = 0;
  if (bytes.length <= SYNC_WRITE_LIMIT) {
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      return Promise.resolve();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return Promise.reject(err as Error);
    }
  }
  return new Promise((resolve, reject) => {
    const from = (offset: number): void => {
      if (offset >= bytes.length) return resolve();
      write(fd, bytes, offset, bytes.length - offset, null, (err, written) => {
        if (err?.code === 'EAGAIN') setTimeout(from, FULL_PIPE_RETRY_MS, offset);
        else if (err) reject(err);
        else from(offset + written);
      });
    };
    from(done);
  });
}

export const writeStdout = (text: string): Promise<void> => writeAll(1, text);

/**
 * Writes `text` to stderr before returning (it may be the last thing before an exit). A stderr
 * that cannot be written has nowhere to report that, so such an error ends the attempt.
 */
export function writeStderr(text: string): void {
  const bytes = Buffer.from(text);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let done = 0, tries = 0; done < bytes.length && tries < 200; ) {
    try {
      done += writeSync(2, bytes, done, bytes.length - done);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      tries++;
      Atomics.wait(pause, 0, 0, FULL_PIPE_RETRY_MS);
    }
  }
}

/** Whether stdout is a terminal; only a character device can be, so a pipe or file never makes process.stdout. */
export function stdoutIsTerminal(): boolean {
  try {
    return fstatSync(1).isCharacterDevice() && process.stdout.isTTY === true;
  } catch {
    return false; // fd 1 closed: nothing is shown anywhere
  }
}

/** The terminal's width, when stdout is a terminal that says. */
export function terminalColumns(): number | null {
  return stdoutIsTerminal() ? process.stdout.columns || null : null;
}

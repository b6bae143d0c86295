// report/stdout.ts writeAll: small output in one synchronous write, large output through the
// thread pool (the event loop keeps running while a slow reader drains it), EAGAIN on a descriptor
// set O_NONBLOCK waited out, any other error handed back. Real files and FIFOs, no mocks.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAll } from '../../../src/report/stdout.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'preflight-stdout-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Both ends of a FIFO, opened without blocking; the writer is O_NONBLOCK only when asked. */
function fifo(nonBlockingWriter: boolean): { reader: number; writer: number } {
  const file = path.join(dir, 'fifo');
  execFileSync('mkfifo', [file]);
  const reader = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(file, constants.O_WRONLY | (nonBlockingWriter ? constants.O_NONBLOCK : 0));
  return { reader, writer };
}

/** Reads what the FIFO holds now, without waiting. */
function drain(fd: number): string {
  const buf = Buffer.alloc(1 << 16);
  let text = '';
  for (;;) {
    try {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return text;
      text += buf.toString('latin1', 0, n);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return text;
      throw err;
    }
  }
}

describe('writeAll', () => {
  it('writes a report in one synchronous write: the file holds it before the promise is awaited', async () => {
    const file = path.join(dir, 'out');
    const fd = openSync(file, 'w');
    const pending = writeAll(fd, 'verdict: READY (exit 0)\n');
    expect(readFileSync(file, 'utf8')).toBe('verdict: READY (exit 0)\n');
    await pending;
    closeSync(fd);
  });

  it('writes output larger than a pipe through the thread pool: timers run while a slow reader drains it', async () => {
    const { reader, writer } = fifo(false);
    const text = 'x'.repeat(300 * 1024);
    let read = '';
    let ticks = 0;
    const reading = setInterval(() => {
      ticks++;
      read += drain(reader);
    }, 2);
    await writeAll(writer, text);
    clearInterval(reading);
    read += drain(reader);
    expect([read.length, read === text]).toEqual([text.length, true]);
    expect(ticks).toBeGreaterThan(0);
    closeSync(reader);
    closeSync(writer);
  });

  it('waits out EAGAIN on a full O_NONBLOCK pipe and then writes the rest', async () => {
    const { reader, writer } = fifo(true);
    let filled = 0;
    try {
      for (;;) filled += writeSync(writer, Buffer.alloc(4096, 'f'));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('EAGAIN');
    }
    let read = '';
    const pending = writeAll(writer, 'the report\n');
    const reading = setInterval(() => (read += drain(reader)), 2);
    await pending;
    clearInterval(reading);
    read += drain(reader);
    expect(read.length).toBe(filled + 'the report\n'.length);
    expect(read.endsWith('the report\n')).toBe(true);
    closeSync(reader);
    closeSync(writer);
  });

  it('hands back any other error', async () => {
    const fd = 1 << 30; // never open: a closed descriptor's number could be reused meanwhile
    await expect(writeAll(fd, 'x')).rejects.toMatchObject({ code: 'EBADF' });
    await expect(writeAll(fd, 'x'.repeat(100 * 1024))).rejects.toMatchObject({ code: 'EBADF' });
  });
});

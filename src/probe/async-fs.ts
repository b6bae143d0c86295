// Asynchronous file access on node:fs's callback API, which every start-up has loaded already.
// node:fs/promises would bring node's whole streams stack along (its FileHandle can make
// streams and readline interfaces): about 3 ms of every pod's start-up for nothing the tool
// uses (docs/design.md, "Start-up"). Same errors, same thread pool, same semantics.
import fs from 'node:fs';
import { promisify } from 'node:util';

export const access = promisify(fs.access);
export const lstat = promisify(fs.lstat);
export const stat = promisify(fs.stat);
export const readdir = promisify(fs.readdir);
export const readlink = promisify(fs.readlink);
export const readFile = promisify(fs.readFile);
export const writeFile = promisify(fs.writeFile);
export const rename = promisify(fs.rename);
export const unlink = promisify(fs.unlink);

const openFd = promisify(fs.open);
const closeFd = promisify(fs.close);
const fstat = promisify(fs.fstat);
const fsync = promisify(fs.fsync);
const fchmod = promisify(fs.fchmod);
const readFd = promisify(fs.read);
const writeFd = promisify(fs.write);

/** The part of fs/promises' FileHandle the tool uses. */
export interface FileHandle {
  readonly fd: number;
  /** Reads up to `length` bytes at `position` (null: the file offset). */
  read(buffer: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  /** Writes all of `data`, from `position` (default: the file offset). */
  writeAll(data: string | Buffer, position?: number): Promise<void>;
  stat(): Promise<fs.Stats>;
  chmod(mode: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export async function open(file: string, flags: string | number, mode?: number): Promise<FileHandle> {
  const fd = await openFd(file, flags, mode);
  return {
    fd,
    read: (buffer, offset, length, position) => readFd(fd, buffer, offset, length, position),
    async writeAll(data, position) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      // write(2) may take less than asked (a full disk mid-write, a signal): go on from there.
      for (let done = 0; done < bytes.length; ) {
        const { bytesWritten } = await writeFd(fd, bytes, done, bytes.length - done, position === undefined ? null : position + done);
        done += bytesWritten;
      }
    },
    stat: () => fstat(fd),
    chmod: (m) => fchmod(fd, m),
    sync: () => fsync(fd),
    close: () => closeFd(fd),
  };
}

// Asynchronous file access on node:fs's callback API, which every start-up has loaded already.
// node:fs/promises would bring node's whole streams stack along (its FileHandle can make
// streams and readline interfaces): about 3 ms of every pod's start-up for nothing the tool
// uses (docs/design.md, "Start-up"). Same errors, same thread pool, same semantics.
import * as fs from 'node:fs';

type Callback<T> = (err: NodeJS.ErrnoException | null, value: T) => void;

// util.promisify copies each function's properties, which costs start-up time for nothing here.
function promised<A extends unknown[], T>(fn: (...args: [...A, Callback<T>]) => void): (...args: A) => Promise<T> {
  return (...args) => new Promise((resolve, reject) => fn(...args, (err, value) => (err ? reject(err) : resolve(value))));
}

export const access = promised<[string, number?], void>(fs.access);
export const lstat = promised<[string], fs.Stats>(fs.lstat);
export const stat = promised<[string], fs.Stats>(fs.stat);
export const readdir = promised<[string], string[]>(fs.readdir);
export const readlink = promised<[string], string>(fs.readlink);
export const readFile = promised<[string, BufferEncoding], string>(fs.readFile);
export const writeFile = promised<[string, string], void>(fs.writeFile);
export const rename = promised<[string, string], void>(fs.rename);
export const unlink = promised<[string], void>(fs.unlink);

const openFd = promised<[string, string | number, number | undefined], number>(fs.open);
const closeFd = promised<[number], void>(fs.close);
const fstat = promised<[number], fs.Stats>(fs.fstat);
const fsync = promised<[number], void>(fs.fsync);
const fchmod = promised<[number, number], void>(fs.fchmod);
const readFd = promised<[number, Buffer, number, number, number | null], number>(fs.read);
const writeFd = promised<[number, Buffer, number, number, number | null], number>(fs.write);

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
    read: async (buffer, offset, length, position) => ({ bytesRead: await readFd(fd, buffer, offset, length, position) }),
    async writeAll(data, position) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      // write(2) may take less than asked (a full disk mid-write, a signal): go on from there.
      for (let done = 0; done < bytes.length; ) {
        done += await writeFd(fd, bytes, done, bytes.length - done, position === undefined ? null : position + done);
      }
    },
    stat: () => fstat(fd),
    chmod: (m) => fchmod(fd, m),
    sync: () => fsync(fd),
    close: () => closeFd(fd),
  };
}

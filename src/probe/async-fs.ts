// Asynchronous file access on node:fs's callback API, which every start-up has loaded already.
// node:fs/promises would bring node's whole streams stack along (its FileHandle can make
// streams and readline interfaces): about 3 ms of every pod's start-up for nothing the tool
// uses (docs/design.md, "Start-up"). Same errors, same thread pool, same semantics. Named
// imports: in the bundle a namespace import copies every export of node:fs (esbuild's __toESM).
import { access as accessCb, close, fchmod as fchmodCb, fstat as fstatCb, fsync as fsyncCb, lstat as lstatCb, open as openCb, read, readdir as readdirCb, readFile as readFileCb, readlink as readlinkCb, rename as renameCb, stat as statCb, unlink as unlinkCb, write, writeFile as writeFileCb, type Stats } from 'node:fs';

type Callback<T> = (err: NodeJS.ErrnoException | null, value: T) => void;

// util.promisify copies each function's properties, which costs start-up time for nothing here.
function promised<A extends unknown[], T>(fn: (...args: [...A, Callback<T>]) => void): (...args: A) => Promise<T> {
  return (...args) => new Promise((resolve, reject) => fn(...args, (err, value) => (err ? reject(err) : resolve(value))));
}

export const access = promised<[string, number?], void>(accessCb);
export const lstat = promised<[string], Stats>(lstatCb);
export const stat = promised<[string], Stats>(statCb);
export const readdir = promised<[string], string[]>(readdirCb);
export const readlink = promised<[string], string>(readlinkCb);
export const readFile = promised<[string, BufferEncoding], string>(readFileCb);
export const writeFile = promised<[string, string], void>(writeFileCb);
export const rename = promised<[string, string], void>(renameCb);
export const unlink = promised<[string], void>(unlinkCb);

const openFd = promised<[string, string | number, number | undefined], number>(openCb);
const closeFd = promised<[number], void>(close);
const fstat = promised<[number], Stats>(fstatCb);
const fsync = promised<[number], void>(fsyncCb);
const fchmod = promised<[number, number], void>(fchmodCb);
const readFd = promised<[number, Buffer, number, number, number | null], number>(read);
const writeFd = promised<[number, Buffer, number, number, number | null], number>(write);

/** The part of fs/promises' FileHandle the tool uses. */
export interface FileHandle {
  readonly fd: number;
  /** Reads up to `length` bytes at `position` (null: the file offset). */
  read(buffer: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  /** Writes all of `data`, from `position` (default: the file offset). */
  writeAll(data: string | Buffer, position?: number): Promise<void>;
  stat(): Promise<Stats>;
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

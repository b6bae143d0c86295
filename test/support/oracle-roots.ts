// Image-like roots for the exec oracle: real loaders and libraries copied from this machine (a
// root must be executable, not just parseable), and small programs built here for the cases the
// fixture script does not make (32-bit and x32 ELF, a relocatable object, plain DT_NEEDED users).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { BUILD, FIXTURES } from './elf-fixtures.js';
import { imageRoot, type ImageRoot } from './image-root.js';

export const GLIBC_LOADER = '/lib64/ld-linux-x86-64.so.2';
export const GLIBC_LIBC = '/lib/x86_64-linux-gnu/libc.so.6';
export const MUSL_LOADER = '/lib/ld-musl-x86_64.so.1';
export const MULTIARCH = '/usr/lib/x86_64-linux-gnu';
export const EXTRA = path.join(BUILD, 'oracle');

export interface OracleRoot extends ImageRoot {
  chown(at: string, uid: number, gid: number): void;
  chmod(at: string, mode: number): void;
  mkdir(at: string, mode?: number): void;
  unlink(at: string): void;
  /** Sets one byte (an ELF identification field, say). */
  patch(at: string, offset: number, value: number): void;
}

/** A temp root every test user can traverse (mkdtemp makes it 0700). */
export function oracleRoot(): OracleRoot {
  const root = imageRoot();
  chmodSync(root.dir, 0o755);
  const at = (p: string) => path.join(root.dir, p);
  return {
    ...root,
    chown: (p, uid, gid) => chownSync(at(p), uid, gid),
    chmod: (p, mode) => chmodSync(at(p), mode),
    mkdir: (p, mode = 0o755) => {
      mkdirSync(at(p), { recursive: true });
      chmodSync(at(p), mode);
    },
    unlink: (p) => unlinkSync(at(p)),
    patch: (p, offset, value) => {
      const fd = openSync(at(p), 'r+');
      writeSync(fd, Uint8Array.of(value), 0, 1, offset);
      closeSync(fd);
    },
  };
}

/** Debian's usrmerge layout with the host's glibc loader (and libc unless told otherwise). */
export function glibcBase(r: OracleRoot, { libc = true } = {}): void {
  r.link('/lib', 'usr/lib');
  r.link('/lib64', 'usr/lib64');
  r.copy(GLIBC_LOADER, `${MULTIARCH}/ld-linux-x86-64.so.2`);
  r.link('/usr/lib64/ld-linux-x86-64.so.2', `${MULTIARCH}/ld-linux-x86-64.so.2`);
  if (libc) r.copy(GLIBC_LIBC, `${MULTIARCH}/libc.so.6`);
}

/** Alpine's layout: the musl loader is also its libc. */
export function muslBase(r: OracleRoot): void {
  r.copy(MUSL_LOADER, '/lib/ld-musl-x86_64.so.1');
}

/** Runs ldconfig for the root (what an image build does), with the cache format asked for. */
export function ldconfig(r: OracleRoot, format: 'new' | 'old' | 'compat' = 'new'): void {
  execFileSync('ldconfig', ['-r', r.dir, '-c', format, '-X'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const src = (name: string) => path.join(FIXTURES, 'src', name);

function build(out: string, make: (target: string) => void): string {
  const target = path.join(EXTRA, out);
  if (!existsSync(target)) {
    mkdirSync(path.dirname(target), { recursive: true });
    make(target);
  }
  return target;
}

const gcc = (args: string[]) => execFileSync('gcc', args, { stdio: ['ignore', 'ignore', 'inherit'] });

function asm(name: string, body: string): string {
  const file = path.join(EXTRA, `${name}.c`);
  mkdirSync(EXTRA, { recursive: true });
  writeFileSync(file, `void _start(void) { __asm__ volatile(${JSON.stringify(body)}); }\n`);
  return file;
}

/** Programs the oracle table needs beyond scripts/make-elf-fixtures.sh; each exits 0 when it runs. */
export function buildExtras() {
  return {
    // exit(0) through the i386 system call gate: runs only with 32-bit compat enabled at run time.
    i386Static: build('i386-static', (t) => gcc(['-m32', '-nostdlib', '-static', '-o', t, asm('i386', 'mov $1, %eax\n\txor %ebx, %ebx\n\tint $0x80')])),
    // exit(0) as an x32 process (syscall number | __X32_SYSCALL_BIT): needs CONFIG_X86_X32_ABI.
    x32Static: build('x32-static', (t) => gcc(['-mx32', '-nostdlib', '-static', '-o', t, asm('x32', 'mov $0x4000003c, %eax\n\txor %edi, %edi\n\tsyscall')])),
    object: build('hello.o', (t) => gcc(['-c', '-o', t, src('hello.c')])),
    libgreet: path.join(BUILD, 'runpath/lib/libgreet.so.1'),
    // DT_NEEDED libgreet.so.1 with no RPATH/RUNPATH: found only through the loader's own rules.
    usesGreet: build('plain/uses-greet', (t) => gcc(['-o', t, src('uses-greet.c'), path.join(BUILD, 'runpath/lib/libgreet.so.1')])),
    muslGreetLib: build('musl/libgreet.so.1', (t) => execFileSync('musl-gcc', ['-shared', '-fPIC', '-Wl,-soname,libgreet.so.1', '-o', t, src('greet.c')])),
    muslUsesGreet: build('musl/uses-greet', (t) => execFileSync('musl-gcc', ['-o', t, src('uses-greet.c'), path.join(EXTRA, 'musl/libgreet.so.1')])),
  };
}

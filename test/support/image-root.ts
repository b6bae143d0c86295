// Image-like root filesystems in a temp dir: files copied from the host or the fixtures,
// symlinks like a distribution's (/lib64 → usr/lib64), for the static-binary check.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ImageRoot {
  dir: string;
  copy(from: string, to: string, mode?: number): void;
  link(at: string, target: string): void;
  write(at: string, text: string, mode?: number): void;
  remove(): void;
}

export function imageRoot(): ImageRoot {
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-root-'));
  const inRoot = (p: string) => {
    const full = path.join(dir, p);
    mkdirSync(path.dirname(full), { recursive: true });
    return full;
  };
  return {
    dir,
    copy: (from, to, mode = 0o755) => {
      copyFileSync(from, inRoot(to));
      chmodSync(inRoot(to), mode);
    },
    link: (at, target) => symlinkSync(target, inRoot(at)),
    write: (at, text, mode = 0o644) => writeFileSync(inRoot(at), text, { mode }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}


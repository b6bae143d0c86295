// ELF fixtures: the small ones are committed; the rest are built once by
// scripts/make-elf-fixtures.sh into test/fixtures/elf/build (gitignored).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/elf/', import.meta.url));
export const BUILD = path.join(FIXTURES, 'build');
const SCRIPT = fileURLToPath(new URL('../../scripts/make-elf-fixtures.sh', import.meta.url));

/** Builds the generated fixtures unless they are already there. */
export function ensureBuiltFixtures(): void {
  if (existsSync(path.join(BUILD, '.stamp'))) return;
  execFileSync('sh', [SCRIPT], { stdio: ['ignore', 'ignore', 'inherit'] });
}

export function fixturePath(name: string): string {
  return path.join(FIXTURES, name);
}

/** The Go release the build fixtures were made with (`go env GOVERSION`), or null. */
export function builtGoVersion(): string | null {
  const file = path.join(BUILD, 'go-version.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

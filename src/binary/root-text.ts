// Small text files inside the target root (loader configuration), read through RootFs so
// symlinks stay inside the root.
import type { RootFs } from '../probe/root-fs.js';

const MAX_CONFIG_BYTES = 256 * 1024;

/**
 * The file's text, or null when it is absent, not a regular file, unreadable or too large: the
 * loader, too, goes on with its built-in paths when it cannot read its configuration.
 */
export async function readRootText(fs: RootFs, innerPath: string): Promise<string | null> {
  const read = await fs.readText(innerPath, MAX_CONFIG_BYTES);
  return read.ok ? read.value : null;
}

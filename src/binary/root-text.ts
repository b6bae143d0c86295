// Small text files inside the target root (loader configuration), read through RootFs so
// symlinks stay inside the root.
import { withRegularFile, type RootFs } from '../probe/root-fs.js';

const MAX_CONFIG_BYTES = 256 * 1024;

/** The file's text, or null when it is absent, not a regular file, unreadable or too large. */
export async function readRootText(fs: RootFs, innerPath: string): Promise<string | null> {
  return withRegularFile(fs, innerPath, async (file) => {
    if (file.size > MAX_CONFIG_BYTES) return null;
    return new TextDecoder().decode(await file.read(0, file.size));
  }).catch(() => null);
}

// Small text files inside the target root (loader configuration), read through RootFs so
// symlinks stay inside the root.
import type { RootFs } from './root-fs.js';

const MAX_CONFIG_BYTES = 256 * 1024;

/** The file's text, or null when it is absent, not a regular file, unreadable or too large. */
export async function readRootText(fs: RootFs, innerPath: string): Promise<string | null> {
  const resolved = await fs.resolve(innerPath);
  if (!resolved.ok || resolved.value.kind !== 'file') return null;
  const opened = await fs.open(resolved.value.path);
  if (!opened.ok) return null;
  try {
    if (opened.value.size > MAX_CONFIG_BYTES) return null;
    return new TextDecoder().decode(await opened.value.read(0, opened.value.size));
  } catch {
    return null;
  } finally {
    await opened.value.close();
  }
}

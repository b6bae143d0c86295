// Kernel release strings (`uname -r`): "6.18.44-fc-v769", "5.15.0-1034-azure", "4.4.0-210-generic".

export interface KernelVersion {
  major: number;
  minor: number;
  patch: number;
}

/** The numeric x.y[.z] prefix of a release, or null when it has none. */
export function parseKernelRelease(release: string): KernelVersion | null {
  const m = /^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?/.exec(release.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/** A --min-kernel value: exactly "x.y" or "x.y.z". */
export function parseMinKernel(text: string): KernelVersion | null {
  return /^\d{1,4}\.\d{1,4}(\.\d{1,6})?$/.test(text) ? parseKernelRelease(text) : null;
}

export function compareKernel(a: KernelVersion, b: KernelVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function formatKernel(v: KernelVersion): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

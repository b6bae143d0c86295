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

/**
 * The upstream version a distribution keeps beside a release string that hides the patch level:
 * Debian's /proc/version ends `… Debian 6.1.176-1 (2026-07-02)` for `6.1.0-50-amd64`, Ubuntu's
 * /proc/version_signature is `Ubuntu 5.15.0-91.101-generic 5.15.131`. The compiler's own
 * version comes earlier in /proc/version (`gcc-12 (Debian 12.2.0-14)`), so the last match counts.
 */
export function parseDistributionVersion(banner: string): KernelVersion | null {
  const debian = [...banner.matchAll(/\bDebian (\d{1,4}\.\d{1,4}\.\d{1,6})[-+~]/g)].at(-1)?.[1];
  const ubuntu = [...banner.matchAll(/\bUbuntu \d{1,4}\.\d{1,4}\.\d{1,6}-[\w.+-]+ (\d{1,4}\.\d{1,4}\.\d{1,6})\b/g)].at(-1)?.[1];
  const found = ubuntu ?? debian;
  return found === undefined ? null : parseKernelRelease(found);
}

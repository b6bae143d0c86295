// Kernel release strings (`uname -r`): "6.18.44-fc-v769", "5.15.0-1034-azure", "4.4.0-210-generic".
import { isAsciiDigit, isDigits } from './text.js';

export interface KernelVersion {
  major: number;
  minor: number;
  patch: number;
}

/** The numeric x.y[.z] prefix of a release, or null when it has none. */
export function parseKernelRelease(release: string): KernelVersion | null {
  // /^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?/ written out (parse/text.ts says why): a major of more
  // than 4 digits matches nothing, a longer minor or patch is cut where the expression stops.
  const text = release.trim();
  const majorEnd = digitsEnd(text, 0);
  if (majorEnd === 0 || majorEnd > 4 || text[majorEnd] !== '.') return null;
  const minorEnd = Math.min(digitsEnd(text, majorEnd + 1), majorEnd + 5);
  if (minorEnd === majorEnd + 1) return null;
  const patchEnd = text[minorEnd] === '.' ? Math.min(digitsEnd(text, minorEnd + 1), minorEnd + 7) : minorEnd;
  return {
    major: Number(text.slice(0, majorEnd)),
    minor: Number(text.slice(majorEnd + 1, minorEnd)),
    patch: patchEnd > minorEnd + 1 ? Number(text.slice(minorEnd + 1, patchEnd)) : 0,
  };
}

/** Where the run of ASCII digits from `from` ends. */
function digitsEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isAsciiDigit(text.charCodeAt(end))) end++;
  return end;
}

/** A --min-kernel value: exactly "x.y" or "x.y.z" (/^\d{1,4}\.\d{1,4}(\.\d{1,6})?$/). */
export function parseMinKernel(text: string): KernelVersion | null {
  const [major = '', minor = '', patch, ...more] = text.split('.');
  const exact = isDigits(major, 4) && isDigits(minor, 4) && (patch === undefined || isDigits(patch, 6)) && more.length === 0;
  return exact ? parseKernelRelease(text) : null;
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

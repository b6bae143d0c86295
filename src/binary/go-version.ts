// Go release numbers from build info version strings: `go1.19.8`, `go1.21rc2`,
// `go1.22.0 X:boringcrypto`; `devel …` builds have none.
export interface GoRelease {
  major: number;
  minor: number;
}

export function goRelease(version: string): GoRelease | null {
  const match = /^go(\d+)\.(\d+)/.exec(version);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
}

export function goAtLeast(release: GoRelease, major: number, minor: number): boolean {
  return release.major > major || (release.major === major && release.minor >= minor);
}

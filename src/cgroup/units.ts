// How limits appear in messages: the unit people write in pod specs, then the exact number.

export const MIB = 2 ** 20;

export function formatBytes(bytes: number): string {
  const mib = bytes / MIB;
  const rounded = Number.isInteger(mib) ? String(mib) : mib.toFixed(1);
  return `${rounded}Mi (${bytes} bytes)`;
}

export function formatMillicores(millicores: number): string {
  return `${millicores}m`;
}

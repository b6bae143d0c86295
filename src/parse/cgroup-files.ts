// Values of cgroup interface files (kernel docs: cgroup-v1/memory.rst, cgroup-v2.rst).
// A limit is a number of bytes or microseconds, or null for "unlimited".
import { failure, type Result } from '../core/result.js';
import { isDigits, isInteger, splitWhitespace } from './text.js';


/** A limit, or null for unlimited. */
export type LimitResult = Result<number | null>;

// v1 reports "no limit" as PAGE_COUNTER_MAX pages in bytes: LONG_MAX rounded down to the page
// size (9223372036854771712 with 4 KiB pages, 9223372036854710272 with 64 KiB pages).
const V1_UNLIMITED_FROM = 2n ** 63n - 2n ** 16n;

/** `memory.max`, `memory.high` (v2): bytes or `max`. */
export function parseV2Limit(text: string): LimitResult {
  const value = text.trim();
  if (value === 'max') return { ok: true, value: null };
  return parseCount(value);
}

/** `memory.limit_in_bytes`, `hierarchical_memory_limit` (v1): bytes; near LONG_MAX = unlimited. */
export function parseV1MemoryLimit(text: string): LimitResult {
  const parsed = parseCount(text.trim());
  if (!parsed.ok || parsed.value === null) return parsed;
  return BigInt(text.trim()) >= V1_UNLIMITED_FROM ? { ok: true, value: null } : parsed;
}

function parseCount(value: string): LimitResult {
  if (!isDigits(value, 20)) return failure('malformed', `"${value.slice(0, 40)}" is not a non-negative integer`);
  return { ok: true, value: Number(value) };
}

/**
 * Flat keyed files (`memory.stat`, `memory.events`, `cpu.stat`, `memory.oom_control`): the
 * integer text of each `key value` line, kept as text so near-LONG_MAX values stay exact.
 */
export function parseKeyedValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [key, value, extra] = splitWhitespace(line.trim());
    if (key && value !== undefined && extra === undefined && isInteger(value, 20)) values.set(key, value);
  }
  return values;
}

/** A CPU bandwidth limit as millicores (quota / period × 1000), or null for unlimited. */
export function millicoresOf(quotaUs: number | null, periodUs: number): LimitResult {
  if (quotaUs === null) return { ok: true, value: null };
  if (periodUs <= 0) return failure('malformed', `period ${periodUs} is not positive`);
  return { ok: true, value: Math.round((quotaUs * 1000) / periodUs) };
}

/** `cpu.max` (v2): `$MAX $PERIOD`, where `$MAX` may be `max`. */
export function parseCpuMax(text: string): LimitResult {
  const match = /^(max|\d{1,19}) (\d{1,19})$/.exec(text.trim());
  if (!match) return failure('malformed', `"${text.trim().slice(0, 40)}" is not "<quota|max> <period>"`);
  return millicoresOf(match[1] === 'max' ? null : Number(match[1]), Number(match[2]));
}

/** `cpu.cfs_quota_us` (v1): microseconds, or -1 for unlimited. */
export function parseCfsQuota(text: string): LimitResult {
  const value = text.trim();
  if (value === '-1') return { ok: true, value: null };
  return parseCount(value);
}

// Hostile text for every /proc and cgroup parser: real files from the fixtures with kernel-ish
// tokens spliced in, lines cut, duplicated and reordered, and arbitrary strings. Parsers must
// return data or a typed failure — never throw — and what they return must be well formed.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCfsQuota, parseCpuMax, parseKeyedValues, parseV1MemoryLimit, parseV2Limit, type LimitResult } from '../../../src/parse/cgroup-files.js';
import { parseKernelRelease } from '../../../src/parse/kernel-release.js';
import { parseMountinfo } from '../../../src/parse/mountinfo.js';
import { parseNamespaceLink } from '../../../src/parse/ns-link.js';
import { parseProcCgroup } from '../../../src/parse/proc-cgroup.js';
import { parseProcStat } from '../../../src/parse/proc-stat.js';
import { parseProcStatus } from '../../../src/parse/proc-status.js';
import { parseQuantity } from '../../../src/parse/quantity.js';
import { parseUidMap } from '../../../src/parse/uid-map.js';
import { parseUnshareFailure } from '../../../src/parse/unshare-error.js';
import { fuzzParameters } from '../../support/fuzz.js';

export const RUNS_PER_PARSER = 10_000;

// Namespace links in the fixture trees (proc/self/ns/cgroup → "cgroup:[…]") point nowhere: only
// regular files are texts, and link texts are among the seeds below.
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    const entry = lstatSync(file);
    return entry.isDirectory() ? filesUnder(file) : entry.isFile() ? [file] : [];
  });
}

const FIXTURE_TEXTS = [...filesUnder('test/fixtures/proc'), ...filesUnder('test/fixtures/cgroup')].map((f) => readFileSync(f, 'utf8')).filter((t) => t.length < 64 * 1024);
const SEEDS = [
  ...FIXTURE_TEXTS,
  readFileSync('/proc/self/stat', 'utf8'),
  '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 18 0 0',
  'pid:[4026531836]',
  '0 0 4294967295\n',
  '6.18.44-fc-v1272',
  '128Mi',
  'max 100000',
  'unshare: unshare failed: Operation not permitted\n',
  'unshare: fork failed: Resource temporarily unavailable\n',
];
// Tokens the kernel's formats give meaning to, and values at the edges of number types.
const TOKENS = [' ', '  ', '\t', '\n', ':', '::', '-', ' - ', '/', '\\040', '\\134', '\\', '(', ')', ')) ', '0', '-1', 'max', ',', '=', 'name=systemd', 'cgroup2', 'cgroup', 'NSpid:', 'CapEff:', 'ffffffffffffffff', '18446744073709551615', '9223372036854771712', '99999999999999999999999', '1e309', 'NaN', '\u0000', '\u2028', 'é'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dropLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeatLine' as const), at: fc.nat(), times: fc.integer({ min: 2, max: 50 }) }),
  fc.record({ kind: fc.constant('chars' as const), at: fc.nat(), text: fc.string({ maxLength: 12 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1);
  if (m.kind === 'splice') return text.slice(0, at) + m.token + text.slice(at);
  if (m.kind === 'chars') return text.slice(0, at) + m.text + text.slice(at + m.text.length);
  if (m.kind === 'cut') return text.slice(0, at);
  const lines = text.split('\n');
  const i = m.at % lines.length;
  if (m.kind === 'dropLine') lines.splice(i, 1);
  else lines.splice(i, 0, ...Array<string>(m.times).fill(lines[i]!));
  return lines.join('\n');
}

const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 8 })).map(([seed, ms]) => ms.reduce(mutate, seed)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join('')) },
);

const isCount = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
const isLimit = (r: LimitResult) => (r.ok ? r.value === null || isCount(r.value) : r.message.length > 0 && r.message.length < 200);

const PARSERS: [string, (text: string) => boolean][] = [
  ['parseProcStatus', (t) => { const s = parseProcStatus(t); return s.nspid === null || s.nspid.every(isCount); }],
  ['parseProcStat', (t) => { const s = parseProcStat(t); return s === null || (isCount(s.pid) && /^[A-Za-z]$/.test(s.state) && /^\d+$/.test(s.startTime)); }],
  ['parseMountinfo', (t) => parseMountinfo(t).every((m) => isCount(m.mountId) && typeof m.mountPoint === 'string' && typeof m.fsType === 'string')],
  ['parseProcCgroup', (t) => parseProcCgroup(t).every((e) => isCount(e.hierarchyId) && typeof e.path === 'string' && e.controllers.every((c) => typeof c === 'string'))],
  ['parseUidMap', (t) => parseUidMap(t).every((r) => isCount(r.inside) && isCount(r.outside) && isCount(r.count))],
  ['parseUnshareFailure', (t) => { const f = parseUnshareFailure(t); return f.errno === null || /^E[A-Z0-9]+$/.test(f.errno); }],
  ['parseNamespaceLink', (t) => { const n = parseNamespaceLink(t, 'pid'); return n === null || isCount(n); }],
  ['parseKernelRelease', (t) => { const v = parseKernelRelease(t); return v === null || Object.values(v).every((x) => x === null || isCount(x)); }],
  ['parseV1MemoryLimit', (t) => isLimit(parseV1MemoryLimit(t))],
  ['parseV2Limit', (t) => isLimit(parseV2Limit(t))],
  ['parseCpuMax', (t) => isLimit(parseCpuMax(t))],
  ['parseCfsQuota', (t) => isLimit(parseCfsQuota(t))],
  ['parseKeyedValues', (t) => [...parseKeyedValues(t).values()].every((v) => /^-?\d{1,20}$/.test(v))],
  ['parseQuantity', (t) => { const q = parseQuantity(t); return q.ok || q.message.length < 200; }],
];

describe('/proc and cgroup parsers under hostile text', () => {
  it.each(PARSERS)(`%s: never throws, returns well-formed data (${RUNS_PER_PARSER} cases)`, (_name, property) => {
    fc.assert(fc.property(hostileText, (text) => property(text)), fuzzParameters(RUNS_PER_PARSER));
  });

  it('mutations reach deep: a fixture with a spliced token still parses partly', () => {
    const mounts = parseMountinfo(mutate(FIXTURE_TEXTS.find((t) => t.includes(' - cgroup2 ')) ?? SEEDS[0]!, { kind: 'splice', at: 0, token: 'x' }));
    expect(mounts.length).toBeGreaterThan(0);
  });
});

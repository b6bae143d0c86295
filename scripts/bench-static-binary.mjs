// Benchmark (not a test): the static-binary inspection on a small binary and on the same binary
// extended to a sparse 512 MiB file, side by side in one run. Each measurement is a fresh node
// process (so peak RSS is its own), runs alternate, and medians are compared as ratios.
//   node scripts/bench-static-binary.mjs [runs]   (needs the ELF fixtures; see make-elf-fixtures.sh)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const RUNS = Number(process.argv[2] ?? 15);
const SPARSE_SIZE = 512 * 1024 * 1024;
const repo = new URL('..', import.meta.url).pathname;
const built = path.join(repo, 'test/fixtures/elf/build/go-static');
const seed = existsSync(built) ? built : path.join(repo, 'test/fixtures/elf/musl-static');

const work = mkdtempSync(path.join(tmpdir(), 'bench-static-binary-'));
try {
  copyFileSync(seed, path.join(work, 'small'));
  copyFileSync(seed, path.join(work, 'sparse'));
  truncateSync(path.join(work, 'sparse'), SPARSE_SIZE);
  const worker = path.join(work, 'worker.mjs');
  await bundleWorker(worker);
  const samples = { small: [], sparse: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const name of ['small', 'sparse']) samples[name].push(measure(worker, work, `/${name}`));
  }
  report(seed, samples);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** The worker: one inspection through a RootFs that counts the bytes it reads. */
async function bundleWorker(outfile) {
  const source = `
    import { inspectBinary } from './src/binary/inspect.ts';
    import { rootFs } from './src/probe/root-fs.ts';
    const [root, file] = process.argv.slice(2);
    const fs = rootFs(root);
    let bytesRead = 0;
    const counted = { ...fs, open: async (p) => {
      const r = await fs.open(p);
      if (!r.ok) return r;
      const f = r.value;
      return { ok: true, value: { size: f.size, close: () => f.close(), read: async (o, l) => { const b = await f.read(o, l); bytesRead += b.length; return b; } } };
    } };
    const t0 = process.hrtime.bigint();
    // As root with every capability, no mountinfo: the benchmark measures reads, not permissions.
    const result = await inspectBinary(counted, file, { host: { arch: process.arch, endian: 'little' }, cred: { fsuid: 0, fsgid: 0, groups: [], capEff: (1n << 41n) - 1n }, mounts: () => null });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!result.exists || result.format !== 'elf' || !('elf' in result)) throw new Error('inspection failed: ' + JSON.stringify(result));
    console.log(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, bytesRead }));
  `;
  await build({ stdin: { contents: source, resolveDir: repo, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
}

function measure(worker, root, file) {
  return JSON.parse(execFileSync(process.execPath, [worker, root, file], { encoding: 'utf8' }));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function report(seedFile, samples) {
  const row = (name) => ({ ms: median(samples[name].map((s) => s.ms)), rss: median(samples[name].map((s) => s.maxRssKiB)), read: median(samples[name].map((s) => s.bytesRead)) });
  const small = row('small');
  const sparse = row('sparse');
  const lines = [
    `seed: ${path.relative(repo, seedFile)}; ${RUNS} runs each, alternating, fresh process per run; medians`,
    `small  : inspect ${small.ms.toFixed(2)} ms, peak RSS ${(small.rss / 1024).toFixed(1)} MiB, read ${small.read} bytes`,
    `sparse : inspect ${sparse.ms.toFixed(2)} ms, peak RSS ${(sparse.rss / 1024).toFixed(1)} MiB, read ${sparse.read} bytes (file ${SPARSE_SIZE / 1024 / 1024} MiB)`,
    `ratio sparse/small: time ${(sparse.ms / small.ms).toFixed(2)}, RSS ${(sparse.rss / small.rss).toFixed(2)}, bytes read ${(sparse.read / small.read).toFixed(2)}`,
  ];
  console.log(lines.join("\n"));
}

// Start-up cost of the bundle next to `node -e 0`, measured side by side in one run
// (interleaved, so machine noise hits every command alike). Prints medians and ratios.
// Usage: node scripts/bench-startup.mjs [rounds]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const rounds = Number(process.argv[2] ?? 15);
const preload = fileURLToPath(new URL('print-maxrss.cjs', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/init-preflight.mjs', import.meta.url));

const commands = {
  'node -e 0': ['-e', '0'],
  '--version': [bundle, '--version'],
  'check': [bundle, 'check', '--output', 'json'],
  'check --skip pidns-create': [bundle, 'check', '--output', 'json', '--skip', 'pidns-create'],
};

function once(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', preload, ...args], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rss = Number(/maxrss_kb=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms, rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < rounds; i++) for (const [name, args] of Object.entries(commands)) samples[name].push(once(args));

const base = median(samples['node -e 0'].map((s) => s.ms));
const baseRss = median(samples['node -e 0'].map((s) => s.rss));
console.log(`rounds: ${rounds}; node ${process.version}; NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'unset'}`);
console.log('command'.padEnd(28), 'wall ms', ' ratio', ' peak RSS MiB', ' ratio');
for (const [name, xs] of Object.entries(samples)) {
  const ms = median(xs.map((s) => s.ms));
  const rss = median(xs.map((s) => s.rss));
  console.log(name.padEnd(28), ms.toFixed(1).padStart(7), (ms / base).toFixed(2).padStart(6), (rss / 1024).toFixed(1).padStart(13), (rss / baseRss).toFixed(2).padStart(6));
}

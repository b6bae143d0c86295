// scan's cost per process next to `lsns -t pid`, measured in the same run: spawns NS PID
// namespaces of PER sleepers each (default 110 × 10 = 1,100 processes), then times both commands
// interleaved, ROUNDS times, and prints medians. Everything it starts is killed at the end, on
// Ctrl-C and after a hard time limit. Needs root and util-linux; after npm run build.
// Usage: node scripts/bench-scan.mjs [NS [PER [ROUNDS]]]
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const [NS = 110, PER = 10, ROUNDS = 5] = process.argv.slice(2).map(Number);
const MAX_PROCESSES = 5000;
const HARD_LIMIT_MS = 10 * 60_000;
const bundle = fileURLToPath(new URL('../dist/init-preflight.cjs', import.meta.url));

if (process.getuid?.() !== 0) throw new Error('needs root (PID namespaces)');
if (NS * PER > MAX_PROCESSES) throw new Error(`at most ${MAX_PROCESSES} sleepers`);

const groups = [];
function cleanUp() {
  for (const child of groups) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', cleanUp);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
setTimeout(() => {
  console.error('bench-scan: hard time limit reached');
  process.exit(1);
}, HARD_LIMIT_MS).unref();

// PID 1 of each namespace is a shell that starts PER - 1 sleepers and becomes the last one.
const script = `i=1; while [ $i -lt ${PER} ]; do sleep 3600 & i=$((i + 1)); done; exec sleep 3600`;
for (let n = 0; n < NS; n++) {
  groups.push(spawn('unshare', ['--pid', '--fork', '--kill-child', 'sh', '-c', script], { detached: true, stdio: 'ignore' }));
}

function lsns() {
  const r = spawnSync('lsns', ['-t', 'pid', '--json', '-o', 'NS,NPROCS'], { encoding: 'utf8' });
  return JSON.parse(r.stdout).namespaces;
}

// Ready when NS new namespaces hold PER processes each.
for (let i = 0; ; i++) {
  const full = lsns().filter((n) => Number(n.nprocs) === PER).length;
  if (full >= NS) break;
  if (i > 600) throw new Error(`only ${full} of ${NS} namespaces came up`);
  await sleep(100);
}

function timed(cmd, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = { lsns: [], scan: [], scanInternal: [], nodeStart: [] };
let last;
for (let round = 0; round < ROUNDS; round++) {
  samples.lsns.push(timed('lsns', ['-t', 'pid']).ms);
  samples.nodeStart.push(timed(process.execPath, ['-e', '0']).ms);
  const scan = timed(process.execPath, [bundle, 'scan', '--output', 'json', '--timeout', '300000']);
  last = JSON.parse(scan.stdout);
  samples.scan.push(scan.ms);
  samples.scanInternal.push(last.durationMs);
}

const processes = last.processes.listed;
const namespaces = new Set(last.rows.map((r) => r.pidNamespace)).size;
const line = (name, ms) => console.log(`${name.padEnd(40)} ${ms.toFixed(0).padStart(7)} ms  ${((ms * 1000) / processes).toFixed(1).padStart(8)} µs/process`);
console.log(`node ${process.version}; ${processes} processes in ${namespaces} PID namespaces (${NS} × ${PER} spawned); ${last.rows.length} scan rows; median of ${ROUNDS} rounds`);
line('lsns -t pid', median(samples.lsns));
line('node -e 0 (start-up alone)', median(samples.nodeStart));
line('init-preflight scan --output json (wall)', median(samples.scan));
line('  of which the scan itself (durationMs)', median(samples.scanInternal));
console.log(`unreadable: ${JSON.stringify(last.processes.unreadable)}, vanished: ${last.processes.vanished}`);

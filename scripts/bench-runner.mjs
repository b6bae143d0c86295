// The in-root half of bench-startup.mjs: runs inside the image-like root (after pivot_root, as
// a container runtime leaves it, so unshare may create a user namespace: the kernel refuses that
// to a chrooted process). Reads one JSON request per line on stdin, answers one JSON line.
//   { "args": [...] }      → runs args as the image's user under GNU time: { ms, rssKb, status }
//   { "memcg": "32M", "args": [...] } → the same inside a fresh memory cgroup of that limit
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [uid, gid] = process.argv[2].split(':').map(Number);
const TIME = '/tmp/time';
const ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
const MEMCG = '/sys/fs/cgroup/memory';

function run(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', 'maxrss_kb=%M', ...args], { encoding: 'utf8', env: ENV, uid, gid, cwd: '/' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rssKb = Number(/maxrss_kb=(\d+)\s*$/.exec(r.stderr ?? '')?.[1] ?? NaN);
  return { ms, rssKb, status: r.status ?? r.signal, stderr: r.status === 0 || r.status === 1 ? '' : r.stderr };
}

// The child inherits this runner's cgroup at fork: join, spawn, leave (v1 does not move charges).
function inMemoryCgroup(limit, args) {
  const cg = `${MEMCG}/init-preflight-bench-${process.pid}`;
  mkdirSync(cg);
  try {
    writeFileSync(`${cg}/memory.limit_in_bytes`, limit);
    try { writeFileSync(`${cg}/memory.memsw.limit_in_bytes`, limit); } catch { /* no swap accounting */ }
    writeFileSync(`${cg}/cgroup.procs`, String(process.pid));
    let result;
    try {
      result = run(args);
    } finally {
      writeFileSync(`${MEMCG}/cgroup.procs`, String(process.pid));
    }
    return { ...result, peakBytes: Number(readFileSync(`${cg}/memory.max_usage_in_bytes`, 'utf8')), failcnt: Number(readFileSync(`${cg}/memory.failcnt`, 'utf8')) };
  } finally {
    rmdirSync(cg);
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  const req = JSON.parse(line);
  process.stdout.write(`${JSON.stringify(req.memcg ? inMemoryCgroup(req.memcg, req.args) : run(req.args))}\n`);
}

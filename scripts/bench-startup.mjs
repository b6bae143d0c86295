// Start-up cost the way a pod pays it: the Dockerfile's ENTRYPOINT run in the image-like root
// (scripts/build-rootfs.sh) as the image's USER, in a mount and PID namespace of its own, with
// only PATH in the environment (NODE_EXTRA_CA_CERTS unset: it adds ~30 ms to every node start).
// Each command runs next to that root's own `node -e 0`, interleaved round by round (and root by
// root) so machine noise hits all alike; prints medians, ratios and peak RSS, then runs `check`
// once inside a 32 MiB memory cgroup (cgroup v1 memory controller).
//
// Usage (as root): node scripts/bench-startup.mjs [--rounds N] [LABEL=ROOTFS[@DOCKERFILE] …]
//   Without ROOTFS it lays one out from dist/ with build-rootfs.sh (run `npm run build` first).
//   Several roots (e.g. before=/tmp/a@/tmp/old/Dockerfile after=/tmp/b) are measured in the same
//   run; each runs the ENTRYPOINT of its own Dockerfile (default: this repository's).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

function parseArgs(argv) {
  let rounds = 15;
  const roots = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') rounds = Number(argv[++i]);
    else {
      const [, label, dir, dockerfile] = /^([^=]+)=([^@]+)(?:@(.+))?$/.exec(argv[i]) ?? [];
      if (!dir) throw new Error(`expected LABEL=ROOTFS[@DOCKERFILE], got ${argv[i]}`);
      roots.push({ label, dir: path.resolve(dir), dockerfile: path.resolve(dockerfile ?? path.join(repo, 'Dockerfile')) });
    }
  }
  if (!(rounds >= 1)) throw new Error('--rounds: expected a positive number');
  return { rounds, roots };
}

/** The final stage's ENTRYPOINT and USER, read as test/support/image.ts reads them. */
function imageConfig(dockerfile) {
  const text = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ');
  const stage = text.slice(text.lastIndexOf('\nFROM '));
  const last = (kw) => [...stage.matchAll(new RegExp(`^${kw}\\s+(.*)$`, 'gm'))].at(-1)?.[1];
  return { entrypoint: JSON.parse(last('ENTRYPOINT')), user: last('USER') };
}

// A container runtime's set-up, once per root: private mounts, a PID namespace with its own
// /proc, pivot_root (a chrooted process may not create user namespaces, so chroot would make
// pidns-create fail), then the runner in the root with GNU time beside it on a private /tmp. The
// old root goes below /tmp (a mount stacked on / counts as a chroot too) and is then detached
// with its own umount, so the root's mountinfo has only what a container's has.
const SETUP = `set -e
mount --bind "$ROOT" "$ROOT"
mount -t proc proc "$ROOT/proc"
mount --rbind /sys "$ROOT/sys"
mount --rbind /dev "$ROOT/dev"
mount --bind "$TOOLS" "$ROOT/tmp"
cd "$ROOT"
ldso=$(readlink -f /lib64/ld-linux-x86-64.so.2) umount=$(readlink -f "$(command -v umount)")
libs=$(dirname "$ldso")
pivot_root . tmp/old-root
old=/tmp/old-root
"$old$ldso" --library-path "$old$libs" "$old$umount" -l "$old"
exec /nodejs/bin/node /tmp/bench-runner.mjs "$USERSPEC"`;

function startRunner(root, tools, user) {
  const child = spawn('unshare', ['--mount', '--propagation', 'private', '--pid', '--fork', 'sh', '-c', SETUP], {
    env: { PATH: process.env.PATH, ROOT: root, TOOLS: tools, USERSPEC: user },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async ask(request) {
      child.stdin.write(`${JSON.stringify(request)}\n`);
      const { value, done } = await lines.next();
      if (done) throw new Error(`bench runner in ${root} ended`);
      return JSON.parse(value);
    },
    close: () => child.stdin.end(),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const { rounds, roots } = parseArgs(process.argv.slice(2));
  if (roots.length === 0) {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'bench-rootfs-')), 'root');
    const r = spawnSync(path.join(repo, 'scripts/build-rootfs.sh'), [dir], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(1);
    roots.push({ label: 'now', dir, dockerfile: path.join(repo, 'Dockerfile') });
  }
  const tools = mkdtempSync(path.join(tmpdir(), 'bench-tools-'));
  copyFileSync('/usr/bin/time', path.join(tools, 'time'));
  mkdirSync(path.join(tools, 'old-root'));
  copyFileSync(fileURLToPath(new URL('bench-runner.mjs', import.meta.url)), path.join(tools, 'bench-runner.mjs'));
  spawnSync('chmod', ['0755', tools, path.join(tools, 'time')]);

  const runners = roots.map((r) => {
    const image = imageConfig(r.dockerfile);
    const commands = {
      'node -e 0': [image.entrypoint[0], '-e', '0'],
      '--version': [...image.entrypoint, '--version'],
      check: [...image.entrypoint, 'check'],
      'check --skip pidns-create': [...image.entrypoint, 'check', '--skip', 'pidns-create'],
    };
    return { ...r, image, commands, runner: startRunner(r.dir, tools, image.user), samples: {} };
  });
  for (let i = 0; i < rounds; i++) {
    for (const r of runners) {
      for (const [name, args] of Object.entries(r.commands)) (r.samples[name] ??= []).push(await r.runner.ask({ args }));
    }
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`rounds: ${rounds}, interleaved; load average at the end: ${load}; ${new Date().toISOString()}`);
  for (const r of runners) console.log(`${r.label}: pivot_root into ${r.dir}, PID namespace, uid:gid ${r.image.user}, env PATH only, ${r.image.entrypoint.join(' ')} …`);
  console.log(['root'.padEnd(6), 'command'.padEnd(26), 'median ms', '×node', 'peak RSS MiB', '+node MiB', 'exit'].join('  '));
  for (const r of runners) {
    const base = r.samples['node -e 0'];
    const baseMs = median(base.map((s) => s.ms));
    const baseRss = median(base.map((s) => s.rssKb)) / 1024;
    for (const [name, xs] of Object.entries(r.samples)) {
      const ms = median(xs.map((s) => s.ms));
      const rss = median(xs.map((s) => s.rssKb)) / 1024;
      const exits = [...new Set(xs.map((s) => s.status))].join('/');
      console.log([r.label.padEnd(6), name.padEnd(26), ms.toFixed(1).padStart(9), (ms / baseMs).toFixed(2).padStart(5),
        rss.toFixed(1).padStart(12), `${rss >= baseRss ? '+' : ''}${(rss - baseRss).toFixed(1)}`.padStart(9), exits].join('  '));
    }
  }
  for (const r of runners) {
    const m = await r.runner.ask({ memcg: '32M', args: r.commands.check });
    console.log(`${r.label}: check in a 32 MiB memory cgroup: exit ${m.status} (${m.status === 0 || m.status === 1 ? 'completed' : `FAILED ${m.stderr.trim()}`}), cgroup peak ${(m.peakBytes / 2 ** 20).toFixed(1)} MiB, failcnt ${m.failcnt}`);
    r.runner.close();
  }
}

await main();

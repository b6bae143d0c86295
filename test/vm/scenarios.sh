# Scenarios of test/vm/cgroup-v2.test.ts, sourced by the micro-VM's /init (busybox sh, root, a
# fresh cgroup2 hierarchy with memory, cpu and pids enabled at the root). Each scenario builds its
# own cgroups with real limits and records the tool's JSON between markers the harness parses:
#   @@OUT <name> <exit code> … stdout … @@ERR <name> … stderr … @@END <name>
CG=/sys/fs/cgroup
TOOL=$(echo /opt/preflight/init-preflight.*)
# busybox's own unshare has no --cgroup, and busybox sh prefers applets to names on PATH.
UNSHARE=/opt/util-linux/unshare
SKIP=pid-namespace,ns-last-pid,capabilities,static-binary,pidns-create

# cgroup PATH [FILE=VALUE]...: creates the cgroup and writes each interface file.
cgroup() {
  dir=$CG/$1
  shift
  mkdir -p "$dir"
  for setting in "$@"; do echo "${setting#*=}" >"$dir/${setting%%=*}"; done
}

# in_cgroup PATH CMD...: runs CMD as a member of the cgroup.
in_cgroup() {
  target_cgroup=$CG/$1
  shift
  sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$target_cgroup" "$@"
}

# record NAME CMD...: runs CMD and prints its exit code, stdout and stderr between markers.
record() {
  name=$1
  shift
  "$@" >/tmp/record.out 2>/tmp/record.err
  rc=$?
  echo "@@OUT $name $rc"
  cat /tmp/record.out
  echo "@@ERR $name"
  cat /tmp/record.err
  echo "@@END $name"
}

# The tool as every scenario runs it: JSON, only the checks these scenarios are about, and a
# time limit for TCG, where a cold node start alone can take seconds.
CHECK="node $TOOL check --output json --timeout 60000 --skip $SKIP"

kernel_series=$(uname -r | cut -d. -f1,2)

# Limits on a pod-like parent, none on the container's own cgroup, and a busy loop in the
# container that the pod's quota throttles. (Scenarios share a boot and, where they test different
# controllers, a tool run: under TCG each node start costs seconds.)
cgroup pod1 memory.max=200M 'cpu.max=50000 100000' pids.max=100 'cgroup.subtree_control=+memory +cpu +pids'
cgroup pod1/ctr
in_cgroup pod1/ctr timeout 2 sh -c 'while :; do :; done'
record parent-limits in_cgroup pod1/ctr $CHECK

# The container's own memory limit is tighter than the pod's, memory.high throttles below it, and
# the pod's pids.max has already refused forks (at 3, raised to 64 afterwards).
cgroup pod2 memory.max=300M pids.max=3 'cgroup.subtree_control=+memory +cpu +pids'
cgroup pod2/ctr memory.max=150M memory.high=120M
in_cgroup pod2/ctr sh -c 'sleep 5 & sleep 5 & sleep 5 & sleep 5 & kill $(jobs -p) 2>/dev/null; wait' 2>/dev/null
echo 64 >"$CG/pod2/pids.max"
record tighter-leaf in_cgroup pod2/ctr $CHECK

# A real OOM kill: dd's 160M buffer, filled from /dev/zero, cannot fit under 100M.
cgroup pod4 memory.max=300M 'cgroup.subtree_control=+memory +cpu +pids'
cgroup pod4/ctr memory.max=100M memory.swap.max=0
in_cgroup pod4/ctr dd if=/dev/zero of=/dev/null bs=160M count=1 2>/dev/null
echo "@@NOTE oom-kill dd-exit=$?"
record oom-kill in_cgroup pod4/ctr $CHECK

# The memory controller is enabled on the pod but not handed down to the container's cgroup.
cgroup pod5 memory.max=200M 'cgroup.subtree_control=+cpu +pids'
cgroup pod5/ctr
record memory-off-at-leaf in_cgroup pod5/ctr $CHECK

# A container's view on cgroup v2: its own cgroup namespace and a fresh cgroup2 mount, so the
# pod's limits lie above the namespace root. From the node, --pid reads the same process through
# the node's own mounts.
cgroup pod8 memory.max=100M 'cpu.max=50000 100000' pids.max=80 'cgroup.subtree_control=+memory +cpu +pids'
cgroup pod8/ctr
in_container_view() {
  in_cgroup pod8/ctr "$UNSHARE" --cgroup --mount sh -c "umount $CG && mount -t cgroup2 cgroup2 $CG && exec \"\$@\"" sh "$@"
}
record cgroupns-inside in_container_view $CHECK
in_container_view sleep 60 &
sleep 1
target=$(cat "$CG/pod8/ctr/cgroup.procs" | head -n1)
record cgroupns-from-node $CHECK --pid "$target"
kill "$target" 2>/dev/null

# runc under a limited pod cgroup, with and without a cgroup namespace.
if [ "$kernel_series" = 5.10 ]; then
  echo "@@SKIP runc bookworm's runc fails on 5.10 (could not ensure we are a cloned binary)"
else
  cgroup pod9 memory.max=100M 'cpu.max=50000 100000' pids.max=90 'cgroup.subtree_control=+memory +cpu +pids'
  mkdir -p /run /bundle/rootfs
  for dir in bin sbin usr lib lib64 opt; do
    mkdir -p "/bundle/rootfs/$dir"
    mount --bind "/$dir" "/bundle/rootfs/$dir"
  done
  cd /bundle && runc spec && node -e '
    const fs = require("fs");
    const spec = JSON.parse(fs.readFileSync("config.json", "utf8"));
    spec.process.terminal = false;
    spec.process.args = ["node", process.argv[1], "check", "--output", "json", "--timeout", "60000", "--skip", process.argv[2]];
    spec.process.env.push("NO_COLOR=1");
    for (const ns of [false, true]) {
      spec.linux.cgroupsPath = ns ? "/pod9/runc-ns" : "/pod9/runc";
      spec.linux.namespaces = spec.linux.namespaces.filter((n) => n.type !== "cgroup").concat(ns ? [{ type: "cgroup" }] : []);
      fs.writeFileSync(ns ? "config-cgroupns.json" : "config-plain.json", JSON.stringify(spec));
    }' "$TOOL" "$SKIP"
  cp config-plain.json config.json
  record runc-plain runc run runc-plain
  cp config-cgroupns.json config.json
  record runc-cgroupns runc run runc-cgroupns
  cd /
fi

# Threads count as tasks (the limit counts busybox `timeout` as one task). As the image starts the
# tool (--v8-pool-size=1 and UV_THREADPOOL_SIZE=2, see the Dockerfile) it reports under pids.max 7.
# With node's defaults it needs more, how many depends on the machine (on a 2-CPU machine with
# cgroup v1 it hangs before any JavaScript below 8), hence the bound on the run.
if [ "$kernel_series" = 6.12 ]; then
  cgroup floor 'cgroup.subtree_control=+memory +cpu +pids'
  cgroup floor/image pids.max=7
  record pids-floor-image in_cgroup floor/image env UV_THREADPOOL_SIZE=2 timeout -s KILL 60 node --v8-pool-size=1 $TOOL check --output json --timeout 60000 --skip $SKIP
fi

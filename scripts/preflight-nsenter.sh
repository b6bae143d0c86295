#!/bin/sh
# On a node, as root: check a container from the node through its namespaces.
#   scripts/preflight-nsenter.sh CONTAINER|PID [check options…]
# A container ID (or name) is resolved to its host PID with crictl, ctr or docker, whichever is
# installed. The tool then enters the container's UTS, IPC, network and PID namespaces but stays
# in the node's mount namespace: the container's has neither node nor the tool, and from the node
# the target's files are read through /proc/PID/root (--pid). The cgroup namespace is left out
# too: inside it /proc/PID/cgroup would hide the pod-level cgroups and their limits. Facts come
# from the target (--pid), never from nsenter, which runs with all of the node's capabilities.
# The tool: $INIT_PREFLIGHT, else init-preflight on PATH, else dist/init-preflight next to this
# script's repository (the single executable), else dist/init-preflight.cjs with node.
set -eu

usage() { echo "usage: $0 CONTAINER|PID [init-preflight check options…]" >&2; exit 2; }
[ $# -ge 1 ] || usage
target=$1
shift

resolve_pid() {
  if command -v crictl >/dev/null 2>&1; then
    crictl inspect --output go-template --template '{{.info.pid}}' "$1"
  elif command -v ctr >/dev/null 2>&1; then
    ctr --namespace "${CONTAINERD_NAMESPACE:-k8s.io}" task ls | awk -v id="$1" '$1 == id { print $2 }'
  elif command -v docker >/dev/null 2>&1; then
    docker inspect --format '{{.State.Pid}}' "$1"
  else
    echo "$0: no crictl, ctr or docker to resolve container $1; pass its host PID instead" >&2
    exit 2
  fi
}

case $target in
  '' | *[!0-9]*) pid=$(resolve_pid "$target") ;;
  *) pid=$target ;;
esac
case $pid in
  '' | *[!0-9]* | 0) echo "$0: cannot resolve \"$target\" to a running process (got \"$pid\")" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${INIT_PREFLIGHT:-}" ]; then tool=$INIT_PREFLIGHT
elif command -v init-preflight >/dev/null 2>&1; then tool=$(command -v init-preflight)
elif [ -x "$here/dist/init-preflight" ]; then tool=$here/dist/init-preflight
else tool=$here/dist/init-preflight.cjs
fi
case $tool in
  *.cjs | *.mjs | *.js) set -- node "$tool" check --pid "$pid" "$@" ;;
  *) set -- "$tool" check --pid "$pid" "$@" ;;
esac

exec nsenter --target "$pid" --uts --ipc --net --pid -- "$@"

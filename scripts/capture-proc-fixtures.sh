#!/usr/bin/env bash
# Regenerates test/fixtures/proc from real kernel scenarios (run as root; DESIGN §8).
set -euo pipefail
cd "$(dirname "$0")/.."
out=test/fixtures/proc
mkdir -p "$out"
drop() { setpriv --bounding-set "$1" --inh-caps "$1" "${@:2}"; }
cat /proc/self/status >"$out/status-host-root.txt"
cat /proc/self/uid_map >"$out/uid_map-host.txt"
cat /proc/self/mountinfo >"$out/mountinfo-host.txt"
unshare --pid --fork --mount-proc bash -c "$(declare -f drop); drop -sys_admin cat /proc/self/status" >"$out/status-no-sysadmin.txt"
unshare --pid --fork --mount-proc bash -c "$(declare -f drop); drop -sys_admin,-checkpoint_restore cat /proc/self/status" >"$out/status-no-caps.txt"
unshare -r --pid --fork --mount-proc sh -c "cat /proc/self/status >$out/status-userns.txt; cat /proc/self/uid_map >$out/uid_map-userns.txt"
unshare --mount --pid --fork --mount-proc sh -c \
  'mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys && cat /proc/self/mountinfo' >"$out/mountinfo-proc-sys-ro.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
gcc -O2 -o "$tmp/seccomp-exec" scripts/seccomp-exec.c
"$tmp/seccomp-exec" cat /proc/self/status >"$out/status-seccomp-filter.txt"

#!/usr/bin/env bash
# Builds an uncompressed newc initramfs for the micro-VM tests: busybox-static and its applets, the
# host's node (a stripped copy, cached) with the libraries ldd names and its ELF interpreter,
# util-linux unshare (busybox's has no --cgroup), runc, the bundle, /init and the scenario script.
# Usage: build-initramfs.sh OUT.cpio BUNDLE SCENARIOS.sh
set -euo pipefail

out=$1 bundle=$2 scenarios=$3
here=$(cd "$(dirname "$0")" && pwd)
cache=${VM_CACHE:-/var/cache/init-preflight-vm}
busybox=/bin/busybox
node_bin=$(command -v node)
unshare_bin=/usr/bin/unshare
runc_bin=$(command -v runc || true)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,mnt,etc,opt/preflight,opt/util-linux}

cp "$busybox" "$stage/bin/busybox"
for applet in $("$busybox" --list-full); do
  [[ -e $stage/$applet ]] || ln -s /bin/busybox "$stage/$applet"
done

# A stripped node is ~10 % smaller and the strip costs seconds: keep it keyed by the binary.
node_key=$(stat -Lc '%s-%Y' "$node_bin")
stripped=$cache/node-stripped-$node_key
if [[ ! -s $stripped ]]; then
  mkdir -p "$cache"
  strip -o "$stripped.tmp" "$node_bin" && mv "$stripped.tmp" "$stripped"
fi
cp "$stripped" "$stage/usr/bin/node"
cp "$unshare_bin" "$stage/opt/util-linux/unshare"
binaries=("$node_bin" "$unshare_bin")
if [[ -n $runc_bin ]]; then
  cp "$runc_bin" "$stage/usr/sbin/runc"
  binaries+=("$runc_bin")
fi

# Every library and interpreter ldd resolves to an absolute path, copied to the same path.
for lib in $(ldd "${binaries[@]}" 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u); do
  mkdir -p "$stage$(dirname "$lib")"
  cp -L "$lib" "$stage$lib"
done

# The bundle keeps its name: its extension (.mjs, .cjs) tells node how to load it.
cp "$bundle" "$stage/opt/preflight/"
install -m 0755 "$here/init.sh" "$stage/init"
install -m 0755 "$scenarios" "$stage/scenarios.sh"
echo 'root:x:0:0:root:/:/bin/sh' >"$stage/etc/passwd"

(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"

#!/usr/bin/env bash
# Lays out in a directory the filesystem the Dockerfile's final stage produces, so the e2e tests
# run the real artifact in a real OCI container without a Docker engine or base images.
#
# LOCK-STEP with the Dockerfile's final stage (gcr.io/distroless/nodejs20-debian12:nonroot):
#   /nodejs/bin/node                the runtime, ENTRYPOINT[0]
#   /app/init-preflight.cjs         the bundle, ENTRYPOINT[2], shebang #!/nodejs/bin/node --verify-snapshot-checksum
#   /app/init-preflight.*.code-cache  its V8 code cache, made by this root's node (RUN … --write-code-cache)
#   /usr/local/bin/init-preflight   a symlink to it, so `init-preflight` works as a command
#   /usr/bin/unshare                util-linux unshare, which the pidns-create check runs
#   /lib…, /lib64/ld-linux-…        the shared libraries and ELF interpreter of both
#   /etc/passwd, /etc/group         root, nobody and nonroot (65532), as distroless has them
#   /home/nonroot, /tmp             nonroot's home, a sticky world-writable /tmp
#   /proc, /sys, /dev               empty mountpoints, as image layers carry them: a runtime that
#                                   runs the container in a user namespace cannot create them
#   /shared                         the default --handoff-dir, owned by nonroot
# The e2e tests run the Dockerfile's own ENTRYPOINT and USER in this tree; change both together.
#
# Usage: scripts/build-rootfs.sh <outdir> [node-binary]   (run `npm run build` first)
set -euo pipefail

out=${1:?usage: build-rootfs.sh <outdir> [node-binary]}
node_bin=$(readlink -f "${2:-$(command -v node)}")
repo=$(cd "$(dirname "$0")/.." && pwd)
bundle="$repo/dist/init-preflight.cjs"
nonroot=65532

[[ -f $bundle ]] || { echo "build-rootfs: $bundle missing: run npm run build" >&2; exit 1; }
[[ -e $out ]] && { echo "build-rootfs: $out exists; refusing to write into it" >&2; exit 1; }

# Copies a host file to the same path in the rootfs, following symlinks so the copy is the file.
copy_same_path() {
  install -D -m "$(stat -Lc %a "$1")" "$1" "$out$1"
}

# Every library a program loads and the interpreter the kernel runs it with, at the paths
# the dynamic loader looks them up by (what `ldd` prints, not their resolved targets).
libraries_of() {
  ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
}

unshare_bin=$(readlink -f "$(command -v unshare)")
install -D -m 0755 "$node_bin" "$out/nodejs/bin/node"
install -D -m 0755 "$unshare_bin" "$out/usr/bin/unshare"
for lib in $( (libraries_of "$node_bin"; libraries_of "$unshare_bin") | sort -u); do
  [[ -e $out$lib ]] || copy_same_path "$lib"
done
install -d -m 0755 "$out/app" "$out/usr/local/bin"
sed '1s|^#!.*|#!/nodejs/bin/node --verify-snapshot-checksum|' "$bundle" >"$out/app/init-preflight.cjs"
chmod 0755 "$out/app/init-preflight.cjs"
ln -s /app/init-preflight.cjs "$out/usr/local/bin/init-preflight"

install -d -m 0755 "$out/etc"
cat >"$out/etc/passwd" <<EOF
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:$nonroot:$nonroot:nonroot:/home/nonroot:/sbin/nologin
EOF
cat >"$out/etc/group" <<EOF
root:x:0:
nobody:x:65534:
tty:x:5:
staff:x:50:
nonroot:x:$nonroot:
EOF
install -d -m 0700 -o "$nonroot" -g "$nonroot" "$out/home/nonroot"
install -d -m 0755 -o "$nonroot" -g "$nonroot" "$out/shared"
install -d -m 1777 "$out/tmp"
install -d -m 0700 "$out/root"
install -d -m 0755 "$out/proc" "$out/sys" "$out/dev"

# The Dockerfile's RUN … --write-code-cache=65532:65532 check: this root's node, started as root
# (the check itself runs as nonroot), with /proc and /sys as a build container has them (in a
# private mount namespace, gone when it ends).
unshare --mount --propagation private --pid --fork sh -c '
  mount -t proc proc "$1/proc" && mount --rbind /sys "$1/sys" &&
  env -i PATH=/usr/bin:/bin "$2" "$1" /nodejs/bin/node --verify-snapshot-checksum /app/init-preflight.cjs --write-code-cache=$3:$3 check >/dev/null' \
  sh "$out" "$(command -v chroot)" "$nonroot"

echo "rootfs $out: $(du -sb "$out" | cut -f1) bytes ($(du -sh "$out" | cut -f1))"

#!/usr/bin/env bash
# Fetches Debian's kernels for the micro-VM tests (bullseye 5.10, bookworm 6.1, trixie 6.12) and
# extracts each vmlinuz to $VM_CACHE/kernels/<suite>/vmlinuz. Uses a private apt configuration so
# the system's sources stay untouched; the cache persists across CI runs, and a suite whose kernel
# is already extracted is not fetched again.
set -euo pipefail

cache=${VM_CACHE:-/var/cache/init-preflight-vm}
suites=(bullseye bookworm trixie)

missing=()
for suite in "${suites[@]}"; do
  [[ -s $cache/kernels/$suite/vmlinuz ]] || missing+=("$suite")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

apt_dir=$cache/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
: >"$apt_dir/sources.list"
for suite in "${suites[@]}"; do
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" >>"$apt_dir/sources.list"
done
apt_opts=(
  -o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=-
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root
)
apt-get "${apt_opts[@]}" -qq update

for suite in "${missing[@]}"; do
  # The suite's linux-image-amd64 names its current kernel package (e.g. linux-image-6.1.0-50-amd64).
  meta_version=$(apt-cache "${apt_opts[@]}" madison linux-image-amd64 | awk -v s="$suite/main" '$0 ~ s {print $3; exit}')
  package=$(apt-cache "${apt_opts[@]}" show "linux-image-amd64=$meta_version" |
    sed -n 's/^Depends: \(linux-image-[^ ,]*\).*/\1/p' | head -n1)
  [[ -n $package ]] || { echo "fetch-kernels: no kernel package for $suite" >&2; exit 1; }
  (cd "$apt_dir/debs" && apt-get "${apt_opts[@]}" -qq download "$package")
  extract=$(mktemp -d)
  dpkg-deb -x "$apt_dir"/debs/"${package}"_*.deb "$extract"
  mkdir -p "$cache/kernels/$suite"
  cp "$extract"/boot/vmlinuz-* "$cache/kernels/$suite/vmlinuz"
  echo "$package" >"$cache/kernels/$suite/package"
  rm -rf "$extract" "$apt_dir"/debs/"${package}"_*.deb
  echo "fetch-kernels: $suite → $package"
done

#!/bin/sh
# Builds the ELF fixtures too big to commit into test/fixtures/elf/build/ (gitignored), and with
# --small also regenerates the small committed ones in test/fixtures/elf/. Each file is listed
# in test/fixtures/elf/README.md. Offline: Go uses only the standard library.
#   needs: gcc, libc6-dev (static libc), musl-tools, golang-go, node
# A missing tool skips its fixtures (reported on stderr and in build/SKIPPED); tests decide
# whether a missing fixture is fatal (PREFLIGHT_E2E=required).
set -eu
cd "$(dirname "$0")/../test/fixtures/elf"
SRC=$PWD/src
OUT=$PWD/build
mkdir -p "$OUT"
: > "$OUT/SKIPPED"

have() { command -v "$1" >/dev/null 2>&1 || { echo "make-elf-fixtures: $1 not found, skipping: $2" >&2; echo "$1: $2" >> "$OUT/SKIPPED"; return 1; }; }

if have gcc "gcc-dynamic gcc-static gcc-static-pie gcc-runpath"; then
  gcc -O1 -o "$OUT/gcc-dynamic" "$SRC/hello.c"
  gcc -O1 -static -o "$OUT/gcc-static" "$SRC/hello.c"
  gcc -O1 -static-pie -o "$OUT/gcc-static-pie" "$SRC/hello.c"
  # A binary that finds its own library through DT_RUNPATH=$ORIGIN/../lib (an app bundle).
  mkdir -p "$OUT/runpath/bin" "$OUT/runpath/lib"
  gcc -O1 -shared -fPIC -Wl,-soname,libgreet.so.1 -o "$OUT/runpath/lib/libgreet.so.1" "$SRC/greet.c"
  gcc -O1 -o "$OUT/runpath/bin/uses-greet" "$SRC/uses-greet.c" "$OUT/runpath/lib/libgreet.so.1" \
    -Wl,--enable-new-dtags,-rpath,'$ORIGIN/../lib'
fi

if have go "go-static go-cgo go-pie go-stripped go-ldflags go-noshdr"; then
  export GOPROXY=off GOTOOLCHAIN=local GOFLAGS=-mod=mod GO111MODULE=on
  export GOCACHE="${GOCACHE:-$OUT/.gocache}" GOPATH="${GOPATH:-$OUT/.gopath}"
  go env GOVERSION > "$OUT/go-version.txt"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r "$SRC/gostatic" "$SRC/gocgo" "$work/"
  printf 'module example.com/fixture/static\n\ngo 1.18\n' > "$work/gostatic/go.mod"
  printf 'module example.com/fixture/cgo\n\ngo 1.18\n' > "$work/gocgo/go.mod"
  (cd "$work/gostatic" && CGO_ENABLED=0 go build -o "$OUT/go-static" .)
  (cd "$work/gostatic" && CGO_ENABLED=0 go build -buildmode=pie -o "$OUT/go-pie" .)
  (cd "$work/gostatic" && CGO_ENABLED=0 go build -ldflags "-s -w" -trimpath -o "$OUT/go-stripped" .)
  # Without -trimpath, Go records -ldflags (it omits them with -trimpath, as they may hold paths).
  (cd "$work/gostatic" && CGO_ENABLED=0 go build -ldflags "-s -w -X main.v=1" -o "$OUT/go-ldflags" .)
  (cd "$work/gocgo" && CGO_ENABLED=1 go build -o "$OUT/go-cgo" .)
  # Like sstrip: drop the section header table (e_shoff, e_shnum, e_shstrndx of an ELF64 LE
  # header), so build info must be found through the program headers alone.
  cp "$OUT/go-stripped" "$OUT/go-noshdr"
  printf '\0\0\0\0\0\0\0\0' | dd of="$OUT/go-noshdr" bs=1 seek=40 conv=notrunc status=none
  printf '\0\0\0\0' | dd of="$OUT/go-noshdr" bs=1 seek=60 conv=notrunc status=none
fi

if [ "${1:-}" = "--small" ]; then
  gcc -Os -static -nostdlib -fno-asynchronous-unwind-tables -Wl,--build-id=none -s -o tiny-static "$SRC/tiny.c"
  musl-gcc -Os -static -s -o musl-static "$SRC/hello.c"
  musl-gcc -Os -s -o musl-dynamic "$SRC/hello.c"
  node ../../../scripts/make-handmade-elf.mjs .
fi
touch "$OUT/.stamp"

# syntax=docker/dockerfile:1
# init-preflight image: one bundled file on distroless Node 20, util-linux `unshare` for the
# pidns-create check, non-root, no shell.
#
# LOCK-STEP: scripts/build-rootfs.sh lays out the final stage's filesystem for the e2e tests,
# which run this file's ENTRYPOINT and USER (test/support/image.ts reads them from here) in a
# real OCI container. Docker cannot build on the development and CI machines, so a change to
# the final stage must be mirrored in build-rootfs.sh.

# The bundle is platform-independent JavaScript: build it once on the builder's platform.
FROM --platform=$BUILDPLATFORM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# /out is the overlay the final stage copies to /. The shebang names the runtime's real path,
# since distroless has no /usr/bin/env: `init-preflight …` then works as a command too (kubectl
# debug node/… -- init-preflight check …).
RUN npm run build \
 && install -d /out/app /out/usr/local/bin /out/usr/bin /out/shared \
 && install -m 0755 /usr/bin/unshare /out/usr/bin/unshare \
 && sed '1s|^#!.*|#!/nodejs/bin/node --verify-snapshot-checksum|' dist/init-preflight.cjs > /out/app/init-preflight.cjs \
 && chmod 0755 /out/app/init-preflight.cjs \
 && ln -s /app/init-preflight.cjs /out/usr/local/bin/init-preflight

FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /out/app /app
COPY --from=build /out/usr/local/bin /usr/local/bin
# pidns-create runs it (both Debian 12, so it links only the glibc the base image carries).
COPY --from=build /out/usr/bin/unshare /usr/bin/unshare
# The default --handoff-dir; in a pod an emptyDir is mounted over it.
COPY --from=build --chown=65532:65532 /out/shared /shared
# The V8 code cache, made by this stage's own node (a cache from another node is rejected and only
# costs time): it runs `check` once and writes what it compiled beside the bundle. Started as root,
# so /app stays root-owned and read-only to the app's user; the check itself runs as that user
# (=65532:65532, the USER below), so the cache holds the code a pod's run takes.
USER 0:0
RUN ["/nodejs/bin/node", "--verify-snapshot-checksum", "/app/init-preflight.cjs", "--write-code-cache=65532:65532", "check"]
# Numeric, so the kubelet can verify runAsNonRoot without a securityContext.runAsUser.
USER 65532:65532
# --verify-snapshot-checksum: V8 then checks the code cache's bytes (a damaged cache made node 20
# segfault); the flag is part of the cache's identity, so a run without it ignores the cache.
# Threads count as tasks against the pod's pids.max: node starts 4 V8 workers, and 4 libuv
# threads at the first read outside /proc and /sys (--binary, --root) or a large output. With one
# and two the tool reports under pids.max 7 (test/vm on Debian's 6.12); with node's defaults it
# hung below 8 on a 2-CPU machine. Two libuv threads keep one read stuck on a hung file system
# from stalling the rest.
ENV UV_THREADPOOL_SIZE=2
ENTRYPOINT ["/nodejs/bin/node", "--verify-snapshot-checksum", "--v8-pool-size=1", "/app/init-preflight.cjs"]
CMD ["run"]

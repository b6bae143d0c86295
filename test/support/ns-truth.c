/* The kernel's own answer, asked in the context the helper runs in, for the truth comparisons of
 * test/e2e/ns-truth.test.ts. Compiled static by the test run (test/support/ns-truth.ts), so it
 * runs in any mount namespace and rootfs. Prints one JSON line:
 *   {"nsLastPid":"ok"|"<ERRNO>","direct":"created"|"<ERRNO>","viaUserNamespace":"created"|"<ERRNO>"}
 * nsLastPid: read /proc/sys/kernel/ns_last_pid and write the same value back, as the check does.
 * direct: unshare(CLONE_NEWPID) then fork into the new namespace, in a forked child.
 * viaUserNamespace: unshare(CLONE_NEWUSER|CLONE_NEWPID) without writing any id map, then fork.
 * With `hold`, it then waits until stdin closes, so a test can inspect it from outside (--pid). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *errno_name(int err) {
    const char *name = strerrorname_np(err);
    return name ? name : "EUNKNOWN";
}

static const char *ns_last_pid(void) {
    char value[32];
    int fd = open("/proc/sys/kernel/ns_last_pid", O_RDWR);
    if (fd < 0) return errno_name(errno);
    ssize_t n = pread(fd, value, sizeof value - 1, 0);
    if (n <= 0) { int err = n < 0 ? errno : EIO; close(fd); return errno_name(err); }
    ssize_t written = pwrite(fd, value, (size_t)n, 0);
    int err = errno;
    close(fd);
    return written == n ? "ok" : errno_name(written < 0 ? err : EIO);
}

/* The child reports its errno as its exit status; 0 means the namespace exists and a process
 * ran in it. Forked first, so the helper's own namespaces never change. */
static int create_in_child(int flags) {
    if (unshare(flags) != 0) return errno;
    pid_t init = fork();
    if (init < 0) return errno;
    if (init == 0) _exit(getpid() == 1 ? 0 : EINVAL);
    int status;
    if (waitpid(init, &status, 0) < 0) return errno;
    return WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
}

static const char *route(int flags) {
    fflush(stdout);
    pid_t child = fork();
    if (child < 0) return errno_name(errno);
    if (child == 0) _exit(create_in_child(flags));
    int status;
    if (waitpid(child, &status, 0) < 0) return errno_name(errno);
    if (!WIFEXITED(status)) return "EINTR";
    return WEXITSTATUS(status) == 0 ? "created" : errno_name(WEXITSTATUS(status));
}

int main(int argc, char **argv) {
    const char *last_pid = ns_last_pid();
    const char *direct = route(CLONE_NEWPID);
    const char *via_user = route(CLONE_NEWUSER | CLONE_NEWPID);
    printf("{\"nsLastPid\":\"%s\",\"direct\":\"%s\",\"viaUserNamespace\":\"%s\"}\n", last_pid, direct, via_user);
    fflush(stdout);
    if (argc > 1 && strcmp(argv[1], "hold") == 0) {
        char buf[64];
        while (read(0, buf, sizeof buf) > 0) {}
    }
    return 0;
}

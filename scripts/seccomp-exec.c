/* Runs a command under NO_NEW_PRIVS and a seccomp filter, so /proc/self/status shows
 * "NoNewPrivs: 1" and "Seccomp: 2" as under Docker's or Kubernetes' RuntimeDefault profile.
 * The filter allows everything, or with `--deny-clone-flags MASK` (hex, e.g. 0x10000000 for
 * CLONE_NEWUSER) fails unshare() and clone() with EPERM when their flags include any bit of MASK,
 * as Docker's profile does for namespace flags. clone3() then fails with ENOSYS, so the C library
 * falls back to clone(), whose flags a filter can see (clone3 passes them in memory). */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#else
#error "unsupported architecture"
#endif

#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

int main(int argc, char **argv) {
    int first = 1;
    unsigned long mask = 0;
    if (argc > 2 && strcmp(argv[1], "--deny-clone-flags") == 0) {
        mask = strtoul(argv[2], NULL, 16);
        first = 3;
    }
    /* Namespace flags live in the low 32 bits of the first argument of both calls. */
    struct sock_filter deny[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0),
        ALLOW,
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (unsigned int)mask, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        ALLOW,
    };
    struct sock_filter allow[] = { ALLOW };
    struct sock_fprog prog = mask ? (struct sock_fprog){ .len = sizeof deny / sizeof deny[0], .filter = deny }
                                  : (struct sock_fprog){ .len = 1, .filter = allow };
    if (argc <= first) { fprintf(stderr, "usage: seccomp-exec [--deny-clone-flags MASK] CMD [ARG...]\n"); return 2; }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
        perror("prctl");
        return 1;
    }
    execvp(argv[first], argv + first);
    perror("execvp");
    return 127;
}

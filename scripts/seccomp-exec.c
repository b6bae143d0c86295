/* Runs a command under NO_NEW_PRIVS and an allow-all seccomp filter, so /proc/self/status shows
 * "NoNewPrivs: 1" and "Seccomp: 2" as under Docker's or Kubernetes' RuntimeDefault profile. */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
    struct sock_fprog prog = { .len = 1, .filter = allow };
    if (argc < 2) { fprintf(stderr, "usage: seccomp-exec CMD [ARG...]\n"); return 2; }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
        perror("prctl");
        return 1;
    }
    execvp(argv[1], argv + 1);
    perror("execvp");
    return 127;
}

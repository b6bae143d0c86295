/*
 * The exec oracle: asks the kernel itself whether a path runs in an image-like root as a given
 * user. It chroots, takes the credentials, and calls execve directly, so no shell or libc
 * fallback (execvp's ENOEXEC retry with /bin/sh) hides the kernel's answer.
 *
 *   exec-oracle ROOT UID GID GROUPS CAPS PATH [NAME=VALUE...]
 *     GROUPS  comma-separated supplementary gids, or "-" for none
 *     CAPS    "keep" (root keeps its capabilities) or "drop" (no capabilities, none regained
 *             at exec: the bounding set is emptied too)
 * The child gets its own mount namespace with /proc mounted in ROOT (created if absent).
 *   stdout: one line, "errno <NAME> <number>" when execve failed, or "exit <status>" or
 *   "signal <number>" for the program that ran. Exit 2 when the setup itself failed.
 *
 * Built by the test run with gcc -static (test/support/exec-oracle.ts); runs as root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SETUP_FAILED (-1)

static int parse_groups(const char *list, gid_t *out, int max) {
  if (strcmp(list, "-") == 0) return 0;
  int n = 0;
  char *copy = strdup(list);
  for (char *tok = strtok(copy, ","); tok && n < max; tok = strtok(NULL, ",")) out[n++] = (gid_t)strtoul(tok, NULL, 10);
  free(copy);
  return n;
}

static int drop_capabilities(void) {
  for (int cap = 0; cap <= 63; cap++) {
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) return -1;
  }
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  return (int)syscall(SYS_capset, &header, data);
}

/*
 * A container always has /proc, and loaders use it: glibc expands $ORIGIN of the main program
 * from /proc/self/exe. The mount lives in the child's own mount namespace.
 */
static int mount_proc(const char *root) {
  char proc[4096];
  snprintf(proc, sizeof proc, "%s/proc", root);
  if (mkdir(proc, 0555) != 0 && errno != EEXIST) return -1;
  if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return -1;
  return mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

/* In the child: everything up to execve; reports a failure's errno through the pipe. */
static void child(int report, char **argv, int argc) {
  gid_t groups[64];
  int ngroups = parse_groups(argv[4], groups, 64);
  uid_t uid = (uid_t)strtoul(argv[2], NULL, 10);
  gid_t gid = (gid_t)strtoul(argv[3], NULL, 10);
  int devnull = open("/dev/null", O_RDWR);
  int setup = devnull >= 0 && mount_proc(argv[1]) == 0 && chroot(argv[1]) == 0 && chdir("/") == 0 && setgroups((size_t)ngroups, groups) == 0 &&
              setgid(gid) == 0 && setuid(uid) == 0 && (strcmp(argv[5], "drop") != 0 || drop_capabilities() == 0);
  if (!setup) {
    int failed[2] = {SETUP_FAILED, errno};
    (void)!write(report, failed, sizeof failed);
    _exit(2);
  }
  dup2(devnull, 0);
  dup2(devnull, 1);
  dup2(devnull, 2);
  char *args[] = {argv[6], NULL};
  char **env = &argv[7];
  (void)argc;
  execve(argv[6], args, env);
  int failed[2] = {0, errno};
  (void)!write(report, failed, sizeof failed);
  _exit(127);
}

static pid_t child_pid;

static void kill_child(int sig) {
  (void)sig;
  kill(child_pid, SIGKILL);
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: exec-oracle ROOT UID GID GROUPS CAPS PATH [NAME=VALUE...]\n");
    return 2;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return 2;
  pid_t pid = fork();
  if (pid < 0) return 2;
  if (pid == 0) {
    close(fds[0]);
    child(fds[1], argv, argc);
  }
  close(fds[1]);
  int failed[2];
  ssize_t got = read(fds[0], failed, sizeof failed);
  int status = 0;
  /* A program that hangs is an answer too, but not one a test waits for. */
  child_pid = pid;
  signal(SIGALRM, kill_child);
  alarm(10);
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (got == (ssize_t)sizeof failed && failed[0] == SETUP_FAILED) {
    fprintf(stderr, "exec-oracle: setup failed: %s\n", strerror(failed[1]));
    return 2;
  }
  if (got == (ssize_t)sizeof failed) printf("errno %s %d\n", strerrorname_np(failed[1]), failed[1]);
  else if (WIFEXITED(status)) printf("exit %d\n", WEXITSTATUS(status));
  else printf("signal %d\n", WTERMSIG(status));
  return 0;
}

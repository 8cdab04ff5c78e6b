/*
 * coldbench's sandbox launcher: starts one environment in a fresh PID and mount
 * namespace, inside the cgroups it is told to join. Compiled at run time by
 * launcher-build.ts (with the shell launcher of shell-launcher.ts as the fallback
 * when no C compiler exists), because every microsecond it spends is inside the
 * cold start that coldbench measures.
 *
 * usage: launcher [-g] [-u | -n] [-c FILE]... [-t MB] [-r DIR]... [-w DIR]... -- PROGRAM ARGS...
 *   -g       handshake on fd 3 before PROGRAM starts (below)
 *   -u       also a user namespace, mapping the caller to root in it (for a non-root caller)
 *   -n       no namespaces at all (the kernel refuses them): join the cgroups, then exec PROGRAM
 *   -c FILE  write the launcher's pid into this cgroup.procs (one per hierarchy)
 *   -t MB    mount a private tmpfs of MB megabytes on /tmp (0: keep the host's /tmp)
 *   -r DIR   keep DIR visible read-only (the code folder); re-bound when /tmp hides it
 *   -w DIR   keep DIR visible and writable (a harness cache under /tmp)
 *
 * Processes: the launcher (host PID namespace, what the harness sees as the
 * environment's pid) forks the namespace's init (pid 1), which forks the future
 * PROGRAM (pid 2) and reaps orphans. Pid 2 writes the line {"t":"ready"} to fd 3
 * and waits for one byte on fd 3 (the harness's "go") before it execs PROGRAM:
 * joining a cgroup takes a global kernel lock that costs ~13 ms here (an RCU
 * grace period), and that preparation stays outside the measured cold start,
 * which begins with the go (see docs/sandbox.md). When PROGRAM exits, init exits and the kernel kills
 * everything left in the namespace; the launcher then ends as PROGRAM ended
 * (same exit code, or the same signal). If the launcher dies, init gets SIGKILL
 * (PR_SET_PDEATHSIG) and the namespace dies with it. The fds the harness passed
 * (stdout, stderr, the channel at fd 3) go through unchanged.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PATHS 32

static void fail(const char *what, const char *arg) {
  dprintf(2, "coldbench sandbox: %s%s%s: %s\n", what, arg ? " " : "", arg ? arg : "", strerror(errno));
  _exit(125);
}

static int under_tmp(const char *p) { return strncmp(p, "/tmp/", 5) == 0 || strcmp(p, "/tmp") == 0; }

static void mkdirs(const char *path) {
  char buf[4096];
  size_t n = strlen(path);
  if (n >= sizeof buf) { errno = ENAMETOOLONG; fail("path too long", path); }
  memcpy(buf, path, n + 1);
  for (char *s = buf + 1; *s; s++) {
    if (*s != '/') continue;
    *s = 0;
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) fail("mkdir", buf);
    *s = '/';
  }
  if (mkdir(buf, 0755) != 0 && errno != EEXIST) fail("mkdir", buf);
}

struct keep { const char *path; int readonly; int fd; };

/* Tells the harness the sandbox is ready and waits for its go (one byte); 0 when the channel closed first. */
static int ready_and_go(void) {
  static const char ready[] = "{\"t\":\"ready\"}\n";
  char go;
  if (write(3, ready, sizeof ready - 1) != (ssize_t)(sizeof ready - 1)) fail("write ready on fd", "3");
  return read(3, &go, 1) == 1;
}

static int by_length(const void *a, const void *b) {
  return (int)strlen(((const struct keep *)a)->path) - (int)strlen(((const struct keep *)b)->path);
}

int main(int argc, char **argv) {
  const char *procs[MAX_PATHS];
  struct keep keeps[MAX_PATHS];
  int nprocs = 0, nkeeps = 0, handshake = 0, userns = 0, nons = 0;
  long tmp_mb = 0;
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) { i++; break; }
    if (strcmp(a, "-g") == 0) { handshake = 1; continue; }
    if (strcmp(a, "-u") == 0) { userns = 1; continue; }
    if (strcmp(a, "-n") == 0) { nons = 1; continue; }
    if (i + 1 >= argc || strlen(a) != 2 || a[0] != '-') { errno = EINVAL; fail("bad argument", a); }
    const char *v = argv[++i];
    if (a[1] == 'c' && nprocs < MAX_PATHS) procs[nprocs++] = v;
    else if (a[1] == 't') tmp_mb = strtol(v, NULL, 10);
    else if ((a[1] == 'r' || a[1] == 'w') && nkeeps < MAX_PATHS) keeps[nkeeps++] = (struct keep){ v, a[1] == 'r', -1 };
    else { errno = EINVAL; fail("bad argument", a); }
  }
  if (i >= argc) { errno = EINVAL; fail("no program to run", NULL); }

  /* Join the environment's cgroups first: everything started below is counted there. */
  char pid[24];
  int pidlen = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
  for (int k = 0; k < nprocs; k++) {
    int fd = open(procs[k], O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, pid, pidlen) != pidlen) fail("cannot join cgroup", procs[k]);
    close(fd);
  }

  if (nons) {
    if (handshake && !ready_and_go()) return 0;
    execv(argv[i], argv + i);
    dprintf(2, "coldbench sandbox: cannot run %s: %s\n", argv[i], strerror(errno));
    return 127;
  }

  volatile int *shared = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) fail("mmap", NULL);
  *shared = -1;

  uid_t uid = getuid();
  gid_t gid = getgid();
  if (unshare(CLONE_NEWPID | CLONE_NEWNS | (userns ? CLONE_NEWUSER : 0)) != 0) fail("unshare(CLONE_NEWPID|CLONE_NEWNS)", userns ? "with CLONE_NEWUSER" : NULL);
  if (userns) {
    char map[64];
    int fd = open("/proc/self/setgroups", O_WRONLY);
    if (fd < 0 || write(fd, "deny", 4) != 4) fail("write", "/proc/self/setgroups");
    close(fd);
    int len = snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
    fd = open("/proc/self/uid_map", O_WRONLY);
    if (fd < 0 || write(fd, map, len) != len) fail("write", "/proc/self/uid_map");
    close(fd);
    len = snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
    fd = open("/proc/self/gid_map", O_WRONLY);
    if (fd < 0 || write(fd, map, len) != len) fail("write", "/proc/self/gid_map");
    close(fd);
  }
  /* Nothing mounted here may reach the host's mount namespace. */
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) fail("make mounts private", NULL);
  for (int k = 0; k < nkeeps; k++) {
    keeps[k].fd = open(keeps[k].path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (keeps[k].fd < 0) fail("open", keeps[k].path);
  }
  if (tmp_mb > 0) {
    char opts[64];
    snprintf(opts, sizeof opts, "size=%ldm,mode=1777", tmp_mb);
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, opts) != 0) fail("mount tmpfs on", "/tmp");
  }
  qsort(keeps, nkeeps, sizeof keeps[0], by_length); /* a folder before the folders inside it */
  for (int k = 0; k < nkeeps; k++) {
    const char *p = keeps[k].path;
    int hidden = tmp_mb > 0 && under_tmp(p);
    if (!hidden && !keeps[k].readonly) continue; /* visible and writable already */
    char from[64];
    snprintf(from, sizeof from, "/proc/self/fd/%d", keeps[k].fd);
    if (hidden) mkdirs(p);
    if (mount(from, p, NULL, MS_BIND | MS_REC, NULL) != 0) fail("bind", p);
    if (keeps[k].readonly && mount(NULL, p, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0) fail("make read-only", p);
  }
  for (int k = 0; k < nkeeps; k++) close(keeps[k].fd);

  pid_t init = fork();
  if (init < 0) fail("fork", NULL);
  if (init == 0) {
    /* pid 1 of the namespace. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    pid_t child = fork();
    if (child < 0) fail("fork", NULL);
    if (child == 0) {
      if (handshake && !ready_and_go()) _exit(0); /* the harness closed the channel before the start */
      execv(argv[i], argv + i);
      dprintf(2, "coldbench sandbox: cannot run %s: %s\n", argv[i], strerror(errno));
      _exit(127);
    }
    for (;;) {
      int status;
      pid_t got = waitpid(-1, &status, 0);
      if (got == child) { *shared = status; _exit(0); }
      if (got < 0 && errno == ECHILD) _exit(0);
    }
  }
  int status;
  while (waitpid(init, &status, 0) < 0) if (errno != EINTR) fail("waitpid", NULL);
  if (*shared != -1) status = *shared; /* how PROGRAM ended */
  if (WIFSIGNALED(status)) {
    signal(WTERMSIG(status), SIG_DFL);
    kill(getpid(), WTERMSIG(status));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 125;
}

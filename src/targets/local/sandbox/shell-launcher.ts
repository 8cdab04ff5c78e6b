/**
 * The sandbox launcher for machines without a C compiler: util-linux `unshare`
 * and a POSIX shell script that takes the same options as launcher.c. The
 * script is a constant; every path reaches it as an argument, never as code.
 * It differs from the compiled launcher in two ways (docs/sandbox.md): the
 * interpreter itself is pid 1 of its namespace (no reaper: a handler's exited
 * children stay zombies until the environment ends), and each mount is a
 * process of its own (outside the measured interval, as with the compiled one).
 */

/** Reads the launcher options, prepares the namespace, then execs the program. */
export const SHELL_LAUNCHER_SCRIPT = `set -e
tmp=0 go= n=3
while [ "$1" != -- ]; do
  case "$1" in
    -g) go=1; shift; continue ;;
    -u|-n) shift; continue ;;
    -c) echo 0 > "$2" ;;
    -t) tmp=$2 ;;
    -r|-w) n=$((n + 1)); [ $n -le 9 ] || { echo "coldbench sandbox: too many kept folders" >&2; exit 125; }
      eval "exec $n<\\"\\$2\\"; mode$n=\\$1 path$n=\\$2" ;;
    *) echo "coldbench sandbox: bad argument $1" >&2; exit 125 ;;
  esac
  shift 2
done
shift
[ "$tmp" -gt 0 ] && mount -t tmpfs -o "size=\${tmp}m,mode=1777,nosuid,nodev" tmpfs /tmp
i=3
while [ $i -lt $n ]; do
  i=$((i + 1))
  eval "mode=\\$mode$i p=\\$path$i"
  case "$p" in /tmp|/tmp/*) hidden=$tmp ;; *) hidden=0 ;; esac
  if [ "$hidden" -gt 0 ] || [ "$mode" = -r ]; then
    [ "$hidden" -gt 0 ] && mkdir -p "$p"
    mount --rbind "/proc/self/fd/$i" "$p"
    [ "$mode" = -r ] && mount -o remount,bind,ro,nosuid,nodev "$p"
  fi
  eval "exec $i<&-"
done
if [ -n "$go" ]; then
  printf '{"t":"ready"}\\n' >&3
  read -r _ <&3 || exit 0
fi
exec "$@"
`;

/** The `unshare` command line that runs the script with the launcher options `launcherArgs` (without namespaces: the `/bin/sh` one). */
export function shellLauncherArgs(launcherArgs: string[], userNamespace: boolean, namespaces = true): string[] {
  if (!namespaces) return ['-c', SHELL_LAUNCHER_SCRIPT, 'coldbench-sandbox', ...launcherArgs];
  return [
    '--pid',
    '--fork',
    '--mount',
    '--propagation',
    'private',
    '--kill-child',
    ...(userNamespace ? ['--user', '--map-root-user'] : []),
    '/bin/sh',
    '-c',
    SHELL_LAUNCHER_SCRIPT,
    'coldbench-sandbox',
    ...launcherArgs,
  ];
}

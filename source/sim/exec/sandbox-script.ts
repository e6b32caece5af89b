// The shell script that turns a fresh mount namespace into a container's root, run by
// /bin/sh inside the namespaces `unshare` made (as runc's rootfs_linux.go does in Go):
//
//   sh -c SCRIPT sh ROOT WORKDIR HOSTNAME LOOPBACK [KIND SOURCE TARGET]... -- COMMAND...
//
// ROOT is the container's writable directory on the host, already holding its skeleton
// (rootfs.ts): /etc's files, the top-level symlinks, the mount points, /dev's nodes to bind
// the host's harmless devices over. Each external command here costs a fork and an exec
// on the way to a first `kubectl exec`, so the skeleton is made on the host beforehand. KIND
// is `sys` (a host system directory: the container's own overlay over it, as an image's
// layers under a writable one, so a volume can be mounted at /usr/local/etc or a file written
// under /usr without touching the host; read-only where overlayfs is not allowed), `ro` or
// `rw` (a volume). The overlays' upper layers live in ROOT/.podscope-layers, hidden after the
// pivot. Every value arrives as an argument, never inside the script text,
// so no pod field is ever parsed as shell. The host's /proc, still mounted before the
// pivot, gives the holder's host PID, which the runtime needs to nsenter; `ready PID` on
// stdout says the root is complete. Then the host's tree is detached: after pivot_root and
// the lazy unmount nothing of it is reachable from the namespace. runc also masks /proc's
// kcore, sysrq-trigger, timer_list... and makes /proc/sys read-only, for containers whose
// root is the host's; the sandbox's root never is (sandbox-support.ts), and those files
// are the host root's alone.

export const containerRootScript = `set -eu
root=$1 workdir=$2 name=$3 loopback=$4
shift 4
# A pod's own network namespace starts with its loopback down: the pod holder brings it up.
if [ -n "$loopback" ]; then "$loopback" link set lo up; fi
mount --bind "$root" "$root"
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
for device in null zero full random urandom tty; do mount --bind "/dev/$device" "$root/dev/$device"; done
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
while [ "$1" != -- ]; do
	kind=$1 source=$2 target=$root$3 inside=$3
	shift 3
	if [ ! -e "$target" ]; then
		if [ -d "$source" ]; then mkdir -p "$target"; else mkdir -p "$(dirname "$target")"; : > "$target"; fi
	fi
	if [ "$kind" = sys ]; then
		layer=$root/.podscope-layers$inside
		mkdir -p "$layer/upper" "$layer/work"
		if ! mount -t overlay overlay -o "lowerdir=$source,upperdir=$layer/upper,workdir=$layer/work,nosuid,nodev" "$target" 2>/dev/null; then
			mount --bind -o ro,nosuid,nodev "$source" "$target"
		fi
	elif [ "$kind" = rw ]; then mount --bind "$source" "$target"
	else mount --bind -o ro,nosuid,nodev "$source" "$target"
	fi
done
shift
read -r pid rest < /proc/self/stat
cd "$root"
pivot_root . .podscope-old-root
umount -l /.podscope-old-root
rmdir /.podscope-old-root
if [ -d /.podscope-layers ]; then mount -t tmpfs -o ro,size=4k,mode=0 tmpfs /.podscope-layers; fi
if [ -n "$name" ]; then hostname "$name"; fi
if [ ! -d "$workdir" ]; then mkdir -p "$workdir"; fi
cd "$workdir"
echo "ready $pid"
# The holder's environment is readable inside (/proc/1/environ): no host path in it.
unset OLDPWD
exec "$@" < /dev/null > /dev/null 2>&1
`;

export type RootMount = {kind: 'sys' | 'ro' | 'rw'; source: string; target: string};

/** The arguments after `sh -c SCRIPT`: $0, then the script's own. */
export function containerRootArgs(root: string, workdir: string, hostname: string, mounts: RootMount[], command: string[], loopback = ''): string[] {
	return ['sh', root, workdir, hostname, loopback, ...mounts.flatMap(({kind, source, target}) => [kind, source, target]), '--', ...command];
}

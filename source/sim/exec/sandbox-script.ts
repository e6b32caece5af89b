// The shell script that turns a fresh mount namespace into a container's root, run by
// /bin/sh inside the namespaces `unshare` made (as runc's rootfs_linux.go does in Go):
//
//   sh -c SCRIPT sh ROOT WORKDIR HOSTNAME [KIND SOURCE TARGET]... -- COMMAND...
//
// ROOT is the container's writable directory on the host, already holding /etc's files and
// the top-level symlinks (rootfs.ts). KIND is `sys` (a host system directory, read-only),
// `ro` or `rw` (a volume). Every value arrives as an argument, never inside the script text,
// so no pod field is ever parsed as shell. The host's /proc, still mounted before the
// pivot, gives the holder's host PID, which the runtime needs to nsenter; `ready PID` on
// stdout says the root is complete. Then the host's tree is detached: after pivot_root and
// the lazy unmount nothing of it is reachable from the namespace. The masked and read-only
// /proc paths are runc's defaults (containerd's oci spec: maskedPaths, readonlyPaths).

export const containerRootScript = `set -eu
root=$1 workdir=$2 name=$3
shift 3
mount --bind "$root" "$root"
mkdir -p "$root/proc" "$root/dev" "$root/tmp"
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
for path in asound acpi kcore keys latency_stats timer_list timer_stats sched_debug scsi sysrq-trigger; do
	if [ -f "$root/proc/$path" ]; then mount --bind /dev/null "$root/proc/$path"; fi
done
for path in bus fs irq sys; do
	if [ -d "$root/proc/$path" ]; then mount --bind "$root/proc/$path" "$root/proc/$path"; mount -o remount,bind,ro "$root/proc/$path"; fi
done
mount -t tmpfs -o nosuid,noexec,mode=755,size=64k tmpfs "$root/dev"
for device in null zero full random urandom tty; do
	: > "$root/dev/$device"
	mount --bind "/dev/$device" "$root/dev/$device"
done
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
mkdir "$root/dev/shm" "$root/dev/pts"
mount -t tmpfs -o nosuid,nodev,mode=1777 shm "$root/dev/shm"
if mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts" 2>/dev/null; then ln -s pts/ptmx "$root/dev/ptmx"; fi
while [ "$1" != -- ]; do
	kind=$1 source=$2 target=$root$3
	shift 3
	if [ -d "$source" ]; then mkdir -p "$target"; else mkdir -p "$(dirname "$target")"; [ -e "$target" ] || : > "$target"; fi
	mount --bind "$source" "$target"
	if [ "$kind" != rw ]; then mount -o remount,bind,ro,nosuid,nodev "$target"; fi
done
shift
read -r pid rest < /proc/self/stat
cd "$root"
mkdir .podscope-old-root
pivot_root . .podscope-old-root
umount -l /.podscope-old-root
rmdir /.podscope-old-root
if [ -n "$name" ]; then hostname "$name"; fi
mkdir -p "$workdir"
cd "$workdir"
echo "ready $pid"
exec "$@" < /dev/null > /dev/null 2>&1
`;

export type RootMount = {kind: 'sys' | 'ro' | 'rw'; source: string; target: string};

/** The arguments after `sh -c SCRIPT`: $0, then the script's own. */
export function containerRootArgs(root: string, workdir: string, hostname: string, mounts: RootMount[], command: string[]): string[] {
	return ['sh', root, workdir, hostname, ...mounts.flatMap(({kind, source, target}) => [kind, source, target]), '--', ...command];
}

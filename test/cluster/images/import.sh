#!/usr/bin/env bash
# Import the archives build.sh wrote ($CACHE/images/*.tar) into containerd's k8s.io namespace,
# where the kubelet's CRI looks for images. Idempotent: an image whose name already points at
# the archive's manifest digest is left alone; the rest are imported (and unpacked into the
# snapshotter CRI uses, overlayfs by default; set CONTAINERD_SNAPSHOTTER to change it).
#
#   CONTAINERD_SOCK=/run/containerd/containerd.sock test/cluster/images/import.sh [SHORT-NAME...]
set -euo pipefail

CACHE=${PODSCOPE_CLUSTER_CACHE:-$HOME/.cache/podscope-cluster}
CONTAINERD_SOCK=${CONTAINERD_SOCK:-/run/containerd/containerd.sock}
SNAPSHOTTER=${CONTAINERD_SNAPSHOTTER:-overlayfs}
dir=$CACHE/images
ctr=(ctr -n k8s.io --address "$CONTAINERD_SOCK")

if (($#)); then
	archives=()
	for n in "$@"; do archives+=("$dir/$n.tar"); done
else
	shopt -s nullglob
	archives=("$dir"/*.tar)
fi
((${#archives[@]})) || { echo "images/import.sh: no archives in $dir: run build.sh first" >&2; exit 1; }

# NAME DIGEST for every image containerd already has in k8s.io.
have=$("${ctr[@]}" images ls 2>/dev/null | awk 'NR > 1 {print $1, $3}') ||
	{ echo "images/import.sh: cannot reach containerd at $CONTAINERD_SOCK" >&2; exit 1; }

for a in "${archives[@]}"; do
	[[ -f $a ]] || { echo "images/import.sh: $a missing" >&2; exit 1; }
	# The name and manifest digest the archive carries (build.sh writes one manifest each).
	index=$(tar -xOf "$a" index.json)
	name=$(grep -o '"io.containerd.image.name":"[^"]*"' <<<"$index" | cut -d'"' -f4)
	digest=$(grep -o '"digest":"sha256:[0-9a-f]*"' <<<"$index" | head -1 | cut -d'"' -f4)
	[[ -n $name && -n $digest ]] || { echo "images/import.sh: $a: no image name or digest in index.json" >&2; exit 1; }
	if grep -qxF "$name $digest" <<<"$have"; then
		echo "$name: already imported"
		continue
	fi
	"${ctr[@]}" images import --snapshotter "$SNAPSHOTTER" --digests=false "$a" >/dev/null
	# Fail loudly when the name did not land (an archive ctr could not name).
	"${ctr[@]}" images ls -q "name==$name" | grep -xF "$name" >/dev/null ||
		{ echo "images/import.sh: $a imported but $name is not listed" >&2; exit 1; }
	echo "$name: imported ($digest)"
done

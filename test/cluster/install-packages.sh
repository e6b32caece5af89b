#!/usr/bin/env bash
# Install (only if missing) the Debian packages a one-node cluster needs.
# Idempotent and quiet: prints nothing when everything is already there.
set -euo pipefail

pkgs=(
  containerd                  # CRI runtime (1.6, CRI plugin built in)
  runc                        # OCI runtime containerd calls
  containernetworking-plugins # bridge, host-local, loopback, portmap
  etcd-server                 # the apiserver's store
  busybox-static              # for hand-made test images
  iptables conntrack socat    # kube-proxy-less pod networking, portmap, port-forward
  util-linux iproute2 mount   # nsenter, findmnt, ip netns, umount
  openssl curl                # PKI and health checks for up.sh
  ca-certificates procps psmisc
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep 'ok installed' >/dev/null || missing+=("$p")
done
((${#missing[@]})) || exit 0

export DEBIAN_FRONTEND=noninteractive
out=$(mktemp); trap 'rm -f "$out"' EXIT
# Refresh the index only when it has never been fetched. Apt's chatter goes
# to a temporary file, shown only if something fails.
if ! { compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null || apt-get update -qq; } >"$out" 2>&1 ||
  ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$out" 2>&1; then
  cat "$out" >&2
  exit 1
fi
# Debian starts containerd as a system service on install; up.sh runs its own.
if command -v systemctl >/dev/null && systemctl is-active -q containerd 2>/dev/null; then
  systemctl disable --now containerd >/dev/null 2>&1 || true
fi

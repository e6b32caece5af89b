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

bash "$(cd "$(dirname "$0")" && pwd)/../../scripts/apt-missing.sh" "${pkgs[@]}"
# Debian starts containerd as a system service on install; up.sh runs its own.
if command -v systemctl >/dev/null && systemctl is-active -q containerd 2>/dev/null; then
  systemctl disable --now containerd >/dev/null 2>&1 || true
fi

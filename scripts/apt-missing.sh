#!/usr/bin/env bash
# apt-missing.sh PACKAGE...: install the Debian packages named that are not installed yet.
# Idempotent and quiet: prints nothing when all are there, and apt's chatter only on failure.
# Used by test/cluster/install-packages.sh and scripts/sea/install-qemu.sh.
set -euo pipefail

missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep 'ok installed' >/dev/null || missing+=("$p")
done
((${#missing[@]})) || exit 0

export DEBIAN_FRONTEND=noninteractive
out=$(mktemp); trap 'rm -f "$out"' EXIT
# Refresh the index only when it has never been fetched.
if ! { compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null || apt-get update -qq; } >"$out" 2>&1 ||
  ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$out" 2>&1; then
  cat "$out" >&2
  exit 1
fi

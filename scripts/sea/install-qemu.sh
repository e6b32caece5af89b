#!/usr/bin/env bash
# Install (only if missing) what runs the linux-arm64 single file on an x64 machine: Debian's
# qemu-user and the arm64 C and C++ libraries Node's official binary links against (used by
# scripts/build-sea.js for the arm64 code cache and by test/sea/arm64.test.ts).
# Idempotent and quiet: prints nothing when everything is already there.
set -euo pipefail

[[ "$(uname -m)" == x86_64 ]] || exit 0
pkgs=(libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)
# qemu-user-static serves as well as qemu-user.
command -v qemu-aarch64 >/dev/null || command -v qemu-aarch64-static >/dev/null || pkgs+=(qemu-user)
bash "$(dirname "$0")/../apt-missing.sh" "${pkgs[@]}"

#!/usr/bin/env bash
# `npm run test:cluster`: the differential test from nothing. Installs the Debian packages,
# builds the pinned Kubernetes (once per version) and the test images, starts the node, runs
# test/cluster/compare.test.ts against it and `podscope sim`, and stops the node whatever
# happened. Needs root (containerd, runc, mounts). Times are in README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/install-packages.sh"
"$here/build.sh"
"$here/images/build.sh"
trap '"$here/down.sh"' EXIT
"$here/up.sh" >/dev/null
# compare.test.ts reads its kubectl from up.sh's state.env; podscope.test.ts uses the
# conformance tests' one (KUBECTL, else /usr/bin/kubectl).
PODSCOPE_CLUSTER=1 npx vitest run --project cluster

#!/usr/bin/env bash
# The whole test suite, as the README gives it and CI runs it: configure with
# warnings as errors, build, run every ctest. Extra arguments go to cmake
# (e.g. -DCONVEYOR_SANITIZE=address,undefined). BUILD_DIR picks the folder.
# The fault-injection hooks (CONVEYOR_TEST_HOOKS, off by default so release
# builds ignore CONVEYOR_FAIL_*) are turned on here: the drills need them.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -DCONVEYOR_WERROR=ON -DCONVEYOR_TEST_HOOKS=ON "$@"
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" ${CTEST_ARGS:-}

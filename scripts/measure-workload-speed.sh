#!/bin/sh
# Builds the workload tests in release mode and prints training steps per second for
# every workload (the ThroughputBenchmark test, which is skipped in ordinary test runs).
#
# Usage: scripts/measure-workload-speed.sh
#
# The release build needs -enable-testing because the test target uses @testable imports.
# The benchmark runs on one thread. The figures depend on the machine and its load.
set -eu

cd "$(dirname "$0")/.."
swift build -c release --build-tests -Xswiftc -enable-testing
OPOP_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing --skip-build \
    --filter 'OpOpWorkloadsTests.ThroughputBenchmark' 2>&1 | grep -E 'steps/s|error|failed'

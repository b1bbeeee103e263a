#!/usr/bin/env bash
# Builds the project with sanitizers (gcc) and runs tests against the sanitized build — the
# tests that start `replylint serve`, `lint` and `score` run the sanitized binaries too.
#   tests/sanitize.sh [address|thread]
#
# address (default, build-asan/): AddressSanitizer + UndefinedBehaviorSanitizer, every test;
#   any report fails the run (UBSan does not recover).
# thread (build-tsan/): ThreadSanitizer over the tests that exercise threads — the server's
#   streams, reload under load, limits and shutdown, TLS, the parallel QA scorer. Reports from
#   every process (the test binaries and the servers they start) are written to a log directory
#   and any report fails the run. gRPC and abseil come from Debian, not built with TSan, so
#   synchronization inside them is invisible to it; tests/tsan.supp lists the few reports that
#   this causes, each with the reason it is not a race in our code.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-address}
case "$mode" in
  address)
    build=build-asan
    flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
    link="-fsanitize=address,undefined"
    ;;
  thread)
    build=build-tsan
    flags="-fsanitize=thread -fno-omit-frame-pointer"
    link="-fsanitize=thread"
    ;;
  *)
    echo "usage: tests/sanitize.sh [address|thread]" >&2
    exit 2
    ;;
esac
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREPLYLINT_BUILD_BENCHMARKS=OFF \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$link" >/dev/null
if [ "$mode" = address ]; then
  cmake --build "$build"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$build" --output-on-failure
  exit 0
fi

tests="service_test reload_test limits_test tls_test score_test"
# shellcheck disable=SC2086
cmake --build "$build" --target replylint_cli $tests
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0
TSAN_OPTIONS="log_path=$logs/tsan suppressions=$PWD/tests/tsan.supp ignore_noninstrumented_modules=1 second_deadlock_stack=1 history_size=4" \
  ctest --test-dir "$build" --output-on-failure -R "^($(echo $tests | tr ' ' '|'))\$" || status=1
if compgen -G "$logs/tsan*" >/dev/null; then
  echo "ThreadSanitizer reported:" >&2
  cat "$logs"/tsan* >&2
  exit 1
fi
[ "$status" = 0 ] || exit 1
echo "ThreadSanitizer: no reports from $(echo $tests | wc -w) test binaries and the servers they started"

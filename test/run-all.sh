#!/usr/bin/env bash
# Every test: the unit tests (in-process fakes) and the end-to-end tests against the real two-cloud
# stack (Debian's Keystone x2 + Mistral on 127.0.0.1), which this script installs, starts and stops.
# Tests and stack run inside test/isolated.sh: private mount, network and PID namespaces in which /etc
# and /var show only what the packages install, HOME is empty, and the fixed ports are free even while
# the demo's stack (README command 1) runs on the host. Ends with "N passed, N failed[, N skipped]"
# from vitest's JSON report, plus one failure per step that failed outside vitest (the stack's start).
# Arguments are handed to vitest (`bash test/run-all.sh test/e2e/wait.test.ts` runs one file, with
# the stack, in the same namespaces); without any, every test runs.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
RESULTS=$REPO/test-results
SUMMARY=$RESULTS/summary.txt
EXTRA=$RESULTS/extra-failures.txt

# --- inside the namespaces (run-all.sh --inside STACK_DIR, started below) ---------------------------------
if [ "${1:-}" = --inside ]; then
  STACK_DIR=$2
  shift 2
  export STACK_DIR
  if ! bash stack/start.sh "$STACK_DIR"; then
    echo "stack/start.sh failed (its message is above); the end-to-end files fail without the stack" >>"$EXTRA"
  fi
  status=0
  MISTRAL_E2E=1 node_modules/.bin/vitest run --reporter=default --reporter=json \
    --outputFile.json="$RESULTS/vitest.json" "$@" || status=$?
  bash stack/stop.sh "$STACK_DIR" || echo "stack/stop.sh failed" >>"$EXTRA"
  exit "$status"
fi

# --- outside ------------------------------------------------------------------------------------------------
T0=$EPOCHREALTIME
mkdir -p "$RESULTS"
rm -f "$SUMMARY" "$RESULTS/vitest.json" "$EXTRA"
fail_run() { # message: nothing was tested
  echo "test/run-all.sh: $1" >&2
  echo "0 passed, 1 failed" | tee "$SUMMARY"
  exit 3
}

[ -d node_modules/vitest ] || npm ci --no-audit --no-fund
node build.mjs

# apt needs the network, so the packages are installed here, before the namespaces.
if ! bash stack/install.sh; then
  fail_run "the end-to-end tests need Debian 12's keystone, mistral-api/-engine/-executor, rabbitmq-server and nginx packages, installed with apt-get as root; they could not be installed here, so the suite stops (nothing is reported as passed)."
fi

# Not .stack, the demo's directory: the demo's stack may be running there, its processes are invisible
# from the test namespace, and start.sh would wipe the directory under them.
STACK_DIR=${MISTRAL_TEST_STACK_DIR:-$RESULTS/stack}
status=0
bash test/isolated.sh -- /bin/bash "$REPO/test/run-all.sh" --inside "$STACK_DIR" "$@" || status=$?

if [ ! -s "$RESULTS/vitest.json" ]; then
  [ "$status" = 3 ] && fail_run "the tests did not run: the namespaces could not be made (see the line above)"
  fail_run "vitest wrote no report (exit $status)"
fi
printf 'test/run-all.sh: %s s in all\n' "$(awk -v s="$T0" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }')"
node -e '
  const fs = require("fs");
  const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const extra = fs.existsSync(process.argv[2]) ? fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean) : [];
  for (const line of extra) console.error(`test/run-all.sh: FAIL ${line}`);
  const skipped = r.numPendingTests + r.numTodoTests;
  // A file that failed to load has no test results of its own: count it as a failure.
  const brokenFiles = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles + extra.length} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$RESULTS/vitest.json" "$EXTRA" | tee "$SUMMARY"
[ ! -s "$EXTRA" ] || [ "$status" != 0 ] || status=1
exit "$status"

#!/usr/bin/env bash
# Every test: the unit tests (in-process fakes) and the end-to-end tests against the real two-cloud
# stack (Debian's Keystone x2 + Mistral on 127.0.0.1), which this script installs, starts and stops, once
# per release (STACK_RELEASES, default "bookworm trixie": Debian 12's Mistral 15/Keystone 22 and Debian
# 13's Mistral 20/Keystone 27, stack/README.md "Releases"); the unit tests run once.
# Tests and stack run inside test/isolated.sh: private mount, network and PID namespaces in which /etc
# and /var show only what the packages install, HOME is empty, and the fixed ports are free even while
# the demo's stack (README command 1) runs on the host. Ends with "N passed, N failed[, N skipped]"
# summed over the releases' vitest JSON reports, plus one failure per step that failed outside vitest
# (a root's build, a stack's start). Arguments are handed to vitest (`bash test/run-all.sh
# test/e2e/wait.test.ts` runs one file on every release, `STACK_RELEASES=trixie bash test/run-all.sh
# test/e2e/wait.test.ts` on trixie only, in the same namespaces); without any, every test runs.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
RESULTS=$REPO/test-results
SUMMARY=$RESULTS/summary.txt
EXTRA=$RESULTS/extra-failures.txt

# --- inside the namespaces (run-all.sh --inside STACK_DIR_BASE, started below) ------------------------------
# Each release in turn (STACK_RELEASES, default every release of stack/lib/facts.py): its stack started in
# STACK_DIR_BASE-<release>, the e2e files run against it under the label e2e-<release>
# (test/e2e/vitest.release.config.mjs), the stack stopped. The unit tests run once, with the first release.
if [ "${1:-}" = --inside ]; then
  base=$2
  shift 2
  status=0
  first=1
  for release in $RUN_RELEASES; do
    export STACK_RELEASE=$release STACK_DIR=$base-$release
    if ! bash stack/start.sh "$STACK_DIR"; then
      echo "stack/start.sh failed for $release (its message is above); the end-to-end files fail without the stack" >>"$EXTRA"
    fi
    only=()
    [ "$first" = 1 ] || only=(--project "e2e-$release")
    MISTRAL_E2E=1 node_modules/.bin/vitest run --config test/e2e/vitest.release.config.mjs --reporter=default \
      --reporter=json --outputFile.json="$RESULTS/vitest-$release.json" "${only[@]}" "$@" || status=$?
    bash stack/stop.sh "$STACK_DIR" || echo "stack/stop.sh failed for $release" >>"$EXTRA"
    first=0
  done
  exit "$status"
fi

# --- outside ------------------------------------------------------------------------------------------------
T0=$EPOCHREALTIME
mkdir -p "$RESULTS"
rm -f "$SUMMARY" "$RESULTS"/vitest*.json "$EXTRA"
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

# The releases whose stack the e2e files run against. A release that runs from a root of its own
# (stack/root.sh) has it built or reused here: building needs the network, which the namespaces lack.
source stack/lib.sh
source stack/lib/releases.sh
RUN_RELEASES=
for release in ${STACK_RELEASES:-${RELEASES[*]}}; do
  if ! release_known "$release"; then
    fail_run "STACK_RELEASES names '$release', which is not a release of this stack (known: $(release_names))"
  fi
  if [ "$(release_kind "$release")" = root ] && ! bash stack/root.sh "$release" >/dev/null; then
    echo "stack/root.sh could not build the $release root (its message is above): no test ran on $release" >>"$EXTRA"
    continue
  fi
  RUN_RELEASES+="$release "
done
export RUN_RELEASES

# Not .stack, the demo's directory: the demo's stack may be running there, its processes are invisible
# from the test namespace, and start.sh would wipe the directory under them.
STACK_DIR=${MISTRAL_TEST_STACK_DIR:-$RESULTS/stack}
status=0
[ -z "$RUN_RELEASES" ] || bash test/isolated.sh -- /bin/bash "$REPO/test/run-all.sh" --inside "$STACK_DIR" "$@" || status=$?

reports=("$RESULTS"/vitest-*.json)
if [ ! -s "${reports[0]}" ]; then
  [ "$status" = 3 ] && fail_run "the tests did not run: the namespaces could not be made (see the line above)"
  fail_run "vitest wrote no report (exit $status)"
fi
printf 'test/run-all.sh: %s s in all\n' "$(awk -v s="$T0" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }')"
# One line per release, then the sum of every release's report as the one closing line.
node -e '
  const fs = require("fs");
  const [extraFile, ...reports] = process.argv.slice(1);
  const extra = fs.existsSync(extraFile) ? fs.readFileSync(extraFile, "utf8").split("\n").filter(Boolean) : [];
  for (const line of extra) console.error(`test/run-all.sh: FAIL ${line}`);
  const sum = { passed: 0, failed: extra.length, skipped: 0 };
  for (const file of reports) {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    const skipped = r.numPendingTests + r.numTodoTests;
    // A file that failed to load has no test results of its own: count it as a failure.
    const brokenFiles = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
    const release = file.replace(/.*vitest-(.*)\.json$/, "$1");
    // Each test skipped on a release, by name (the reason: test/e2e/releases.ts and the report above).
    for (const f of r.testResults) {
      for (const a of f.assertionResults) {
        if (a.status === "pending" || a.status === "skipped" || a.status === "todo") {
          console.error(`test/run-all.sh: skipped on ${release}: ${f.name.replace(process.cwd() + "/", "")} > ${a.fullName}`);
        }
      }
    }
    console.error(`test/run-all.sh: ${release}: ${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed, ${skipped} skipped`);
    sum.passed += r.numPassedTests;
    sum.failed += r.numFailedTests + brokenFiles;
    sum.skipped += skipped;
  }
  console.log(`${sum.passed} passed, ${sum.failed} failed` + (sum.skipped ? `, ${sum.skipped} skipped` : ""));
' "$EXTRA" "${reports[@]}" | tee "$SUMMARY"
[ ! -s "$EXTRA" ] || [ "$status" != 0 ] || status=1
exit "$status"

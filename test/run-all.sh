#!/usr/bin/env bash
# Every test: the unit tests (in-process fakes) and the end-to-end tests against the real
# two-cloud stack (Debian's Keystone x2 + Mistral on 127.0.0.1), which this script installs,
# starts and stops. Ends with the line "N passed, N failed, N skipped" from vitest's JSON report.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
SUMMARY=$REPO/test-results/summary.txt
mkdir -p test-results
rm -f "$SUMMARY" test-results/vitest.json

[ -d node_modules/vitest ] || npm ci --no-audit --no-fund
node build.mjs

if ! bash stack/install.sh; then
  echo "test/run-all.sh: the end-to-end tests need Debian 12's keystone, mistral-api/-engine/-executor, rabbitmq-server and nginx packages, installed with apt-get as root; they could not be installed here, so the suite stops (nothing is reported as passed)." >&2
  echo "0 passed, 1 failed" | tee "$SUMMARY"
  exit 3
fi

export STACK_DIR=${STACK_DIR:-$REPO/.stack}
trap 'bash stack/stop.sh "$STACK_DIR" >/dev/null 2>&1 || true' EXIT
bash stack/start.sh "$STACK_DIR"

status=0
MISTRAL_E2E=1 npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$?

if [ ! -s test-results/vitest.json ]; then
  echo "test/run-all.sh: vitest wrote no report (exit $status)" >&2
  echo "0 passed, 1 failed" | tee "$SUMMARY"
  exit 1
fi
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  // A file that failed to load has no test results of its own: count it as a failure.
  const brokenFiles = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed` + (skipped ? `, ${skipped} skipped` : ""));
' test-results/vitest.json | tee "$SUMMARY"
exit $status

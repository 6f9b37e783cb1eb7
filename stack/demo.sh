#!/usr/bin/env bash
# The demo: installs and starts the local two-cloud stack, creates the `whoami` workflow, runs it
# once on the home cloud (A) and once on the target cloud (B), and prints both results.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
export STACK_DIR=${STACK_DIR:-$REPO/.stack}
# The demo's clouds are the stack's openrc files alone: a cloud or target of the caller's shell
# (OS_CLOUD, TARGET_OS_*) would be mixed in with them.
source "$REPO/stack/lib.sh"
forget_openstack_settings
started=$(date +%s.%N)

bash "$REPO/stack/install.sh"
[ -f "$REPO/dist/cli.js" ] || (cd "$REPO" && node build.mjs)
bash "$REPO/stack/start.sh" "$STACK_DIR"

mistral() { node -- "$REPO/bin/mistral.js" "$@"; }
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

# Runs whoami with the current environment, waits for it (--wait: exit 1 unless it succeeds) and
# prints the execution's output.
run_whoami() {
  local id
  id=$(mistral execution-create whoami --wait -c ID -f value)
  echo "execution $id: SUCCESS"
  mistral execution-get-output "$id"
}

(
  # shellcheck disable=SC1091
  source "$STACK_DIR/openrc-a-admin.sh"
  step "mistral workflow-create --public stack/whoami.yaml    (as admin@A)"
  mistral workflow-delete whoami >/dev/null 2>&1 || true
  mistral workflow-create --public "$REPO/stack/whoami.yaml"
)

(
  source "$STACK_DIR/openrc-a.sh"
  step "source openrc-a.sh; mistral execution-create whoami    (home cloud A)"
  run_whoami
)

(
  source "$STACK_DIR/openrc-a.sh"
  source "$STACK_DIR/target-b.sh"
  step "source openrc-a.sh target-b.sh; mistral execution-create whoami    (target cloud B, TARGET_OS_*)"
  run_whoami
)

awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN{printf "\ndemo done in %.1f s. The stack is still running: try `source %s/openrc-a.sh`, then `npm run stack:stop`.\n", e-s, ENVIRON["STACK_DIR"]}'

#!/usr/bin/env bash
# Diagnostic end-to-end check of a running stack with the reference client, python-mistralclient
# (/usr/bin/mistral): creates stack/whoami.yaml public as admin@A, runs it as demo@A at home and against
# each target, and prints one PASS/FAIL line per check and "N passed, N failed". Exit status 1 if any failed.
# Usage: stack/smoke.sh [STACK_DIR]      (not used by CI; the project's own tests drive the stack)
set -euo pipefail

T0=$EPOCHREALTIME
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D=$(resolve_stack_dir "${1:-}")
MISTRAL=/usr/bin/mistral   # not the project's CLI: the Python reference client, on Debian's python3
[ -s "$D/stack.json" ] && [ -s "$D/pids" ] || { echo "smoke.sh: no running stack in $D (run stack/start.sh)" >&2; exit 2; }
[ -x "$MISTRAL" ] || { echo "smoke.sh: $MISTRAL missing (python3-mistralclient): run stack/install.sh" >&2; exit 2; }
forget_openstack_settings

WORK=$(mktemp -d /tmp/stack-smoke.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0
result() { # PASS|FAIL text
  printf '%s %s\n' "$1" "$2"
  if [ "$1" = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# Runs the Python client with the given env files sourced (in order) in a clean subshell.
with_env() { # env-file... -- mistral-arguments...
  local files=()
  while [ "$1" != -- ]; do files+=("$1"); shift; done
  shift
  (
    for f in "${files[@]}"; do source "$f"; done
    exec "$MISTRAL" "$@"
  )
}

# python-mistralclient reads only OS_TARGET_* (project as OS_TARGET_TENANT_NAME); writes that spelling of a
# TARGET_OS_* file.
legacy_of() { # target-os-file output-file
  (
    source "$1"
    printf 'export OS_TARGET_%s=%q\n' AUTH_URL "$TARGET_OS_AUTH_URL" USERNAME "$TARGET_OS_USERNAME" \
      PASSWORD "$TARGET_OS_PASSWORD" TENANT_NAME "$TARGET_OS_PROJECT_NAME" \
      USER_DOMAIN_NAME "$TARGET_OS_USER_DOMAIN_NAME" PROJECT_DOMAIN_NAME "$TARGET_OS_PROJECT_DOMAIN_NAME" \
      REGION_NAME "$TARGET_OS_REGION_NAME"
    [ -z "${TARGET_OS_CACERT:-}" ] || printf 'export OS_TARGET_CACERT=%q\n' "$TARGET_OS_CACERT"
  ) >"$2"
}
legacy_of "$D/target-b-tls.sh" "$WORK/target-b-tls-legacy.sh"
legacy_of "$D/target-b-extra.sh" "$WORK/target-b-extra-legacy.sh"
legacy_of "$D/target-a.sh" "$WORK/target-a-legacy.sh"
sed "s#^export OS_TARGET_CACERT=.*#export OS_TARGET_CACERT=$D/tls/other-ca.pem#" \
  "$WORK/target-b-tls-legacy.sh" >"$WORK/target-b-tls-other-ca.sh"

# --- the workflow, public (only admin may publicize) --------------------------------------------------
if with_env "$D/openrc-a-admin.sh" -- workflow-create --public "$STACK_HOME/whoami.yaml" >"$WORK/wf.out" 2>&1 ||
   with_env "$D/openrc-a-admin.sh" -- workflow-update --public "$STACK_HOME/whoami.yaml" >"$WORK/wf.out" 2>&1; then
  result PASS "workflow whoami created/updated public as admin@A"
else
  result FAIL "workflow whoami could not be created: $(tail -1 "$WORK/wf.out")"
fi

# --- executions, all started in parallel ---------------------------------------------------------------
# Prints "user project regions projects is_target auth_uri" of an execution's output.
summary() {
  /usr/bin/python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
print(o["token_user"], o["token_project"], ",".join(o["token_regions"]), ",".join(o["projects"]),
      str(o["is_target"]).lower(), o["auth_uri"])' "$1" 2>/dev/null || echo "unreadable output: $(tr -d '\n' <"$1")"
}

run_whoami() { # case-dir env-file...  -> case-dir/{id,state,output.json,summary,err}
  local dir=$1 id state i
  shift
  mkdir -p "$dir"
  if ! id=$(with_env "$@" -- execution-create whoami -c ID -f value 2>"$dir/err"); then
    echo "execution-create failed: $(tail -1 "$dir/err")" >"$dir/summary"
    return
  fi
  echo "$id" >"$dir/id"
  for i in $(seq 120); do
    state=$(with_env "$@" -- execution-get "$id" -c State -f value 2>>"$dir/err") || state=GET-FAILED
    case $state in SUCCESS | ERROR | CANCELLED) break ;; esac
    sleep 0.5
  done
  echo "$state" >"$dir/state"
  if [ "$state" = SUCCESS ]; then
    with_env "$@" -- execution-get-output "$id" >"$dir/output.json" 2>>"$dir/err"
    summary "$dir/output.json" >"$dir/summary"
  else
    echo "execution $id ended $state: $(with_env "$@" -- execution-get "$id" -c 'State info' -f value 2>&1 | head -c 300)" \
      >"$dir/summary"
  fi
}

HOME_A="demo demo RegionOne,RegionOneMTLS,RegionOneTLS,RegionX demo false http://127.0.0.1:$PORT_KS_A/v3"
B_PROJB="tenantb projb RegionTwo projb,projb-extra true"
declare -A LABEL EXPECT FILES
add_case() { # key label expected env-file...
  LABEL[$1]=$2
  EXPECT[$1]=$3
  FILES[$1]=$(printf '%s\n' "${@:4}")
}
add_case 1-home "home (openrc-a.sh)" "$HOME_A" "$D/openrc-a.sh"
add_case 2-b "target B (openrc-a.sh + target-b-legacy.sh)" \
  "$B_PROJB http://127.0.0.1:$PORT_KS_B/v3/" "$D/openrc-a.sh" "$D/target-b-legacy.sh"
add_case 3-b-tls "target B over HTTPS, OS_TARGET_CACERT=target-ca.pem" \
  "$B_PROJB https://127.0.0.1:$PORT_KS_B_TLS/v3/" "$D/openrc-a.sh" "$WORK/target-b-tls-legacy.sh"
add_case 4-b-extra "target B, project projb-extra" \
  "tenantb projb-extra RegionTwo projb,projb-extra true http://127.0.0.1:$PORT_KS_B/v3/" \
  "$D/openrc-a.sh" "$WORK/target-b-extra-legacy.sh"
add_case 5-a "target A named explicitly" \
  "demo demo RegionOne,RegionOneMTLS,RegionOneTLS,RegionX demo true http://127.0.0.1:$PORT_KS_A/v3/" "$D/openrc-a.sh" "$WORK/target-a-legacy.sh"
add_case 6-target-os "TARGET_OS_* only (target-b.sh): python-mistralclient ignores that spelling, runs at home" \
  "$HOME_A" "$D/openrc-a.sh" "$D/target-b.sh"

keys=$(printf '%s\n' "${!LABEL[@]}" | sort)
for key in $keys; do
  mapfile -t files <<<"${FILES[$key]}"
  run_whoami "$WORK/$key" "${files[@]}" &
done
wait
for key in $keys; do
  got=$(cat "$WORK/$key/summary" 2>/dev/null || echo "no result")
  exec_id=$(cut -c1-8 "$WORK/$key/id" 2>/dev/null || echo "-")
  if [ "$got" = "${EXPECT[$key]}" ]; then
    result PASS "${LABEL[$key]}: exec $exec_id… -> $got"
  else
    result FAIL "${LABEL[$key]}: exec $exec_id… -> $got (expected: ${EXPECT[$key]})"
  fi
done

# --- TLS negative: a CA that did not sign Keystone B's certificate -------------------------------------
if out=$(with_env "$D/openrc-a.sh" "$WORK/target-b-tls-other-ca.sh" -- workflow-list 2>&1); then
  result FAIL "target B over HTTPS with other-ca.pem was accepted"
elif grep -qiE 'certificate verify failed|CERTIFICATE_VERIFY_FAILED|SSLError' <<<"$out"; then
  result PASS "target B over HTTPS with other-ca.pem rejected by the client: $(grep -oiE 'certificate verify failed[^)]*' <<<"$out" | head -1)"
else
  result FAIL "target B over HTTPS with other-ca.pem failed for another reason: $(tail -1 <<<"$out")"
fi

printf '%d passed, %d failed (%s s)\n' "$passed" "$failed" "$(elapsed_since "$T0")"
[ "$failed" -eq 0 ]

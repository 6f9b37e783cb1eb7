#!/usr/bin/env bash
# Brings up a real two-cloud OpenStack on 127.0.0.1, fresh in STACK_DIR, from the Debian release chosen
# by STACK_RELEASE (bookworm, the default: the host's Debian 12 packages; trixie: Debian 13's, from a root
# that stack/root.sh builds): RabbitMQ (+epmd), Keystone A (home cloud, RegionOne) with Mistral in its
# catalog, Keystone B (target cloud, RegionTwo) over HTTP and, through nginx with a private CA, over
# HTTPS, and Mistral (API, engine, executor) authenticating against A.
# Usage: stack/start.sh [STACK_DIR]     (default: $STACK_DIR, else REPO/.stack)
# Env:   STACK_RELEASE (bookworm | trixie), STACK_START_TIMEOUT (s, default 120 bookworm, 300 trixie), MISTRAL_UPSTREAM_FIXES=0
#        (stock Mistral 15, see stack/README.md), STACK_KEEP_ON_FAILURE=1 (leave whatever started running
#        when start-up fails, for debugging), STACK_KEYSTONE_PROCESSES (uwsgi processes per Keystone,
#        default 1; >1 turns Keystone's cache off), STACK_KEYSTONE_PASSWORD_ROUNDS (bcrypt's cost, default 4;
#        `default`: Keystone's own, 12), STACK_ROOT_CACHE (where roots are kept).
# One file per service in stack/lib/ (configure/start/stop functions), the facts in stack/lib/facts.py;
# see stack/README.md for ports, users and the files written.
set -euo pipefail

T0=$EPOCHREALTIME
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D=$(resolve_stack_dir "${1:-}")
MARKER=.mistral-cli-stack
PIDS=$D/pids
# Both also read ~/.curlrc and ~/.sqliterc of the user's passwd entry, whatever HOME says (strace).
curl() { command curl -q "$@"; }
sqlite3() { command sqlite3 -init /dev/null "$@"; }

# The servers and tools run with an environment of their own, so that nothing of the caller's reaches
# them: OS_* credentials, PYTHONPATH, proxies (std.http to 127.0.0.1 through a proxy), RABBITMQ_*/ERL_*,
# a PATH whose shims (pyenv, cargo) shadow Debian's uwsgi or keystone-manage, and a HOME whose files
# are read: ~/.keystone/keystone.conf.d, ~/.mistral/mistral.conf.d (oslo.config's default dirs),
# ~/.local/lib/python3.11 (Python's user site), ~/.cache/python-entrypoints (stevedore's cache),
# ~/.curlrc, ~/.sqliterc (seen with strace -f -e trace=%file over this script). HOME is DIR/home.
if [ "${STACK_CLEAN_ENV:-}" != "$D" ]; then
  keep=()
  for var in STACK_RELEASE STACK_ROOT_CACHE STACK_START_TIMEOUT STACK_STOP_TIMEOUT STACK_KEEP_ON_FAILURE \
             STACK_KEYSTONE_PROCESSES STACK_KEYSTONE_PASSWORD_ROUNDS MISTRAL_UPSTREAM_FIXES; do
    [ -z "${!var+set}" ] || keep+=("$var=${!var}")
  done
  exec env -i STACK_CLEAN_ENV="$D" PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$D/home" LANG=C.UTF-8 \
    "${keep[@]}" /bin/bash "$STACK_HOME/start.sh" "$D"
fi

source "$STACK_HOME/lib/releases.sh"
source "$STACK_HOME/lib/processes.sh"

# --- prerequisites ------------------------------------------------------------------------------------
if ! "$STACK_HOME/install.sh" >/dev/null; then
  die "Debian packages are missing and could not be installed; run stack/install.sh as root (see its message above)"
fi
for cmd in nginx epmd openssl curl sqlite3 setsid ps /usr/bin/python3 /usr/lib/rabbitmq/bin/rabbitmq-server; do
  command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' not found: run stack/install.sh (as root) first"
done
release_select "$D"
TIMEOUT=${STACK_START_TIMEOUT:-$(release_start_timeout "$STACK_RELEASE")}
for cmd in /usr/bin/keystone-manage /usr/bin/uwsgi /usr/bin/keystone-wsgi-public /usr/bin/mistral-server \
           /usr/lib/python3/dist-packages/mistral/cmd/launch.py; do
  [ -e "$STACK_ROOT$cmd" ] || die "$STACK_RELEASE's $cmd is missing: run stack/install.sh (as root) first"
done

# --- a stack already running here is stopped; a port held by anything else is an error -----------------
if [ -f "$PIDS" ]; then
  note "stopping the previous stack in $D"
  "$STACK_HOME/stop.sh" "$D" | sed 's/^/    /'
fi
busy=()
for port in "${STACK_PORTS[@]}"; do
  if port_open "$port"; then busy+=("127.0.0.1:$port $(port_owner "$port" | tr '\n' ' ')"); fi
done
if [ ${#busy[@]} -gt 0 ]; then
  printf 'start.sh: these ports are already taken by something that is not a stack of %s:\n' "$D" >&2
  printf '  %s\n' "${busy[@]}" >&2
  die "stop it (another STACK_DIR? then: stack/stop.sh THAT_DIR) and run start.sh again"
fi

# --- a fresh directory ----------------------------------------------------------------------------------
if [ -d "$D" ] && [ -n "$(ls -A "$D")" ] && [ ! -f "$D/$MARKER" ]; then
  die "$D exists, is not empty and was not made by start.sh: refusing to wipe it; pick another STACK_DIR"
fi
rm -rf "$D"
mkdir -p "$D"/{home,tmp}
echo "made by stack/start.sh, which deletes and recreates this directory on each run" >"$D/$MARKER"
: >"$PIDS"
# Relative paths of every tool and server resolve here, not in the caller's directory (Erlang, for one,
# looks for ./*.boot and ./*.beam first).
cd "$D"
trap processes_on_exit EXIT
DEADLINE=$((EPOCHSECONDS + TIMEOUT))

for service in tls rabbitmq keystone nginx mistral client-files; do
  source "$STACK_HOME/lib/$service.sh"
done
note "release $STACK_RELEASE${STACK_ROOT:+ (root $STACK_ROOT)}"

# --- configuration --------------------------------------------------------------------------------------
rabbitmq_configure
keystone_configure
mistral_configure
nginx_configure
tls_configure

# --- servers, and the slow one-off steps in parallel -------------------------------------------------------
note "starting epmd and RabbitMQ"
rabbitmq_start
note "keystone-manage db_sync, Mistral schema (in parallel)"
keystone_db_sync_begin
mistral_init_db_begin
nginx_start
keystone_start
mistral_start
keystone_seed

# --- everything answers --------------------------------------------------------------------------------
mistral_wait
nginx_wait
rabbitmq_wait
record_children
ports_held_by_stack
note "all servers answer, each on its own port"

# --- env files and stack.json ------------------------------------------------------------------------
client_files_write

trap - EXIT
cat <<EOF
Release     $CLIENT_RELEASE_SUMMARY
            run-time patch: $(p=$(mistral_patch); echo "${p:-none}")
Keystone A  http://127.0.0.1:$PORT_KS_A/v3 (RegionOne)    Mistral http://127.0.0.1:$PORT_MISTRAL/v2
            https://127.0.0.1:$PORT_KS_A_TLS/v3 (RegionOneTLS)  Mistral https://127.0.0.1:$PORT_MISTRAL_TLS/v2   (CA $D/tls/home-ca.pem)
            https://127.0.0.1:$PORT_HOME_MTLS/v3 and /v2 (RegionOneMTLS, client certificate $D/tls/home-client.pem)
Keystone B  http://127.0.0.1:$PORT_KS_B/v3 and https://127.0.0.1:$PORT_KS_B_TLS/v3 (RegionTwo, CA $D/tls/target-ca.pem)
            http://127.0.0.1:$PORT_KS_B_RAW/v3 (the same cloud B, uwsgi without Connection: close)
Env files   $D/{openrc-a,openrc-a-admin,openrc-a-tls,openrc-a-mtls,openrc-b,openrc-b-horizon,target-b,target-b-legacy,target-b-tls,target-b-raw,target-b-extra,target-a}.sh
Clouds      $D/clouds.yaml (stack-a, stack-a-admin, stack-a-tls, stack-a-mtls, stack-b, stack-b-extra, stack-b-tls, stack-b-raw) + secure.yaml
Facts       $D/stack.json      Stop: stack/stop.sh $D
EOF
printf 'stack up in %s s\n' "$(elapsed_since "$T0")"

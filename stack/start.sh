#!/usr/bin/env bash
# Brings up a real two-cloud OpenStack on 127.0.0.1 from Debian 12 packages, fresh in STACK_DIR:
#   RabbitMQ (+epmd), Keystone A (home cloud, RegionOne) with Mistral in its catalog, Keystone B (target
#   cloud, RegionTwo) over HTTP and, through nginx with a private CA, over HTTPS, and Mistral 15 (API,
#   engine, executor) authenticating against A.
# Usage: stack/start.sh [STACK_DIR]     (default: $STACK_DIR, else REPO/.stack)
# Env:   STACK_START_TIMEOUT (s, default 120), MISTRAL_UPSTREAM_FIXES=0 (stock Mistral, see README),
#        STACK_KEEP_ON_FAILURE=1 (leave whatever started running when start-up fails, for debugging),
#        STACK_KEYSTONE_PROCESSES (uwsgi processes per Keystone, default 1; >1 turns Keystone's cache off).
# See stack/README.md for ports, users and the files written.
set -euo pipefail

T0=$EPOCHREALTIME
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D=$(resolve_stack_dir "${1:-}")
TIMEOUT=${STACK_START_TIMEOUT:-120}
MARKER=.mistral-cli-stack
PIDS=$D/pids

note() { printf '[%5ss] %s\n' "$(elapsed_since "$T0")" "$*"; }
die() { printf 'start.sh: %s\n' "$*" >&2; exit 1; }
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
  for var in STACK_START_TIMEOUT STACK_STOP_TIMEOUT STACK_KEEP_ON_FAILURE STACK_KEYSTONE_PROCESSES \
             MISTRAL_UPSTREAM_FIXES; do
    [ -z "${!var+set}" ] || keep+=("$var=${!var}")
  done
  exec env -i STACK_CLEAN_ENV="$D" PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$D/home" LANG=C.UTF-8 \
    "${keep[@]}" /bin/bash "$STACK_HOME/start.sh" "$D"
fi

# --- prerequisites ------------------------------------------------------------------------------------
if ! "$STACK_HOME/install.sh" >/dev/null; then
  die "Debian packages are missing and could not be installed; run stack/install.sh as root (see its message above)"
fi
for cmd in keystone-manage uwsgi nginx epmd openssl curl sqlite3 setsid ps /usr/bin/python3 \
           /usr/lib/rabbitmq/bin/rabbitmq-server /usr/bin/keystone-wsgi-public; do
  command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' not found: run stack/install.sh (as root) first"
done
[ -f /usr/lib/python3/dist-packages/mistral/cmd/launch.py ] \
  || die "Debian's Mistral (python3-mistral) is missing: run stack/install.sh (as root) first"

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
# conf.d: each server gets --config-dir (empty), so oslo.config never reads its default *.conf.d dirs
# (~/.keystone/keystone.conf.d, /etc/keystone/keystone.conf.d, /etc/keystone.conf.d, ...: oslo_config/cfg.py
# find_config_dirs, parsed even when --config-file is given). policy.d: empty, see the configs below.
mkdir -p "$D"/{ks-a,ks-b}/{log,fernet-keys,credential-keys,conf.d,policy.d,domains,jws-keys/private,jws-keys/public} \
         "$D"/ks-b-raw/log "$D"/mistral/{log,conf.d,policy.d,lock} "$D"/rabbit/{log,mnesia,conf.d,ebin} "$D"/nginx/{log,tmp} "$D"/tls \
         "$D"/home
chmod 700 "$D"/ks-a/{fernet-keys,credential-keys} "$D"/ks-b/{fernet-keys,credential-keys}
echo "made by stack/start.sh, which deletes and recreates this directory on each run" >"$D/$MARKER"
: >"$PIDS"
# Relative paths of every tool and server resolve here, not in the caller's directory (Erlang, for one,
# looks for ./*.boot and ./*.beam first).
cd "$D"

declare -A SVC_PID=()
LAUNCHED=0
HELPERS=()

# Stops whatever was started when start-up fails (unless STACK_KEEP_ON_FAILURE=1).
on_exit() {
  local rc=$?
  [ "$rc" -eq 0 ] && return
  local pid
  for pid in "${HELPERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ "$LAUNCHED" = 1 ]; then
    if [ "${STACK_KEEP_ON_FAILURE:-0}" = 1 ]; then
      echo "start.sh: STACK_KEEP_ON_FAILURE=1: leaving the started processes; stop them with stack/stop.sh $D" >&2
    else
      echo "start.sh: stopping what was started (STACK_KEEP_ON_FAILURE=1 keeps it)" >&2
      "$STACK_HOME/stop.sh" "$D" >&2 || true
    fi
  fi
  exit "$rc"
}
trap on_exit EXIT

# Log files of each service, shown when it does not come up.
service_logs() {
  case $1 in
    rabbit) echo "$D/rabbit/stdout.log"; ls "$D"/rabbit/log/*.log 2>/dev/null || true ;;
    epmd) echo "$D/rabbit/epmd.log" ;;
    keystone-a) echo "$D/ks-a/log/manage.log" "$D/ks-a/log/seed.log" "$D/ks-a/log/uwsgi.log" "$D/ks-a/log/keystone.log" ;;
    keystone-b) echo "$D/ks-b/log/manage.log" "$D/ks-b/log/seed.log" "$D/ks-b/log/uwsgi.log" "$D/ks-b/log/keystone.log" ;;
    keystone-b-raw) echo "$D/ks-b-raw/log/uwsgi.log" "$D/ks-b-raw/log/keystone.log" ;;
    nginx) echo "$D/nginx/log/stdout.log" "$D/nginx/log/error.log" "$D/tls/openssl.log" ;;
    mistral) echo "$D/mistral/log/init.log" "$D/mistral/log/stdout.log" "$D/mistral/log/mistral.log" ;;
  esac
}

fail() { # service message
  local service=$1 file
  printf 'start.sh: %s: %s\n' "$service" "$2" >&2
  for file in $(service_logs "$service"); do
    [ -s "$file" ] || continue
    printf -- '--- last 30 lines of %s ---\n' "$file" >&2
    tail -n 30 "$file" >&2
  done
  exit 1
}

# Starts a server in a session of its own, in its own directory, and records it. The command must not
# fork itself away. (The subshell execs setsid, which execs the command: $! is the server's PID.)
launch() { # name directory logfile command...
  local name=$1 dir=$2 log=$3
  shift 3
  (cd "$dir" && exec setsid "$@" </dev/null >>"$log" 2>&1) &
  local pid=$!
  SVC_PID[$name]=$pid
  LAUNCHED=1
  printf '%s %s %s\n' "$name" "$pid" "$(proc_start "$pid" || echo 0)" >>"$PIDS"
}

alive() { # service: its recorded process exists and is not a zombie
  local pid=${SVC_PID[$1]:-} stat
  [ -n "$pid" ] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*') '}
  [ "${stat:0:1}" != Z ]
}

DEADLINE=$((EPOCHSECONDS + TIMEOUT))
wait_for() { # service description command...
  local service=$1 what=$2
  shift 2
  until "$@"; do
    alive "$service" || fail "$service" "$what: the server exited"
    ((EPOCHSECONDS < DEADLINE)) || fail "$service" "$what: no answer within ${TIMEOUT}s"
    sleep 0.2
  done
}

http_status_is() { # code url [curl options]
  local want=$1 url=$2
  shift 2
  [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" "$url" 2>/dev/null)" = "$want" ]
}

fernet_key() { openssl rand -base64 32 | tr '+/' '-_'; }

# --- configuration ----------------------------------------------------------------------------------
# One uwsgi process per Keystone with Keystone's in-process cache: an authenticated request takes ~10 ms
# instead of ~200 ms (uncached, each token validation costs ~200 SQL queries on SQLite). The cache lives
# in each process, so with STACK_KEYSTONE_PROCESSES > 1 it is turned off to keep the workers coherent.
KS_PROCESSES=${STACK_KEYSTONE_PROCESSES:-1}
if [ "$KS_PROCESSES" = 1 ]; then
  KS_CACHE=$'enabled = true\nbackend = dogpile.cache.memory'
else
  KS_CACHE='enabled = false'
fi
write_keystone_conf() { # dir
  local dir=$1
  cat >"$dir/keystone.conf" <<EOF
[DEFAULT]
log_dir = $dir/log
log_file = keystone.log
debug = false

[database]
connection = sqlite:///$dir/keystone.db

[fernet_tokens]
key_repository = $dir/fernet-keys

[credential]
key_repository = $dir/credential-keys
# Keystone 22 decrypts the memoized list of a user's credentials in place (keystone/credential/core.py
# list_credentials_for_user), so with the in-process cache the second TOTP login of a user fails with
# KeyError 'encrypted_blob' and the uwsgi worker dies.
caching = false

[fernet_receipts]
# Default /etc/keystone/fernet-keys/: absent on a fresh machine, and bootstrap fails without it.
key_repository = $dir/fernet-keys

# Every other option whose default is a path under /etc/keystone (keystone/conf/*.py) or a file that
# oslo.config's find_file() looks up in ~/.keystone, ~ and /etc/keystone, even where this stack does not
# use the feature: a leftover there must never be read. Checked by test/e2e/isolation.test.ts.
[jwt_tokens]
jws_private_key_repository = $dir/jws-keys/private
jws_public_key_repository = $dir/jws-keys/public

[identity]
domain_config_dir = $dir/domains
# bcrypt's minimum cost: a password check takes a few ms instead of ~300 ms (a test stack, not production).
password_hash_rounds = 4

[saml]
certfile = $dir/saml/signing_cert.pem
keyfile = $dir/saml/signing_key.pem
idp_metadata_path = $dir/saml/idp_metadata.xml

[federation]
sso_callback_template = $dir/sso_callback_template.html

[oslo_policy]
# Defaults policy.yaml and policy.d, found through find_file(): Debian's
# /etc/keystone/policy.d/00_default_policy.yaml and whatever else lies there.
policy_file = $dir/policy.yaml
policy_dirs = $dir/policy.d

[oslo_middleware]
http_basic_auth_user_file = $dir/htpasswd
# Behind nginx (https), version discovery builds its links from X-Forwarded-Proto and Host, so
# GET https://127.0.0.1:<tls port>/v3 links to itself; the plain http ports keep http links
# (public_endpoint would force one URL on both).
enable_proxy_headers_parsing = true

[auth]
# Keystone's default methods plus totp (stack/seed-auth-methods.py seeds application credentials and
# users with multi-factor rules).
methods = external,password,token,oauth1,mapped,application_credential,totp

[token]
provider = fernet
expiration = 7200

[catalog]
driver = sql
# Read only by the templated catalog driver; default default_catalog.templates, found through find_file().
template_file = $dir/default_catalog.templates

[cache]
$KS_CACHE

EOF
  printf '# empty: the in-code default rules\n{}\n' >"$dir/policy.yaml"
  # What keystone-manage fernet_setup / credential_setup would write (two Fernet keys: staged 0, primary 1),
  # minus two Python start-ups of ~1.5 s each.
  local repo n
  for repo in fernet-keys credential-keys; do
    for n in 0 1; do
      (umask 077 && fernet_key >"$dir/$repo/$n")
    done
  done
}

write_uwsgi_ini() { # dir port [raw]   raw: without the Connection: close workaround (see below)
  local header=$'# http-socket closes the connection after each response without saying so; keep-alive clients would\n# reuse a dead socket (RemoteDisconnected, ECONNRESET).\nadd-header = Connection: close'
  [ "${3:-}" != raw ] || header='# No "add-header = Connection: close": this instance shows clients what a stock uwsgi http-socket does.'
  cat >"$1/uwsgi.ini" <<EOF
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:$2
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_DIR=$1
# sys.argv of the app: keystone.server.configure() parses it, and an explicit --config-dir keeps oslo.config
# from reading its default keystone.conf.d dirs (see the mkdir of conf.d).
pyargv = --config-dir $1/conf.d
# SQLite: one thread per process (its objects are bound to their thread) and WAL (see bootstrap).
master = true
processes = $KS_PROCESSES
threads = 1
enable-threads = true
lazy-apps = true
need-app = true
die-on-term = true
buffer-size = 65535
listen = 64
$header
chdir = $1
logto = $1/log/uwsgi.log
EOF
}

write_keystone_conf "$D/ks-a"
write_keystone_conf "$D/ks-b"
write_uwsgi_ini "$D/ks-a" "$PORT_KS_A"
write_uwsgi_ini "$D/ks-b" "$PORT_KS_B"
# Keystone B once more, on its own port and without the Connection: close header: the client must cope
# with a Keystone that closes a kept-alive connection after each answer without saying so (uwsgi's
# http-socket, a common deployment). Same database and keys as B (tokens are interchangeable); only
# the log directory differs.
sed "s#^log_dir = .*#log_dir = $D/ks-b-raw/log#" "$D/ks-b/keystone.conf" >"$D/ks-b-raw/keystone.conf"
write_uwsgi_ini "$D/ks-b-raw" "$PORT_KS_B_RAW" raw
sed -i "s#^env = OS_KEYSTONE_CONFIG_DIR=.*#env = OS_KEYSTONE_CONFIG_DIR=$D/ks-b-raw#; s#^pyargv = .*#pyargv = --config-dir $D/ks-b/conf.d#" \
  "$D/ks-b-raw/uwsgi.ini"

cat >"$D/rabbit/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$PORT_RABBIT
loopback_users.guest = true
EOF
echo '[].' >"$D/rabbit/enabled_plugins"
: >"$D/rabbit/rabbitmq-env.conf"
: >"$D/rabbit/motd"

# YAML, not the JSON "{}" (oslo.policy warns that JSON policy files are deprecated).
printf '# empty: the in-code default rules\n{}\n' >"$D/mistral/policy.yaml"
cat >"$D/mistral/mistral.conf" <<EOF
[DEFAULT]
transport_url = rabbit://guest:guest@127.0.0.1:$PORT_RABBIT/
log_dir = $D/mistral/log
log_file = mistral.log
debug = false
auth_type = keystone
# stop.sh: the stock 5 s are spent waiting whatever runs; this stack is thrown away after each run.
graceful_shutdown_timeout = 1
# oslo.service.wsgi's default api-paste.ini is looked up through find_file() (~/.mistral, ~, /etc/mistral);
# Mistral's API (pecan) does not load it, but a leftover must not be found either.
api_paste_config = $D/mistral/api-paste.ini

[api]
host = 127.0.0.1
port = $PORT_MISTRAL
api_workers = 1

[database]
connection = sqlite:///$D/mistral/mistral.db

[pecan]
auth_enable = true

[keystone_authtoken]
# Becomes \$.openstack.auth_uri of executions without a target.
www_authenticate_uri = http://127.0.0.1:$PORT_KS_A/v3
auth_url = http://127.0.0.1:$PORT_KS_A/v3
auth_type = password
username = mistral
password = mistral-svc-secret
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = RegionOne

[oslo_policy]
# Otherwise oslo.policy finds /etc/mistral/policy.json; an empty map means the in-code defaults.
policy_file = $D/mistral/policy.yaml
# Default policy.d, looked up like policy_file (~/.mistral, ~, /etc/mistral).
policy_dirs = $D/mistral/policy.d

[event_engine]
# Default /etc/mistral/event_definitions.yaml, read by the event engine (--server all runs it) if it exists.
event_definitions_cfg_file = $D/mistral/event_definitions.yaml

[oslo_concurrency]
# Default \$OSLO_LOCK_PATH; mistral/service/coordination.py takes lockutils locks.
lock_path = $D/mistral/lock

[oslo_middleware]
http_basic_auth_user_file = $D/mistral/htpasswd

[cron_trigger]
enabled = false
EOF

# A TLS front: proxy_pass to a plain port, with the headers from which Keystone's version discovery
# builds its links (oslo_middleware enable_proxy_headers_parsing), so https://.../v3 links to itself.
proxy_location() { # path upstream-port
  cat <<EOF
    location $1 {
      proxy_pass http://127.0.0.1:$2;
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
EOF
}
tls_server() { # port certificate-name [extra directives]
  cat <<EOF
  server {
    listen 127.0.0.1:$1 ssl;
    server_name 127.0.0.1 localhost;
    ssl_certificate $D/tls/$2.pem;
    ssl_certificate_key $D/tls/$2-key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
${3:-}
EOF
}
cat >"$D/nginx/nginx.conf" <<EOF
# Debian's nginx (nginx-light) as the TLS front of Keystone B (target CA) and of Keystone A and Mistral
# (home CA); runs in the foreground under setsid.
$( [ "$(id -u)" = 0 ] && echo "user root;  # workers read nothing outside $D; keeps the temp dirs writable" )
daemon off;
worker_processes 1;
# Every path nginx -V compiles in (/run/nginx.pid, /var/lock/nginx.lock, /var/log/nginx, /var/lib/nginx/*)
# is set here or by -p/-e: a fresh machine without /var/lib/nginx must work.
pid $D/nginx/nginx.pid;
lock_file $D/nginx/nginx.lock;
error_log $D/nginx/log/error.log warn;
events { worker_connections 256; }
http {
  access_log $D/nginx/log/access.log;
  client_body_temp_path $D/nginx/tmp/client_body;
  proxy_temp_path $D/nginx/tmp/proxy;
  fastcgi_temp_path $D/nginx/tmp/fastcgi;
  uwsgi_temp_path $D/nginx/tmp/uwsgi;
  scgi_temp_path $D/nginx/tmp/scgi;
  # Keystone B, the target cloud, with the target CA.
$(tls_server "$PORT_KS_B_TLS" keystone-b)
$(proxy_location / "$PORT_KS_B")
  }
  # The home cloud with the home CA: Keystone A, and Mistral.
$(tls_server "$PORT_KS_A_TLS" home-server)
$(proxy_location / "$PORT_KS_A")
  }
$(tls_server "$PORT_MISTRAL_TLS" home-server)
$(proxy_location / "$PORT_MISTRAL")
  }
  # Both again, only for a client certificate that the home CA signed: without one nginx answers
  # 400 "No required SSL certificate was sent", with another CA's 400 "The SSL certificate error".
$(tls_server "$PORT_HOME_MTLS" home-server "    ssl_client_certificate $D/tls/home-ca.pem;
    ssl_verify_client on;")
$(proxy_location /v3 "$PORT_KS_A")
$(proxy_location / "$PORT_MISTRAL")
  }
}
EOF

# --- the private CAs and Keystone B's certificate -------------------------------------------------------
make_tls() {
  local t=$D/tls
  ca() { # name common-name
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
      -keyout "$t/$1-key.pem" -out "$t/$1.pem" -subj "/O=mistral-cli test stack/CN=$2" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  }
  leaf() { # name signing-ca common-name extendedKeyUsage [subjectAltName]
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
      -keyout "$t/$1-key.pem" -out "$t/$1.csr" -subj "/O=mistral-cli test stack/CN=$3"
    printf '%s\n' "basicConstraints = critical, CA:FALSE" "keyUsage = critical, digitalSignature" \
      "extendedKeyUsage = $4" "subjectKeyIdentifier = hash" "authorityKeyIdentifier = keyid" >"$t/$1.ext"
    [ -z "${5:-}" ] || printf 'subjectAltName = %s\n' "$5" >>"$t/$1.ext"
    openssl x509 -req -in "$t/$1.csr" -CA "$t/$2.pem" -CAkey "$t/$2-key.pem" \
      -set_serial "0x$(openssl rand -hex 16)" -days 365 -extfile "$t/$1.ext" -out "$t/$1.pem"
    openssl verify -CAfile "$t/$2.pem" "$t/$1.pem"
  }
  ca target-ca "Target cloud test CA"
  ca home-ca "Home cloud test CA"
  ca other-ca "Unrelated test CA (signs nothing of this stack)"
  leaf keystone-b target-ca 127.0.0.1 serverAuth "IP:127.0.0.1, DNS:localhost"
  leaf home-server home-ca 127.0.0.1 serverAuth "IP:127.0.0.1, DNS:localhost"
  leaf home-client home-ca "mistral-cli test client" clientAuth
  chmod 600 "$t"/*-key.pem
}
make_tls >"$D/tls/openssl.log" 2>&1 || fail nginx "openssl could not make the certificates"

# --- servers, and the slow one-off steps in parallel -------------------------------------------------------
note "starting epmd and RabbitMQ"
launch epmd "$D/rabbit" "$D/rabbit/epmd.log" epmd -address 127.0.0.1 -port "$PORT_EPMD"
# Debian's defaults (rabbitmq-defaults, rabbit_env.beam) point into /etc/rabbitmq, /var/lib/rabbitmq and
# /var/log/rabbitmq: every one of them is set here. HOME holds the Erlang cookie; an Erlang crash dump
# goes to ERL_CRASH_DUMP instead of the current directory. rabbitmq-server passes `-pa
# "$RABBITMQ_SERVER_CODE_PATH"` to erl: empty, it makes Erlang look for every module as /<module>.beam first.
launch rabbit "$D/rabbit" "$D/rabbit/stdout.log" env HOME="$D/rabbit" \
  RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$PORT_RABBIT" \
  RABBITMQ_DIST_PORT="$PORT_RABBIT_DIST" RABBITMQ_MNESIA_BASE="$D/rabbit/mnesia" \
  RABBITMQ_LOG_BASE="$D/rabbit/log" RABBITMQ_CONFIG_FILE="$D/rabbit/rabbitmq" \
  RABBITMQ_CONF_ENV_FILE="$D/rabbit/rabbitmq-env.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$D/rabbit/enabled_plugins" \
  RABBITMQ_ADVANCED_CONFIG_FILE="$D/rabbit/advanced.config" RABBITMQ_CONFIG_FILES="$D/rabbit/conf.d" \
  RABBITMQ_MOTD_FILE="$D/rabbit/motd" ERL_CRASH_DUMP="$D/rabbit/erl_crash.dump" \
  RABBITMQ_SERVER_CODE_PATH="$D/rabbit/ebin" \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
  ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$PORT_EPMD" \
  /usr/lib/rabbitmq/bin/rabbitmq-server

keystone_bootstrap() { # dir port region admin-password
  local url=http://127.0.0.1:$2/v3
  keystone-manage --config-file "$1/keystone.conf" --config-dir "$1/conf.d" bootstrap --bootstrap-password "$4" \
    --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
    --bootstrap-service-name keystone --bootstrap-region-id "$3" \
    --bootstrap-public-url "$url" --bootstrap-internal-url "$url" --bootstrap-admin-url "$url"
  # WAL: with several uwsgi processes (STACK_KEYSTONE_PROCESSES) rollback-journal mode meets
  # "database is locked".
  sqlite3 "$1/keystone.db" 'PRAGMA journal_mode=WAL;' >/dev/null
}
note "keystone-manage db_sync, Mistral schema (in parallel)"
# The empty schema is the same for both clouds (db_sync creates no ids): one db_sync, copied to B.
keystone-manage --config-file "$D/ks-a/keystone.conf" --config-dir "$D/ks-a/conf.d" db_sync >"$D/ks-a/log/manage.log" 2>&1 &
init_schema=$!
/usr/bin/python3 "$STACK_HOME/mistral-launcher.py" --init-db --config-file "$D/mistral/mistral.conf" \
  --config-dir "$D/mistral/conf.d" >"$D/mistral/log/init.log" 2>&1 &
init_m=$!
HELPERS+=("$init_schema" "$init_m")

launch nginx "$D/nginx" "$D/nginx/log/stdout.log" nginx -p "$D/nginx" -c "$D/nginx/nginx.conf" -e "$D/nginx/log/error.log"

wait "$init_schema" || fail keystone-a "keystone-manage db_sync failed"
cp "$D/ks-a/keystone.db" "$D/ks-b/keystone.db"
note "keystone-manage bootstrap for A and B (in parallel)"
keystone_bootstrap "$D/ks-a" "$PORT_KS_A" RegionOne adminA-secret >>"$D/ks-a/log/manage.log" 2>&1 &
init_a=$!
keystone_bootstrap "$D/ks-b" "$PORT_KS_B" RegionTwo adminB-secret >"$D/ks-b/log/manage.log" 2>&1 &
init_b=$!
HELPERS+=("$init_a" "$init_b")
wait "$init_a" || fail keystone-a "keystone-manage bootstrap failed"
launch keystone-a "$D/ks-a" "$D/ks-a/log/uwsgi.log" uwsgi --ini "$D/ks-a/uwsgi.ini"
wait "$init_b" || fail keystone-b "keystone-manage bootstrap failed"
launch keystone-b "$D/ks-b" "$D/ks-b/log/uwsgi.log" uwsgi --ini "$D/ks-b/uwsgi.ini"
launch keystone-b-raw "$D/ks-b-raw" "$D/ks-b-raw/log/uwsgi.log" uwsgi --ini "$D/ks-b-raw/uwsgi.ini"
note "Keystone A and B bootstrapped; uwsgi starting"
wait "$init_m" || fail mistral "schema creation (setup_db, stamp head, populate) failed"
launch mistral "$D/mistral" "$D/mistral/log/stdout.log" /usr/bin/python3 "$STACK_HOME/mistral-launcher.py" \
  --config-file "$D/mistral/mistral.conf" --config-dir "$D/mistral/conf.d" --server all
note "Mistral starting (upstream fixes: $([ "${MISTRAL_UPSTREAM_FIXES:-1}" = 0 ] && echo off || echo on))"

# --- users, projects and catalog, through each Keystone's API with its admin token -------------------------
ks_token() { # base-url user password project body-file -> prints the token
  local headers token
  headers=$(curl -sS -m 30 -D - -o "$5" -H 'Content-Type: application/json' --data-binary \
    "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"$2\",
      \"domain\": {\"id\": \"default\"}, \"password\": \"$3\"}}},
      \"scope\": {\"project\": {\"name\": \"$4\", \"domain\": {\"id\": \"default\"}}}}}" \
    "$1/v3/auth/tokens") || return 1
  token=$(printf '%s\n' "$headers" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }')
  [ -n "$token" ] || { echo "no token for $2 from $1: $(cat "$5")" >&2; return 1; }
  printf '%s\n' "$token"
}

# Shell assignments from a token body: user and project ids, and ROLE_<name>=<id> for its roles.
token_facts() {
  /usr/bin/python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["token"]
print("TOKEN_USER_ID=%s TOKEN_PROJECT_ID=%s" % (t["user"]["id"], t["project"]["id"]))
for r in t["roles"]:
    print("ROLE_%s=%s" % (r["name"], r["id"]))' "$1"
}

ks_api() { # base-url token method path [json] -> prints the body; fails on HTTP >= 300
  local args=(-sS -m 30 -X "$3" -H "X-Auth-Token: $2" -w '\n%{http_code}')
  [ -z "${5:-}" ] || args+=(-H 'Content-Type: application/json' --data-binary "$5")
  local out code
  out=$(curl "${args[@]}" "$1$4") || return 1
  code=${out##*$'\n'}
  if [ "$code" -ge 300 ]; then
    echo "$3 $1$4 -> HTTP $code: ${out%$'\n'*}" >&2
    return 1
  fi
  printf '%s\n' "${out%$'\n'*}"
}

ks_create() { # base-url token collection json -> prints the new id (the only "id" key of the object)
  local body
  body=$(ks_api "$1" "$2" POST "/v3/$3" "$4") || return 1
  [[ $body =~ \"id\":\ ?\"([^\"]+)\" ]] || { echo "no id in: $body" >&2; return 1; }
  printf '%s\n' "${BASH_REMATCH[1]}"
}

seed_a() {
  local base=http://127.0.0.1:$PORT_KS_A tok svc identity_svc iface demo_p service_p service_r demo_u mistral_u
  local TOKEN_USER_ID TOKEN_PROJECT_ID ROLE_admin ROLE_member ROLE_reader
  tok=$(ks_token "$base" admin adminA-secret admin "$D/ks-a/log/admin-token.json")
  eval "$(token_facts "$D/ks-a/log/admin-token.json")"
  demo_p=$(ks_create "$base" "$tok" projects \
    '{"project": {"name": "demo", "domain_id": "default", "description": "cloud A tenant"}}')
  service_p=$(ks_create "$base" "$tok" projects \
    '{"project": {"name": "service", "domain_id": "default", "description": "service users"}}')
  service_r=$(ks_create "$base" "$tok" roles '{"role": {"name": "service"}}')
  demo_u=$(ks_create "$base" "$tok" users "{\"user\": {\"name\": \"demo\", \"password\": \"demoA-secret\",
    \"domain_id\": \"default\", \"default_project_id\": \"$demo_p\"}}")
  mistral_u=$(ks_create "$base" "$tok" users "{\"user\": {\"name\": \"mistral\",
    \"password\": \"mistral-svc-secret\", \"domain_id\": \"default\", \"default_project_id\": \"$service_p\"}}")
  ks_api "$base" "$tok" PUT "/v3/projects/$demo_p/users/$demo_u/roles/$ROLE_member" >/dev/null
  ks_api "$base" "$tok" PUT "/v3/projects/$service_p/users/$mistral_u/roles/$ROLE_admin" >/dev/null
  ks_api "$base" "$tok" PUT "/v3/projects/$service_p/users/$mistral_u/roles/$service_r" >/dev/null
  svc=$(ks_create "$base" "$tok" services \
    '{"service": {"type": "workflowv2", "name": "mistral", "description": "Workflow Service"}}')
  for iface in public internal admin; do
    ks_create "$base" "$tok" endpoints "{\"endpoint\": {\"service_id\": \"$svc\", \"interface\": \"$iface\",
      \"region_id\": \"RegionOne\", \"url\": \"http://127.0.0.1:$PORT_MISTRAL/v2\"}}" >/dev/null
  done
  ks_create "$base" "$tok" regions \
    '{"region": {"id": "RegionX", "description": "workflowv2 endpoints where nothing listens"}}' >/dev/null
  ks_create "$base" "$tok" endpoints "{\"endpoint\": {\"service_id\": \"$svc\", \"interface\": \"public\",
    \"region_id\": \"RegionX\", \"url\": \"http://127.0.0.1:$PORT_REGIONX_PUBLIC/v2\"}}" >/dev/null
  ks_create "$base" "$tok" endpoints "{\"endpoint\": {\"service_id\": \"$svc\", \"interface\": \"internal\",
    \"region_id\": \"RegionX\", \"url\": \"http://127.0.0.1:$PORT_REGIONX_INTERNAL/v2\"}}" >/dev/null
  # The home cloud over HTTPS (nginx, home CA), each in a region of its own so that RegionOne keeps
  # its http endpoints: identity and workflowv2 on every interface.
  identity_svc=$(ks_api "$base" "$tok" GET "/v3/services?type=identity" | /usr/bin/python3 -c '
import json, sys
print(json.load(sys.stdin)["services"][0]["id"])')
  local region ks_url wf_url
  for region in RegionOneTLS RegionOneMTLS; do
    if [ "$region" = RegionOneTLS ]; then
      ks_url=https://127.0.0.1:$PORT_KS_A_TLS/v3 wf_url=https://127.0.0.1:$PORT_MISTRAL_TLS/v2
    else
      ks_url=https://127.0.0.1:$PORT_HOME_MTLS/v3 wf_url=https://127.0.0.1:$PORT_HOME_MTLS/v2
    fi
    ks_create "$base" "$tok" regions "{\"region\": {\"id\": \"$region\",
      \"description\": \"cloud A over HTTPS with the home CA$([ "$region" = RegionOneMTLS ] && echo ', client certificate required')\"}}" >/dev/null
    for iface in public internal admin; do
      ks_create "$base" "$tok" endpoints "{\"endpoint\": {\"service_id\": \"$identity_svc\", \"interface\": \"$iface\",
        \"region_id\": \"$region\", \"url\": \"$ks_url\"}}" >/dev/null
      ks_create "$base" "$tok" endpoints "{\"endpoint\": {\"service_id\": \"$svc\", \"interface\": \"$iface\",
        \"region_id\": \"$region\", \"url\": \"$wf_url\"}}" >/dev/null
    done
  done
  printf '%s\n' "A_ADMIN_USER_ID=$TOKEN_USER_ID" "A_ADMIN_PROJECT_ID=$TOKEN_PROJECT_ID" \
    "A_DEMO_USER_ID=$demo_u" "A_DEMO_PROJECT_ID=$demo_p" "A_MISTRAL_USER_ID=$mistral_u" \
    "A_SERVICE_PROJECT_ID=$service_p" "A_WORKFLOW_SERVICE_ID=$svc" >"$D/ks-a/ids.sh"
}

seed_b() {
  local base=http://127.0.0.1:$PORT_KS_B tok projb extra tenant_u
  local TOKEN_USER_ID TOKEN_PROJECT_ID ROLE_admin ROLE_member ROLE_reader
  tok=$(ks_token "$base" admin adminB-secret admin "$D/ks-b/log/admin-token.json")
  eval "$(token_facts "$D/ks-b/log/admin-token.json")"
  projb=$(ks_create "$base" "$tok" projects \
    '{"project": {"name": "projb", "domain_id": "default", "description": "cloud B tenant"}}')
  extra=$(ks_create "$base" "$tok" projects \
    '{"project": {"name": "projb-extra", "domain_id": "default", "description": "second project of tenantb"}}')
  tenant_u=$(ks_create "$base" "$tok" users "{\"user\": {\"name\": \"tenantb\", \"password\": \"tenantB-secret\",
    \"domain_id\": \"default\", \"default_project_id\": \"$projb\"}}")
  ks_api "$base" "$tok" PUT "/v3/projects/$projb/users/$tenant_u/roles/$ROLE_member" >/dev/null
  ks_api "$base" "$tok" PUT "/v3/projects/$extra/users/$tenant_u/roles/$ROLE_member" >/dev/null
  printf '%s\n' "B_ADMIN_USER_ID=$TOKEN_USER_ID" "B_ADMIN_PROJECT_ID=$TOKEN_PROJECT_ID" \
    "B_TENANTB_USER_ID=$tenant_u" "B_PROJB_ID=$projb" "B_PROJB_EXTRA_ID=$extra" >"$D/ks-b/ids.sh"
}

wait_for keystone-a "Keystone A (GET http://127.0.0.1:$PORT_KS_A/v3)" \
  http_status_is 200 "http://127.0.0.1:$PORT_KS_A/v3"
seed_a >"$D/ks-a/log/seed.log" 2>&1 &
seeding_a=$!
HELPERS+=("$seeding_a")
note "Keystone A answers; seeding it"
wait_for keystone-b "Keystone B (GET http://127.0.0.1:$PORT_KS_B/v3)" \
  http_status_is 200 "http://127.0.0.1:$PORT_KS_B/v3"
seed_b >"$D/ks-b/log/seed.log" 2>&1 &
seeding_b=$!
HELPERS+=("$seeding_b")
note "Keystone B answers; seeding it"
wait "$seeding_a" || fail keystone-a "seeding users, projects and catalog failed"
wait "$seeding_b" || fail keystone-b "seeding users and projects failed"
note "Keystone A and B seeded"
/usr/bin/python3 "$STACK_HOME/seed-auth-methods.py" "$D" "http://127.0.0.1:$PORT_KS_A" "http://127.0.0.1:$PORT_KS_B" >>"$D/ks-a/log/seed.log" 2>&1 || fail keystone-a "seeding application credentials and multi-factor users failed (stack/seed-auth-methods.py)"

# --- everything answers --------------------------------------------------------------------------------
wait_for nginx "Keystone B over HTTPS (GET https://127.0.0.1:$PORT_KS_B_TLS/v3 with tls/target-ca.pem)" \
  http_status_is 200 "https://127.0.0.1:$PORT_KS_B_TLS/v3" --cacert "$D/tls/target-ca.pem"
wait_for mistral "Mistral (GET http://127.0.0.1:$PORT_MISTRAL/)" \
  http_status_is 200 "http://127.0.0.1:$PORT_MISTRAL/"
wait_for keystone-b-raw "Keystone B without Connection: close (GET http://127.0.0.1:$PORT_KS_B_RAW/v3)" \
  http_status_is 200 "http://127.0.0.1:$PORT_KS_B_RAW/v3"
HOME_CA=(--cacert "$D/tls/home-ca.pem")
HOME_CLIENT=("${HOME_CA[@]}" --cert "$D/tls/home-client.pem" --key "$D/tls/home-client-key.pem")
wait_for nginx "Keystone A over HTTPS (GET https://127.0.0.1:$PORT_KS_A_TLS/v3 with tls/home-ca.pem)" \
  http_status_is 200 "https://127.0.0.1:$PORT_KS_A_TLS/v3" "${HOME_CA[@]}"
wait_for nginx "Mistral over HTTPS (GET https://127.0.0.1:$PORT_MISTRAL_TLS/ with tls/home-ca.pem)" \
  http_status_is 200 "https://127.0.0.1:$PORT_MISTRAL_TLS/" "${HOME_CA[@]}"
wait_for nginx "the client-certificate port (GET https://127.0.0.1:$PORT_HOME_MTLS/v3 and /v2 with tls/home-client.pem)" \
  http_status_is 200 "https://127.0.0.1:$PORT_HOME_MTLS/v3" "${HOME_CLIENT[@]}"
http_status_is 400 "https://127.0.0.1:$PORT_HOME_MTLS/v3" "${HOME_CA[@]}" ||
  fail nginx "https://127.0.0.1:$PORT_HOME_MTLS/v3 answers without a client certificate"
wait_for rabbit "RabbitMQ (127.0.0.1:$PORT_RABBIT)" port_open "$PORT_RABBIT"
note "all servers answer"

check_self_link() { # who https-base curl-options...
  local who=$1 base=$2 self
  shift 2
  self=$(curl -s -m 5 "$@" "$base/v3")
  case $self in
    *"\"href\": \"$base/v3/\""*) ;;
    *) echo "start.sh: warning: $who behind nginx does not link to its https URL: $self" >&2 ;;
  esac
}
check_self_link "Keystone B" "https://127.0.0.1:$PORT_KS_B_TLS" --cacert "$D/tls/target-ca.pem"
check_self_link "Keystone A" "https://127.0.0.1:$PORT_KS_A_TLS" "${HOME_CA[@]}"
check_self_link "Keystone A (client certificate port)" "https://127.0.0.1:$PORT_HOME_MTLS" "${HOME_CLIENT[@]}"

# Children that leave the session (RabbitMQ's erl_child_setup, inet_gethost) are recorded for stop.sh.
for name in "${!SVC_PID[@]}"; do
  for pid in $(descendants "${SVC_PID[$name]}"); do
    printf '%s %s %s\n' "$name/child" "$pid" "$(proc_start "$pid" || echo 0)" >>"$PIDS"
  done
done

# --- env files and stack.json ------------------------------------------------------------------------
source "$D/ks-a/ids.sh"
source "$D/ks-b/ids.sh"

env_file() { # file comment KEY=VALUE...
  local file=$1 kv
  {
    printf '# %s\n# Written by stack/start.sh.\n' "$2"
    shift 2
    for kv in "$@"; do printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"; done
  } >"$file"
}
home_cloud() { # user password project [auth-url region]
  echo "OS_AUTH_URL=${4:-http://127.0.0.1:$PORT_KS_A/v3}" OS_IDENTITY_API_VERSION=3 "OS_USERNAME=$1" \
    "OS_PASSWORD=$2" "OS_PROJECT_NAME=$3" "OS_TENANT_NAME=$3" OS_USER_DOMAIN_NAME=Default \
    OS_PROJECT_DOMAIN_NAME=Default "OS_REGION_NAME=${5:-RegionOne}" OS_INTERFACE=public
}
target_os() { # auth-url user password project region
  echo "TARGET_OS_AUTH_URL=$1" "TARGET_OS_USERNAME=$2" "TARGET_OS_PASSWORD=$3" "TARGET_OS_PROJECT_NAME=$4" \
    TARGET_OS_USER_DOMAIN_NAME=Default TARGET_OS_PROJECT_DOMAIN_NAME=Default "TARGET_OS_REGION_NAME=$5"
}
KS_B=http://127.0.0.1:$PORT_KS_B/v3
KS_B_TLS=https://127.0.0.1:$PORT_KS_B_TLS/v3
KS_B_RAW=http://127.0.0.1:$PORT_KS_B_RAW/v3
env_file "$D/openrc-a.sh" "demo@A: the home cloud's tenant (Mistral is in A's catalog)." \
  $(home_cloud demo demoA-secret demo)
env_file "$D/openrc-a-admin.sh" "admin@A (needed e.g. for workflow-create --public)." \
  $(home_cloud admin adminA-secret admin)
KS_A_TLS=https://127.0.0.1:$PORT_KS_A_TLS/v3
KS_A_MTLS=https://127.0.0.1:$PORT_HOME_MTLS/v3
env_file "$D/openrc-a-tls.sh" \
  "demo@A over HTTPS with the home CA: Keystone A and (region RegionOneTLS) Mistral through nginx." \
  $(home_cloud demo demoA-secret demo "$KS_A_TLS" RegionOneTLS) "OS_CACERT=$D/tls/home-ca.pem"
env_file "$D/openrc-a-mtls.sh" \
  "demo@A through the port that requires a client certificate (region RegionOneMTLS: Keystone A and Mistral)." \
  $(home_cloud demo demoA-secret demo "$KS_A_MTLS" RegionOneMTLS) "OS_CACERT=$D/tls/home-ca.pem" \
  "OS_CERT=$D/tls/home-client.pem" "OS_KEY=$D/tls/home-client-key.pem"
env_file "$D/openrc-b.sh" "tenantb@B as a cloud of its own (no Mistral there); do not combine with openrc-a.sh." \
  "OS_AUTH_URL=$KS_B" OS_IDENTITY_API_VERSION=3 OS_USERNAME=tenantb OS_PASSWORD=tenantB-secret \
  OS_PROJECT_NAME=projb OS_TENANT_NAME=projb OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
  OS_REGION_NAME=RegionTwo OS_INTERFACE=public
env_file "$D/target-b.sh" "Source after openrc-a.sh: cloud B (tenantb/projb) as the target cloud, TARGET_OS_* spelling." \
  $(target_os "$KS_B" tenantb tenantB-secret projb RegionTwo)
env_file "$D/target-b-legacy.sh" \
  "Source after openrc-a.sh: cloud B as the target, python-mistralclient's OS_TARGET_* spelling only." \
  "OS_TARGET_AUTH_URL=$KS_B" OS_TARGET_USERNAME=tenantb OS_TARGET_PASSWORD=tenantB-secret \
  OS_TARGET_TENANT_NAME=projb OS_TARGET_USER_DOMAIN_NAME=Default OS_TARGET_PROJECT_DOMAIN_NAME=Default \
  OS_TARGET_REGION_NAME=RegionTwo
env_file "$D/target-b-tls.sh" "Source after openrc-a.sh: cloud B as the target over HTTPS (nginx, private CA)." \
  $(target_os "$KS_B_TLS" tenantb tenantB-secret projb RegionTwo) "TARGET_OS_CACERT=$D/tls/target-ca.pem"
env_file "$D/target-b-raw.sh" \
  "Source after openrc-a.sh: cloud B as the target through the Keystone B instance without Connection: close." \
  $(target_os "$KS_B_RAW" tenantb tenantB-secret projb RegionTwo)
env_file "$D/target-b-extra.sh" "Source after openrc-a.sh: cloud B as the target, tenantb on project projb-extra." \
  $(target_os "$KS_B" tenantb tenantB-secret projb-extra RegionTwo)
env_file "$D/target-a.sh" "Source after openrc-a.sh: cloud A itself (demo/demo) named as an explicit target." \
  $(target_os "http://127.0.0.1:$PORT_KS_A/v3" demo demoA-secret demo RegionOne)

# B's openrc as Horizon's "OpenStack RC File" download renders it (openstack/horizon
# openstack_dashboard/dashboards/project/api_access/templates/api_access/openrc.sh.template): no
# password, a prompt and `read -sr` instead.
cat >"$D/openrc-b-horizon.sh" <<EOF
#!/usr/bin/env bash

# Written by stack/start.sh in the shape of Horizon's openrc v3 download, for tenantb@B (projb).
# To use an OpenStack cloud you need to authenticate against the Identity
# service named keystone, which returns a **Token** and **Service Catalog**.
export OS_AUTH_URL="$KS_B"

# With the addition of Keystone we have standardized on the term **project**
# as the entity that owns the resources.
export OS_PROJECT_ID="$B_PROJB_ID"
export OS_PROJECT_NAME="projb"
export OS_USER_DOMAIN_NAME="Default"
if [ -z "\$OS_USER_DOMAIN_NAME" ]; then unset OS_USER_DOMAIN_NAME; fi
export OS_PROJECT_DOMAIN_ID="default"
if [ -z "\$OS_PROJECT_DOMAIN_ID" ]; then unset OS_PROJECT_DOMAIN_ID; fi

# unset v2.0 items in case set
unset OS_TENANT_ID
unset OS_TENANT_NAME

# In addition to the owning entity (tenant), OpenStack stores the entity
# performing the action as the **user**.
export OS_USERNAME="tenantb"

# With Keystone you pass the keystone password.
echo "Please enter your OpenStack Password for project \$OS_PROJECT_NAME as user \$OS_USERNAME: "
read -sr OS_PASSWORD_INPUT
export OS_PASSWORD="\$OS_PASSWORD_INPUT"

# If your configuration has multiple regions, we set that information here.
# OS_REGION_NAME is optional and only valid in certain environments.
export OS_REGION_NAME="RegionTwo"
# Don't leave a blank variable, unset it if it was empty
if [ -z "\$OS_REGION_NAME" ]; then unset OS_REGION_NAME; fi

export OS_INTERFACE=public
export OS_IDENTITY_API_VERSION=3
EOF

# clouds.yaml in openstacksdk's format without passwords (as Horizon's download leaves them out), and
# secure.yaml with only the passwords: openstacksdk deep-merges it over clouds.yaml.
yaml_str() { printf "'%s'" "${1//\'/\'\'}"; }
cloud_entry() { # name auth-url user project region [cacert [cert key]]
  printf '  %s:\n    auth_type: password\n    auth:\n' "$1"
  printf '      auth_url: %s\n      username: %s\n      project_name: %s\n' "$(yaml_str "$2")" "$3" "$4"
  printf '      user_domain_name: Default\n      project_domain_name: Default\n'
  printf '    region_name: %s\n    interface: public\n    identity_api_version: 3\n' "$5"
  [ -z "${6:-}" ] || printf '    cacert: %s\n' "$(yaml_str "$6")"
  [ -z "${7:-}" ] || printf '    cert: %s\n    key: %s\n' "$(yaml_str "$7")" "$(yaml_str "$8")"
}
secure_entry() { # name password
  printf '  %s:\n    auth:\n      password: %s\n' "$1" "$(yaml_str "$2")"
}
KS_A=http://127.0.0.1:$PORT_KS_A/v3
{
  printf '# Written by stack/start.sh: the clouds of this stack, passwords in secure.yaml next to it.\n'
  printf '# OS_CLIENT_CONFIG_FILE=%s OS_CLIENT_SECURE_FILE=%s mistral --os-cloud stack-a ...\nclouds:\n' \
    "$D/clouds.yaml" "$D/secure.yaml"
  cloud_entry stack-a "$KS_A" demo demo RegionOne
  cloud_entry stack-a-admin "$KS_A" admin admin RegionOne
  cloud_entry stack-b "$KS_B" tenantb projb RegionTwo
  cloud_entry stack-b-extra "$KS_B" tenantb projb-extra RegionTwo
  cloud_entry stack-b-tls "$KS_B_TLS" tenantb projb RegionTwo "$D/tls/target-ca.pem"
  cloud_entry stack-b-raw "$KS_B_RAW" tenantb projb RegionTwo
  cloud_entry stack-a-tls "$KS_A_TLS" demo demo RegionOneTLS "$D/tls/home-ca.pem"
  cloud_entry stack-a-mtls "$KS_A_MTLS" demo demo RegionOneMTLS "$D/tls/home-ca.pem" \
    "$D/tls/home-client.pem" "$D/tls/home-client-key.pem"
} >"$D/clouds.yaml"
(
  umask 077   # the file is created inside the subshell, readable by its owner only
  {
    printf '# Written by stack/start.sh: the passwords of the clouds in clouds.yaml.\nclouds:\n'
    secure_entry stack-a demoA-secret
    secure_entry stack-a-admin adminA-secret
    secure_entry stack-b tenantB-secret
    secure_entry stack-b-extra tenantB-secret
    secure_entry stack-b-tls tenantB-secret
    secure_entry stack-b-raw tenantB-secret
    secure_entry stack-a-tls demoA-secret
    secure_entry stack-a-mtls demoA-secret
  } >"$D/secure.yaml"
)

json_str() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
user_json() { # name password project project-id user-id roles
  printf '{"name": "%s", "password": "%s", "project": "%s", "project_id": "%s", "id": "%s", "roles": %s}' "$@"
}
ep() { printf '{"type": "%s", "interface": "%s", "region": "%s", "url": "%s"}' "$@"; }
upstream_fixes=true
[ "${MISTRAL_UPSTREAM_FIXES:-1}" = 0 ] && upstream_fixes=false
A_TLS_CATALOG=()
for iface in public internal admin; do
  A_TLS_CATALOG+=("$(ep identity $iface RegionOneTLS "$KS_A_TLS")"
                  "$(ep workflowv2 $iface RegionOneTLS "https://127.0.0.1:$PORT_MISTRAL_TLS/v2")")
done
for iface in public internal admin; do
  A_TLS_CATALOG+=("$(ep identity $iface RegionOneMTLS "$KS_A_MTLS")"
                  "$(ep workflowv2 $iface RegionOneMTLS "https://127.0.0.1:$PORT_HOME_MTLS/v2")")
done
cat >"$D/stack.json" <<EOF
{
  "stack_dir": $(json_str "$D"),
  "domain": "Default",
  "rabbit": {"url": "rabbit://guest:guest@127.0.0.1:$PORT_RABBIT/", "port": $PORT_RABBIT, "epmd_port": $PORT_EPMD, "dist_port": $PORT_RABBIT_DIST},
  "mistral": {"url": "http://127.0.0.1:$PORT_MISTRAL/v2", "root": "http://127.0.0.1:$PORT_MISTRAL/", "port": $PORT_MISTRAL,
              "tls_url": "https://127.0.0.1:$PORT_MISTRAL_TLS/v2", "tls_port": $PORT_MISTRAL_TLS,
              "mtls_url": "https://127.0.0.1:$PORT_HOME_MTLS/v2",
              "version": "15.0.0", "upstream_fixes": $upstream_fixes},
  "clouds": {
    "a": {
      "auth_url": "http://127.0.0.1:$PORT_KS_A/v3", "port": $PORT_KS_A, "region": "RegionOne",
      "tls_auth_url": "$KS_A_TLS", "tls_port": $PORT_KS_A_TLS, "tls_region": "RegionOneTLS",
      "mtls_auth_url": "$KS_A_MTLS", "mtls_port": $PORT_HOME_MTLS, "mtls_region": "RegionOneMTLS",
      "users": {
        "admin": $(user_json admin adminA-secret admin "$A_ADMIN_PROJECT_ID" "$A_ADMIN_USER_ID" '["admin"]'),
        "demo": $(user_json demo demoA-secret demo "$A_DEMO_PROJECT_ID" "$A_DEMO_USER_ID" '["member"]'),
        "mistral": $(user_json mistral mistral-svc-secret service "$A_SERVICE_PROJECT_ID" "$A_MISTRAL_USER_ID" '["admin", "service"]')
      },
      "projects": {"admin": "$A_ADMIN_PROJECT_ID", "demo": "$A_DEMO_PROJECT_ID", "service": "$A_SERVICE_PROJECT_ID"},
      "regions": ["RegionOne", "RegionOneMTLS", "RegionOneTLS", "RegionX"],
      "catalog": [
        $(ep identity public RegionOne "http://127.0.0.1:$PORT_KS_A/v3"),
        $(ep identity internal RegionOne "http://127.0.0.1:$PORT_KS_A/v3"),
        $(ep identity admin RegionOne "http://127.0.0.1:$PORT_KS_A/v3"),
        $(ep workflowv2 public RegionOne "http://127.0.0.1:$PORT_MISTRAL/v2"),
        $(ep workflowv2 internal RegionOne "http://127.0.0.1:$PORT_MISTRAL/v2"),
        $(ep workflowv2 admin RegionOne "http://127.0.0.1:$PORT_MISTRAL/v2"),
        $(ep workflowv2 public RegionX "http://127.0.0.1:$PORT_REGIONX_PUBLIC/v2"),
        $(ep workflowv2 internal RegionX "http://127.0.0.1:$PORT_REGIONX_INTERNAL/v2")$(printf ',\n        %s' "${A_TLS_CATALOG[@]}")
      ],
      "unused_ports": [$PORT_REGIONX_PUBLIC, $PORT_REGIONX_INTERNAL]
    },
    "b": {
      "auth_url": "$KS_B", "port": $PORT_KS_B, "region": "RegionTwo",
      "tls_auth_url": "$KS_B_TLS", "tls_port": $PORT_KS_B_TLS,
      "raw_auth_url": "$KS_B_RAW", "raw_port": $PORT_KS_B_RAW,
      "users": {
        "admin": $(user_json admin adminB-secret admin "$B_ADMIN_PROJECT_ID" "$B_ADMIN_USER_ID" '["admin"]'),
        "tenantb": $(user_json tenantb tenantB-secret projb "$B_PROJB_ID" "$B_TENANTB_USER_ID" '["member"]')
      },
      "projects": {"admin": "$B_ADMIN_PROJECT_ID", "projb": "$B_PROJB_ID", "projb-extra": "$B_PROJB_EXTRA_ID"},
      "regions": ["RegionTwo"],
      "catalog": [
        $(ep identity public RegionTwo "$KS_B"),
        $(ep identity internal RegionTwo "$KS_B"),
        $(ep identity admin RegionTwo "$KS_B")
      ]
    }
  },
  "tls": {
    "target_ca": $(json_str "$D/tls/target-ca.pem"),
    "home_ca": $(json_str "$D/tls/home-ca.pem"),
    "home_server_cert": $(json_str "$D/tls/home-server.pem"),
    "home_client_cert": $(json_str "$D/tls/home-client.pem"),
    "home_client_key": $(json_str "$D/tls/home-client-key.pem"),
    "other_ca": $(json_str "$D/tls/other-ca.pem"),
    "server_cert": $(json_str "$D/tls/keystone-b.pem"),
    "server_key": $(json_str "$D/tls/keystone-b-key.pem"),
    "server_names": ["IP:127.0.0.1", "DNS:localhost"]
  },
  "env_files": {
    "openrc_a": $(json_str "$D/openrc-a.sh"),
    "openrc_a_admin": $(json_str "$D/openrc-a-admin.sh"),
    "openrc_b": $(json_str "$D/openrc-b.sh"),
    "target_b": $(json_str "$D/target-b.sh"),
    "target_b_legacy": $(json_str "$D/target-b-legacy.sh"),
    "target_b_tls": $(json_str "$D/target-b-tls.sh"),
    "target_b_extra": $(json_str "$D/target-b-extra.sh"),
    "target_b_raw": $(json_str "$D/target-b-raw.sh"),
    "target_a": $(json_str "$D/target-a.sh"),
    "openrc_b_horizon": $(json_str "$D/openrc-b-horizon.sh"),
    "openrc_a_tls": $(json_str "$D/openrc-a-tls.sh"),
    "openrc_a_mtls": $(json_str "$D/openrc-a-mtls.sh")
  },
  "clouds_yaml": $(json_str "$D/clouds.yaml"),
  "secure_yaml": $(json_str "$D/secure.yaml"),
  "cloud_names": {"a": "stack-a", "a_admin": "stack-a-admin", "b": "stack-b", "b_extra": "stack-b-extra",
                  "b_tls": "stack-b-tls", "b_raw": "stack-b-raw", "a_tls": "stack-a-tls", "a_mtls": "stack-a-mtls"}
}
EOF

trap - EXIT
cat <<EOF
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

# Keystone (sourced by start.sh and stop.sh): cloud A (home, RegionOne) and cloud B (target, RegionTwo),
# each under uwsgi on 127.0.0.1 with SQLite and Fernet keys in STACK_DIR/ks-a and ks-b, plus B once more
# on its own port without the Connection: close workaround (ks-b-raw). Users, projects and catalog come
# from stack/lib/facts.py (keystone_seed.py). Commands run with the release's packages ("${IN_RELEASE[@]}").

SERVICE_LOGS[keystone-a]="$D/ks-a/log/manage.log $D/ks-a/log/seed.log $D/ks-a/log/uwsgi.log $D/ks-a/log/keystone.log"
SERVICE_LOGS[keystone-b]="$D/ks-b/log/manage.log $D/ks-b/log/seed.log $D/ks-b/log/uwsgi.log $D/ks-b/log/keystone.log"
SERVICE_LOGS[keystone-b-raw]="$D/ks-b-raw/log/uwsgi.log $D/ks-b-raw/log/keystone.log"

keystone_dirs() {
  # conf.d: each server gets --config-dir (empty), so oslo.config never reads its default *.conf.d dirs
  # (~/.keystone/keystone.conf.d, /etc/keystone/keystone.conf.d, /etc/keystone.conf.d, ...: oslo_config/cfg.py
  # find_config_dirs, parsed even when --config-file is given). policy.d: empty, see keystone.conf.
  mkdir -p "$D"/{ks-a,ks-b}/{log,fernet-keys,credential-keys,conf.d,policy.d,domains,jws-keys/private,jws-keys/public} \
           "$D"/ks-b-raw/log
  chmod 700 "$D"/ks-a/{fernet-keys,credential-keys} "$D"/ks-b/{fernet-keys,credential-keys}
}

fernet_key() { openssl rand -base64 32 | tr '+/' '-_'; }

# One uwsgi process per Keystone with Keystone's in-process cache: an authenticated request takes ~10 ms
# instead of ~200 ms (uncached, each token validation costs ~200 SQL queries on SQLite). The cache lives
# in each process, so with STACK_KEYSTONE_PROCESSES > 1 it is turned off to keep the workers coherent.
KS_PROCESSES=${STACK_KEYSTONE_PROCESSES:-1}
if [ "$KS_PROCESSES" = 1 ]; then
  KS_CACHE=$'enabled = true\nbackend = dogpile.cache.memory'
else
  KS_CACHE='enabled = false'
fi

# bcrypt's cost for the passwords Keystone stores: 4 (its minimum) unless STACK_KEYSTONE_PASSWORD_ROUNDS says
# otherwise; `default` leaves it to Keystone (bcrypt's 12, as in production: ~250 ms of CPU per
# password login), for measuring what password checks cost (bench/compare.mjs, fan-out).
keystone_password_hash() {
  local rounds=${STACK_KEYSTONE_PASSWORD_ROUNDS:-4}
  case $rounds in
    default) ;;
    [4-9] | [12][0-9] | 3[01]) echo "password_hash_rounds = $rounds" ;;
    *) echo "start.sh: STACK_KEYSTONE_PASSWORD_ROUNDS='$rounds' is not a bcrypt cost (4 to 31) or 'default'" >&2; return 2 ;;
  esac
}

keystone_write_conf() { # dir
  local dir=$1 password_hash
  password_hash=$(keystone_password_hash) || return
  cat >"$dir/keystone.conf" <<CONF
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
# bcrypt's minimum cost by default: a password login takes Keystone a few ms of CPU instead of ~250 (a test stack).
$password_hash

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
# Keystone's default methods plus totp (stack/lib/auth_methods_seed.py seeds application credentials and
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

CONF
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

keystone_write_uwsgi_ini() { # dir port [raw]   raw: without the Connection: close workaround (see below)
  local header=$'# http-socket closes the connection after each response without saying so; keep-alive clients would\n# reuse a dead socket (RemoteDisconnected, ECONNRESET).\nadd-header = Connection: close'
  [ "${3:-}" != raw ] || header='# No "add-header = Connection: close": this instance shows clients what a stock uwsgi http-socket does.'
  cat >"$1/uwsgi.ini" <<INI
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:$2
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_DIR=$1
# sys.argv of the app: keystone.server.configure() parses it, and an explicit --config-dir keeps oslo.config
# from reading its default keystone.conf.d dirs (see keystone_dirs).
pyargv = --config-dir $1/conf.d
# SQLite: one thread per process (its objects are bound to their thread) and WAL (see keystone_bootstrap).
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
INI
}

keystone_configure() {
  keystone_dirs
  keystone_write_conf "$D/ks-a"
  keystone_write_conf "$D/ks-b"
  keystone_write_uwsgi_ini "$D/ks-a" "$CLOUD_A_PORT"
  keystone_write_uwsgi_ini "$D/ks-b" "$CLOUD_B_PORT"
  # Keystone B once more, on its own port and without the Connection: close header: the client must cope
  # with a Keystone that closes a kept-alive connection after each answer without saying so (uwsgi's
  # http-socket, a common deployment). Same database and keys as B (tokens are interchangeable); only
  # the log directory differs.
  sed "s#^log_dir = .*#log_dir = $D/ks-b-raw/log#" "$D/ks-b/keystone.conf" >"$D/ks-b-raw/keystone.conf"
  keystone_write_uwsgi_ini "$D/ks-b-raw" "$PORT_KS_B_RAW" raw
  sed -i "s#^env = OS_KEYSTONE_CONFIG_DIR=.*#env = OS_KEYSTONE_CONFIG_DIR=$D/ks-b-raw#; s#^pyargv = .*#pyargv = --config-dir $D/ks-b/conf.d#" \
    "$D/ks-b-raw/uwsgi.ini"
}

keystone_manage() { # dir args...
  local dir=$1
  shift
  "${IN_RELEASE[@]}" keystone-manage --config-file "$dir/keystone.conf" --config-dir "$dir/conf.d" "$@"
}

keystone_bootstrap() { # cloud-letter
  local dir=$D/ks-$1 url port_var=CLOUD_${1^^}_PORT region_var=CLOUD_${1^^}_REGION pass_var=CLOUD_${1^^}_ADMIN_PASSWORD
  url=http://127.0.0.1:${!port_var}/v3
  keystone_manage "$dir" bootstrap --bootstrap-password "${!pass_var}" \
    --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
    --bootstrap-service-name keystone --bootstrap-region-id "${!region_var}" \
    --bootstrap-public-url "$url" --bootstrap-internal-url "$url" --bootstrap-admin-url "$url"
  # WAL: with several uwsgi processes (STACK_KEYSTONE_PROCESSES) rollback-journal mode meets
  # "database is locked".
  sqlite3 "$dir/keystone.db" 'PRAGMA journal_mode=WAL;' >/dev/null
}

# The empty schema is the same for both clouds (db_sync creates no ids): one db_sync, copied to B.
# Runs in the background: KEYSTONE_DB_SYNC is its PID.
keystone_db_sync_begin() {
  keystone_manage "$D/ks-a" db_sync >"$D/ks-a/log/manage.log" 2>&1 &
  KEYSTONE_DB_SYNC=$!
  HELPERS+=("$KEYSTONE_DB_SYNC")
}

# Waits for db_sync, bootstraps A and B in parallel, and starts their uwsgi servers.
keystone_start() {
  wait "$KEYSTONE_DB_SYNC" || fail keystone-a "keystone-manage db_sync failed"
  cp "$D/ks-a/keystone.db" "$D/ks-b/keystone.db"
  note "keystone-manage bootstrap for A and B (in parallel)"
  keystone_bootstrap a >>"$D/ks-a/log/manage.log" 2>&1 &
  local init_a=$! init_b
  keystone_bootstrap b >"$D/ks-b/log/manage.log" 2>&1 &
  init_b=$!
  HELPERS+=("$init_a" "$init_b")
  wait "$init_a" || fail keystone-a "keystone-manage bootstrap failed"
  launch keystone-a "$D/ks-a" "$D/ks-a/log/uwsgi.log" "${IN_RELEASE[@]}" uwsgi --ini "$D/ks-a/uwsgi.ini"
  wait "$init_b" || fail keystone-b "keystone-manage bootstrap failed"
  launch keystone-b "$D/ks-b" "$D/ks-b/log/uwsgi.log" "${IN_RELEASE[@]}" uwsgi --ini "$D/ks-b/uwsgi.ini"
  launch keystone-b-raw "$D/ks-b-raw" "$D/ks-b-raw/log/uwsgi.log" "${IN_RELEASE[@]}" uwsgi --ini "$D/ks-b-raw/uwsgi.ini"
  note "Keystone A and B bootstrapped; uwsgi starting"
}

# Seeds both clouds through their APIs (in parallel) once each answers: stack/lib/keystone_seed.py.
keystone_seed() {
  local cloud url seeding=() k
  for cloud in a b; do
    url=CLOUD_${cloud^^}_AUTH_URL
    wait_for "keystone-$cloud" "Keystone ${cloud^^} (GET ${!url})" http_status_is 200 "${!url}"
    /usr/bin/python3 "$STACK_HOME/lib/keystone_seed.py" "$D" "$cloud" >"$D/ks-$cloud/log/seed.log" 2>&1 &
    seeding+=($!)
    HELPERS+=($!)
    note "Keystone ${cloud^^} answers; seeding it"
  done
  k=0
  for cloud in a b; do
    wait "${seeding[$k]}" || fail "keystone-$cloud" "seeding users, projects and catalog failed"
    k=$((k + 1))
  done
  wait_for keystone-b-raw "Keystone B without Connection: close (GET http://127.0.0.1:$PORT_KS_B_RAW/v3)" \
    http_status_is 200 "http://127.0.0.1:$PORT_KS_B_RAW/v3"
  /usr/bin/python3 "$STACK_HOME/lib/auth_methods_seed.py" "$D" >>"$D/ks-a/log/seed.log" 2>&1 \
    || fail keystone-a "seeding application credentials and multi-factor users failed (stack/lib/auth_methods_seed.py)"
  note "Keystone A and B seeded"
}

keystone_stop() { processes_stop keystone-a keystone-b keystone-b-raw; }

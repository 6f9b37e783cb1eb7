# Mistral (sourced by start.sh and stop.sh): API, engine, executor (and notifier, event engine) in one
# `mistral-server --server all` on 127.0.0.1, SQLite in STACK_DIR/mistral, RPC through RabbitMQ,
# authenticating against cloud A. Runs from the release's packages ("${IN_RELEASE[@]}"); where the
# release's Mistral needs the run-time patch (stack/mistral-launcher.py, facts.py's RELEASES), through it.

SERVICE_LOGS[mistral]="$D/mistral/log/init.log $D/mistral/log/stdout.log $D/mistral/log/mistral.log"

mistral_configure() {
  mkdir -p "$D"/mistral/{log,conf.d,policy.d,lock}
  # YAML, not the JSON "{}" (oslo.policy warns that JSON policy files are deprecated).
  printf '# empty: the in-code default rules\n{}\n' >"$D/mistral/policy.yaml"
  cat >"$D/mistral/mistral.conf" <<CONF
[DEFAULT]
transport_url = $RABBIT_URL
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
# Mistral 18+ (GET /info, off by default): a bare "info.json" resolves in the working directory, so it
# points into STACK_DIR like every other path (Mistral 15 ignores the unknown option).
info_json_file_path = $D/mistral/info.json

[database]
connection = sqlite:///$D/mistral/mistral.db

[pecan]
auth_enable = true

[keystone_authtoken]
# Becomes \$.openstack.auth_uri of executions without a target.
www_authenticate_uri = $CLOUD_A_AUTH_URL
auth_url = $CLOUD_A_AUTH_URL
auth_type = password
username = $MISTRAL_SERVICE_USER
password = $MISTRAL_SERVICE_PASSWORD
project_name = $MISTRAL_SERVICE_PROJECT
user_domain_name = Default
project_domain_name = Default
region_name = $CLOUD_A_REGION

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
CONF
}

# The schema, in the background (MISTRAL_INIT_DB is its PID): setup_db + stamp head + populate in one
# process (stack/mistral-launcher.py --init-db; `mistral-db-manage upgrade head` fails on SQLite).
mistral_init_db_begin() {
  "${IN_RELEASE[@]}" /usr/bin/python3 "$STACK_HOME/mistral-launcher.py" --init-db --config-file "$D/mistral/mistral.conf" \
    --config-dir "$D/mistral/conf.d" >"$D/mistral/log/init.log" 2>&1 &
  MISTRAL_INIT_DB=$!
  HELPERS+=("$MISTRAL_INIT_DB")
}

# The patch applied to this run, or empty (facts.py's RELEASES; MISTRAL_UPSTREAM_FIXES=0 runs stock code).
mistral_patch() {
  [ "${MISTRAL_UPSTREAM_FIXES:-1}" = 0 ] || release_patch "$STACK_RELEASE"
}

mistral_start() {
  wait "$MISTRAL_INIT_DB" || fail mistral "schema creation (setup_db, stamp head, populate) failed"
  local server=(/usr/bin/mistral-server)
  [ -z "$(release_patch "$STACK_RELEASE")" ] || server=(/usr/bin/python3 "$STACK_HOME/mistral-launcher.py")
  launch mistral "$D/mistral" "$D/mistral/log/stdout.log" "${IN_RELEASE[@]}" "${server[@]}" \
    --config-file "$D/mistral/mistral.conf" --config-dir "$D/mistral/conf.d" --server all
  local patch
  patch=$(mistral_patch)
  if [ -n "$patch" ]; then
    note "Mistral starting; run-time patch: $patch"
  elif [ -n "$(release_patch "$STACK_RELEASE")" ]; then
    note "Mistral starting; run-time patch: none (MISTRAL_UPSTREAM_FIXES=0: stock code, target requests fail)"
  else
    note "Mistral starting; run-time patch: none (this release's Mistral carries the upstream fix)"
  fi
}

mistral_wait() {
  wait_for mistral "Mistral (GET http://127.0.0.1:$PORT_MISTRAL/)" http_status_is 200 "http://127.0.0.1:$PORT_MISTRAL/"
}

mistral_stop() { processes_stop mistral; }

# RabbitMQ and epmd (sourced by start.sh and stop.sh): the host's Debian packages for every release, on
# 127.0.0.1 only, with every path in STACK_DIR/rabbit. Mistral's RPC goes through it (an in-memory
# transport does not reach the API worker that oslo.service forks: stack/README.md, "Pitfalls").

SERVICE_LOGS[rabbit]="$D/rabbit/stdout.log $D/rabbit/log/*.log"
SERVICE_LOGS[epmd]="$D/rabbit/epmd.log"

rabbitmq_configure() {
  mkdir -p "$D"/rabbit/{log,mnesia,conf.d,ebin}
  cat >"$D/rabbit/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$PORT_RABBIT
loopback_users.guest = true
CONF
  echo '[].' >"$D/rabbit/enabled_plugins"
  : >"$D/rabbit/rabbitmq-env.conf"
  : >"$D/rabbit/motd"
}

rabbitmq_start() {
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
}

rabbitmq_wait() { wait_for rabbit "RabbitMQ (127.0.0.1:$PORT_RABBIT)" port_open "$PORT_RABBIT"; }

rabbitmq_stop() { processes_stop rabbit epmd; }

# nginx (sourced by start.sh and stop.sh): the host's Debian nginx-light for every release, as the TLS
# front of Keystone B (target CA) and of Keystone A and Mistral (home CA), plus a port that requires a
# client certificate. Needs the certificates of stack/lib/tls.sh.

SERVICE_LOGS[nginx]="$D/nginx/log/stdout.log $D/nginx/log/error.log $D/tls/openssl.log"

# A TLS front: proxy_pass to a plain port, with the headers from which Keystone's version discovery
# builds its links (oslo_middleware enable_proxy_headers_parsing), so https://.../v3 links to itself.
nginx_proxy_location() { # path upstream-port
  cat <<CONF
    location $1 {
      proxy_pass http://127.0.0.1:$2;
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
CONF
}
nginx_tls_server() { # port certificate-name [extra directives]
  cat <<CONF
  server {
    listen 127.0.0.1:$1 ssl;
    server_name 127.0.0.1 localhost;
    ssl_certificate $D/tls/$2.pem;
    ssl_certificate_key $D/tls/$2-key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
${3:-}
CONF
}

nginx_configure() {
  mkdir -p "$D"/nginx/{log,tmp}
  cat >"$D/nginx/nginx.conf" <<CONF
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
$(nginx_tls_server "$PORT_KS_B_TLS" keystone-b)
$(nginx_proxy_location / "$PORT_KS_B")
  }
  # The home cloud with the home CA: Keystone A, and Mistral.
$(nginx_tls_server "$PORT_KS_A_TLS" home-server)
$(nginx_proxy_location / "$PORT_KS_A")
  }
$(nginx_tls_server "$PORT_MISTRAL_TLS" home-server)
$(nginx_proxy_location / "$PORT_MISTRAL")
  }
  # Both again, only for a client certificate that the home CA signed: without one nginx answers
  # 400 "No required SSL certificate was sent", with another CA's 400 "The SSL certificate error".
$(nginx_tls_server "$PORT_HOME_MTLS" home-server "    ssl_client_certificate $D/tls/home-ca.pem;
    ssl_verify_client on;")
$(nginx_proxy_location /v3 "$PORT_KS_A")
$(nginx_proxy_location / "$PORT_MISTRAL")
  }
}
CONF
}

nginx_start() {
  launch nginx "$D/nginx" "$D/nginx/log/stdout.log" nginx -p "$D/nginx" -c "$D/nginx/nginx.conf" -e "$D/nginx/log/error.log"
}

nginx_check_self_link() { # who https-base curl-options...
  local who=$1 base=$2 self
  shift 2
  self=$(curl -s -m 5 "$@" "$base/v3")
  case $self in
    *"\"href\": \"$base/v3/\""*) ;;
    *) echo "start.sh: warning: $who behind nginx does not link to its https URL: $self" >&2 ;;
  esac
}

# Every TLS port answers through nginx (needs Keystone and Mistral up behind it).
nginx_wait() {
  local target_ca=(--cacert "$D/tls/target-ca.pem") home_ca=(--cacert "$D/tls/home-ca.pem")
  local home_client=("${home_ca[@]}" --cert "$D/tls/home-client.pem" --key "$D/tls/home-client-key.pem")
  wait_for nginx "Keystone B over HTTPS (GET https://127.0.0.1:$PORT_KS_B_TLS/v3 with tls/target-ca.pem)" \
    http_status_is 200 "https://127.0.0.1:$PORT_KS_B_TLS/v3" "${target_ca[@]}"
  wait_for nginx "Keystone A over HTTPS (GET https://127.0.0.1:$PORT_KS_A_TLS/v3 with tls/home-ca.pem)" \
    http_status_is 200 "https://127.0.0.1:$PORT_KS_A_TLS/v3" "${home_ca[@]}"
  wait_for nginx "Mistral over HTTPS (GET https://127.0.0.1:$PORT_MISTRAL_TLS/ with tls/home-ca.pem)" \
    http_status_is 200 "https://127.0.0.1:$PORT_MISTRAL_TLS/" "${home_ca[@]}"
  wait_for nginx "the client-certificate port (GET https://127.0.0.1:$PORT_HOME_MTLS/v3 and /v2 with tls/home-client.pem)" \
    http_status_is 200 "https://127.0.0.1:$PORT_HOME_MTLS/v3" "${home_client[@]}"
  http_status_is 400 "https://127.0.0.1:$PORT_HOME_MTLS/v3" "${home_ca[@]}" ||
    fail nginx "https://127.0.0.1:$PORT_HOME_MTLS/v3 answers without a client certificate"
  nginx_check_self_link "Keystone B" "https://127.0.0.1:$PORT_KS_B_TLS" "${target_ca[@]}"
  nginx_check_self_link "Keystone A" "https://127.0.0.1:$PORT_KS_A_TLS" "${home_ca[@]}"
  nginx_check_self_link "Keystone A (client certificate port)" "https://127.0.0.1:$PORT_HOME_MTLS" "${home_client[@]}"
}

nginx_stop() { processes_stop nginx; }

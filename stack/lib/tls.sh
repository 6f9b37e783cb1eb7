# The private CAs and certificates (sourced by start.sh): a target CA that signs Keystone B's https
# certificate, a home CA that signs cloud A's server certificate and a client certificate, and an
# unrelated CA that signs nothing of this stack. All in STACK_DIR/tls, made fresh on each start.

SERVICE_LOGS[tls]="$D/tls/openssl.log"

tls_make() {
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

tls_configure() {
  mkdir -p "$D/tls"
  tls_make >"$D/tls/openssl.log" 2>&1 || fail tls "openssl could not make the certificates"
}

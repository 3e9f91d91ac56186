#!/usr/bin/env bash
# Makes a development CA, a serving certificate for the tenantry webhook Service and a client
# certificate (CN kube-apiserver, for mTLS), all ECDSA P-256 / SHA-256, with the openssl CLI.
# Usage: certs/make-dev-certs.sh [OUT_DIR]   (default: certs/out next to this script)
# Writes ca.crt ca.key tls.crt tls.key client.crt client.key; prints the base64 CA bundle
# (the value for a webhook configuration's caBundle) as the last line on stdout.
set -euo pipefail

out=${1:-"$(cd "$(dirname "$0")" && pwd)/out"}
days=${DAYS:-365}
mkdir -p "$out"
cd "$out"
umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# The CA: self-signed, may only sign certificates.
newkey ca.key
cat > "$tmp/ca.ext" <<'X'
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
X
openssl req -new -x509 -sha256 -key ca.key -days "$days" -subj "/CN=tenantry dev CA" \
  -extensions v3_ca -config <(printf '[req]\ndistinguished_name=dn\n[dn]\n[v3_ca]\n'; cat "$tmp/ca.ext") \
  -out ca.crt

# Signs $1.csr into $1.crt with the extensions file $2 (random serial, so each run's certificates differ).
sign() {
  openssl x509 -req -sha256 -in "$tmp/$1.csr" -CA ca.crt -CAkey ca.key \
    -set_serial "0x$(openssl rand -hex 16)" -days "$days" -extfile "$2" -out "$1.crt" 2>/dev/null
}

# The serving certificate: the in-cluster Service names plus loopback for local runs.
newkey tls.key
openssl req -new -sha256 -key tls.key -subj "/CN=tenantry.tenantry-system.svc" -out "$tmp/tls.csr"
cat > "$tmp/tls.ext" <<'X'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:tenantry.tenantry-system.svc, DNS:tenantry.tenantry-system.svc.cluster.local, DNS:localhost, IP:127.0.0.1
authorityKeyIdentifier = keyid
X
sign tls "$tmp/tls.ext"

# The client certificate the API server presents when the webhook requires mTLS.
newkey client.key
openssl req -new -sha256 -key client.key -subj "/CN=kube-apiserver" -out "$tmp/client.csr"
cat > "$tmp/client.ext" <<'X'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
X
sign client "$tmp/client.ext"

chmod 600 ./*.key
chmod 644 ./*.crt
echo "wrote $out: ca.crt ca.key tls.crt tls.key client.crt client.key" >&2
echo "caBundle:" >&2
base64 -w0 ca.crt
echo

#!/usr/bin/env bash
# Usage: deploy/overlays/dev/set-ca-bundle.sh [CERTS_DIR]   (default: certs/out)
#
# Copies the serving certificate and key from CERTS_DIR (made by certs/make-dev-certs.sh) into tls/ here,
# and writes ca-bundle.validating.yaml and ca-bundle.mutating.yaml: JSON patches setting caBundle (base64 of CERTS_DIR/ca.crt) on every
# webhook of both configurations. Both outputs are git-ignored.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
certs=${1:-"$repo/certs/out"}

for f in ca.crt tls.crt tls.key; do
  [[ -s "$certs/$f" ]] || { echo "set-ca-bundle: $certs/$f missing: run certs/make-dev-certs.sh first" >&2; exit 1; }
done

mkdir -p "$here/tls"
install -m 0644 "$certs/tls.crt" "$here/tls/tls.crt"
install -m 0600 "$certs/tls.key" "$here/tls/tls.key"

bundle=$(base64 < "$certs/ca.crt" | tr -d '\n')
# One JSON patch per configuration, one "add" per webhook in it. Patching an index that does not exist
# fails the render, so the counts are read from the base rather than assumed.
write_patch() { # KIND_FILE OUT
  local count i
  count=$(grep -c '^  - name: ' "$repo/deploy/base/$1")
  {
    echo "# Written by set-ca-bundle.sh from $certs/ca.crt; do not edit."
    for ((i = 0; i < count; i++)); do
      echo "- op: add"
      echo "  path: /webhooks/$i/clientConfig/caBundle"
      echo "  value: $bundle"
    done
  } > "$here/$2.tmp"
  mv "$here/$2.tmp" "$here/$2"
}
write_patch validatingwebhookconfiguration.yaml ca-bundle.validating.yaml
write_patch mutatingwebhookconfiguration.yaml ca-bundle.mutating.yaml
echo "set-ca-bundle: wrote ca-bundle.validating.yaml, ca-bundle.mutating.yaml and tls/ in $here from $certs" >&2

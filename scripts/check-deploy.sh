#!/usr/bin/env bash
# Checks deploy/ the way a server would read it: the systemd units with
# `systemd-analyze verify` (ExecStart pointed at the binary built here) and
# the nginx site with `nginx -t` (a throw-away certificate, a minimal main
# configuration). Part of `make test`; needs Debian's systemd and nginx.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$PWD/target/debug/liaison-server}
[ -x "$bin" ] || cargo build -q -p cli --bin liaison-server
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for unit in deploy/*.service deploy/*.timer; do
  sed "s#/usr/local/bin/liaison-server#$bin#" "$unit" > "$tmp/$(basename "$unit")"
done
# Warnings are failures: a unit systemd would half-understand is not shipped.
out=$(systemd-analyze verify "$tmp"/*.service "$tmp"/*.timer 2>&1 || true)
if [ -n "$out" ]; then
  echo "$out"
  echo "deploy: systemd-analyze verify complained" >&2
  exit 1
fi

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
sed -e "s#/etc/ssl/certs/liaison.pem#$tmp/cert.pem#" \
    -e "s#/etc/ssl/private/liaison.key#$tmp/key.pem#" deploy/nginx-liaison.conf > "$tmp/site.conf"
cat > "$tmp/nginx.conf" <<CONF
pid $tmp/nginx.pid;
error_log $tmp/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $tmp;
    proxy_temp_path $tmp;
    fastcgi_temp_path $tmp;
    uwsgi_temp_path $tmp;
    scgi_temp_path $tmp;
    include $tmp/site.conf;
}
CONF
nginx -t -q -c "$tmp/nginx.conf"
echo "deploy: units and nginx site check out"

#!/usr/bin/env bash
# Installs 校友联络员 as a service on this Debian machine (run as root):
#   scripts/install.sh install     build, then install the binary, the client, the units and
#                                  the nginx site; start the service and the hourly backup
#   scripts/install.sh uninstall   stop and remove all that; keep the data, the backups and
#                                  /etc/liaison (printed), which hold what people entered
# Paths: binary /usr/local/bin/liaison-server, client /usr/share/liaison/dist, data
# /var/lib/liaison (user `liaison`), backups /var/backups/liaison, settings
# /etc/liaison/liaison.env, nginx site /etc/nginx/sites-available/liaison.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-install}
say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }
[ "$(id -u)" = 0 ] || { echo "run as root (sudo make install)" >&2; exit 1; }
have_systemd() { [ -d /run/systemd/system ]; }

units=(liaison.service liaison-backup.service liaison-backup.timer)

case "$what" in
  install)
    if [ "${LIAISON_SKIP_BUILD:-}" != 1 ]; then
      bash scripts/tools.sh build
      bash scripts/build-client.sh
      cargo build --release -p cli
    fi
    getent group liaison >/dev/null || groupadd --system liaison
    getent passwd liaison >/dev/null ||
      useradd --system --gid liaison --home-dir /var/lib/liaison --shell /usr/sbin/nologin liaison
    install -d -m 0750 -o liaison -g liaison /var/lib/liaison /var/backups/liaison
    install -m 0755 target/release/liaison-server /usr/local/bin/liaison-server
    # The client: replaced whole, so no chunk of an older build lingers.
    rm -rf /usr/share/liaison/dist.new
    install -d /usr/share/liaison
    cp -r dist /usr/share/liaison/dist.new
    rm -rf /usr/share/liaison/dist
    mv /usr/share/liaison/dist.new /usr/share/liaison/dist
    install -m 0644 README.md docs/*.md /usr/share/liaison/
    install -d -m 0750 /etc/liaison
    if [ ! -e /etc/liaison/liaison.env ]; then
      install -m 0640 -g liaison deploy/liaison.env /etc/liaison/liaison.env
      say "wrote /etc/liaison/liaison.env: set the university's name and address there"
    fi
    for u in "${units[@]}"; do install -m 0644 "deploy/$u" "/etc/systemd/system/$u"; done
    if [ -d /etc/nginx/sites-available ]; then
      install -m 0644 deploy/nginx-liaison.conf /etc/nginx/sites-available/liaison
      say "nginx site in /etc/nginx/sites-available/liaison: set server_name and the certificate,"
      say "then: ln -s ../sites-available/liaison /etc/nginx/sites-enabled/ && nginx -t && systemctl reload nginx"
    fi
    if have_systemd; then
      systemctl daemon-reload
      systemctl enable --now liaison.service liaison-backup.timer
      systemctl restart liaison.service
      say "running: systemctl status liaison; first admin: sudo -u liaison env LIAISON_DATA=/var/lib/liaison liaison-server create-admin NAME (stop the service first)"
    else
      say "no systemd here: units installed but not started"
    fi
    ;;
  uninstall)
    if have_systemd; then
      systemctl disable --now liaison-backup.timer liaison.service 2>/dev/null || true
    fi
    for u in "${units[@]}"; do rm -f "/etc/systemd/system/$u"; done
    have_systemd && systemctl daemon-reload
    rm -f /usr/local/bin/liaison-server /etc/nginx/sites-enabled/liaison /etc/nginx/sites-available/liaison
    rm -rf /usr/share/liaison
    say "removed. Kept: /var/lib/liaison (data), /var/backups/liaison (backups), /etc/liaison (settings)"
    ;;
  *) echo "usage: $0 install|uninstall" >&2; exit 2 ;;
esac

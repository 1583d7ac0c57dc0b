#!/usr/bin/env bash
# Installs what `make lab` and `make test` need on the control node and makes sure a Docker
# engine answers. Idempotent: does nothing when everything is already there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
say() { echo "deps: $*"; }
die() { echo "deps: $*" >&2; exit 1; }

mapfile -t wanted < <(grep -Ev '^\s*(#|$)' "$here/host-packages.txt")
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || [ ! -x /usr/bin/apt-get ]; then
    die "missing Debian packages: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) or run 'sudo make deps'."
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Each systemd container takes several inotify instances; the default 128 per user runs out
# with a few labs up, and a new container then exits at once with no log.
if [ "$(id -u)" = 0 ] && [ "$(sysctl -n fs.inotify.max_user_instances 2>/dev/null || echo 0)" -lt 1024 ]; then
  sysctl -qw fs.inotify.max_user_instances=1024 fs.inotify.max_user_watches=524288 \
    || say "could not raise fs.inotify.max_user_instances: many containers at once may fail to start"
fi

if docker info >/dev/null 2>&1; then
  exit 0
fi
command -v dockerd >/dev/null || die "no Docker engine answers and dockerd is not installed: apt-get install docker.io"
[ "$(id -u)" = 0 ] || die "no Docker engine answers: start it (sudo systemctl start docker, or sudo dockerd &) and retry."
if [ -d /run/systemd/system ] && systemctl start docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  say "started the docker service"
  exit 0
fi
# No systemd on this machine (a container or a CI sandbox): run the daemon in the background.
say "starting dockerd in the background (log: /var/log/amane-dockerd.log)"
nohup dockerd >/var/log/amane-dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  docker info >/dev/null 2>&1 && { say "dockerd answers"; exit 0; }
  sleep 1
done
tail -20 /var/log/amane-dockerd.log >&2
die "dockerd did not answer within 60 s (log above: /var/log/amane-dockerd.log)"

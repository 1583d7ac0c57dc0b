#!/usr/bin/env bash
# Builds amane/debian12:latest (Debian 12, systemd as PID 1) with debootstrap + docker import.
# No registry can be reached from these machines, so the image is made here and cached: it is
# rebuilt only when this script changes (its hash is stored as an image label).
set -euo pipefail

IMAGE="${AMANE_IMAGE:-amane/debian12:latest}"
MIRROR="${AMANE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm
PACKAGES=systemd,systemd-sysv,dbus,python3,python3-apt,sudo,iproute2,iputils-ping,ca-certificates,procps,gnupg,apt-transport-https,locales
here="$(cd "$(dirname "$0")" && pwd)"
hash="$(sha256sum "$here/build-image.sh" | cut -c1-16)"

die() { echo "build-image: $*" >&2; exit 1; }

docker info >/dev/null 2>&1 || die "no Docker engine answers. Run 'make docker' (installs docker.io and starts dockerd) or start your Docker service."

current="$(docker image inspect -f '{{ index .Config.Labels "amane.image-hash" }}' "$IMAGE" 2>/dev/null || true)"
if [ "$current" = "$hash" ]; then
  # A cached image must also start: a broken cache is rebuilt rather than trusted.
  if docker run --rm --entrypoint /bin/true "$IMAGE" >/dev/null 2>&1; then
    echo "build-image: $IMAGE is up to date ($hash)"
    exit 0
  fi
  echo "build-image: cached $IMAGE does not start; rebuilding it" >&2
  docker image rm -f "$IMAGE" >/dev/null 2>&1 || true
fi

command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap (run 'make deps' as root)."
[ "$(id -u)" = 0 ] || die "debootstrap needs root: run 'sudo make image'."

root="$(mktemp -d /var/tmp/amane-rootfs.XXXXXX)"
tarball="$root.tar"
cleanup() { rm -rf "$root" "$tarball"; }
trap cleanup EXIT

echo "build-image: debootstrap $SUITE into $root (a few minutes)"
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$root" "$MIRROR" >"$root.log" 2>&1 \
  || { tail -20 "$root.log" >&2; rm -f "$root.log"; die "debootstrap failed (see above): is $MIRROR reachable?"; }
rm -f "$root.log"

# Trim what a container never uses and make systemd quiet and container-friendly.
chroot "$root" /bin/sh -eu <<'CHROOT'
echo 'deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main' > /etc/apt/sources.list
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > /etc/apt/apt.conf.d/90amane-no-recommends
echo 'en_US.UTF-8 UTF-8' > /etc/locale.gen && locale-gen >/dev/null
for unit in getty.target systemd-udevd.service systemd-udev-trigger.service systemd-modules-load.service \
            sys-kernel-config.mount sys-kernel-debug.mount sys-fs-fuse-connections.mount \
            systemd-remount-fs.service apt-daily.timer apt-daily-upgrade.timer e2scrub_reap.service; do
  systemctl mask "$unit" >/dev/null 2>&1 || true
done
systemctl set-default multi-user.target >/dev/null
: > /etc/machine-id
apt-get clean
rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* /var/cache/debconf/*-old
# Empty package lists must look stale, so that the first apt run with cache_valid_time refreshes them.
touch -d @0 /var/lib/apt/lists
CHROOT

tar -C "$root" -c . -f "$tarball"
docker import \
  --change 'ENTRYPOINT ["/lib/systemd/systemd"]' \
  --change 'CMD []' \
  --change 'ENV container=docker' \
  --change "LABEL amane.image-hash=$hash" \
  "$tarball" "$IMAGE" >/dev/null
echo "build-image: built $IMAGE ($hash)"

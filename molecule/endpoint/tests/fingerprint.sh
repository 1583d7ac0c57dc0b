# shellcheck shell=bash
set -eu
# Everything a configuration change could touch; excluded: the kernel's and the runtime's trees,
# logs (journald records every command, including the audit's), the fingerprint itself and
# Ansible's own temporary directory.
find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp -o -path /var/log \
  -o -path /var/tmp -o -path /root/.ansible -o -path /var/lib/systemd \) -prune -o -type f -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum
dpkg-query -W -f '${Package} ${Version} ${db:Status-Abbrev}\n'

#!/usr/bin/env bash
# Installs the Debian packages listed in system-packages.txt that are missing.
# Runs from `make run`/`make test` so that a fresh machine needs nothing by hand.
# Without root or apt-get it only reports what is missing.
set -euo pipefail
list="$(dirname "$0")/system-packages.txt"
missing=()
while read -r pkg; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < "$list"
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "Missing system packages (install them with your package manager): ${missing[*]}" >&2
fi

#!/usr/bin/env bash
# One-time machine set-up that npm cannot do: Debian's Python modules for the
# python-pandas scenario (numpy, pandas, boto3 for /usr/bin/python3).
# Without them everything else works and python-pandas is skipped with a message.
set -euo pipefail
packages=(python3 python3-numpy python3-pandas python3-boto3)
if /usr/bin/python3 -c 'import numpy, pandas, boto3' 2>/dev/null; then
  echo "setup: /usr/bin/python3 has numpy, pandas and boto3"
elif command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
elif command -v apt-get >/dev/null && command -v sudo >/dev/null; then
  sudo apt-get update
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
else
  echo "setup: cannot install ${packages[*]} here (no apt-get as root); python-pandas will be skipped" >&2
fi

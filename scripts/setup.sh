#!/usr/bin/env bash
# One-time machine set-up that npm cannot do: Debian's Python modules for the
# python-pandas scenario (numpy, pandas, boto3 for /usr/bin/python3) and the
# fastapi-py example (fastapi). Without them everything else works and those
# scenarios are skipped with a message.
set -euo pipefail
packages=(python3 python3-numpy python3-pandas python3-boto3 python3-fastapi)
if /usr/bin/python3 -c 'import numpy, pandas, boto3, fastapi' 2>/dev/null; then
  echo "setup: /usr/bin/python3 has numpy, pandas, boto3 and fastapi"
elif command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
elif command -v apt-get >/dev/null && command -v sudo >/dev/null; then
  sudo apt-get update
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
else
  echo "setup: cannot install ${packages[*]} here (no apt-get as root); python-pandas and fastapi-py will be skipped" >&2
fi

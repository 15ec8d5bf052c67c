#!/usr/bin/env bash
# Installs the Python packages the client tests run (tests/python/requirements.txt: moto's server
# and botocore, pinned) into target/pyenv, from PyPI. Does nothing when they are installed already.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/pyenv
stamp="$venv/requirements.txt"
if [ -x "$venv/bin/moto_server" ] && cmp -s tests/python/requirements.txt "$stamp"; then
  exit 0
fi
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/python/requirements.txt
cp tests/python/requirements.txt "$stamp"
echo "installed $(grep -E '^(moto|botocore)==' tests/python/requirements.txt | tr '\n' ' ')into $venv"

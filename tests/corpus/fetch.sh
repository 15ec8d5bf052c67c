#!/usr/bin/env bash
# Downloads botocore at the pinned version from PyPI (its hash checked) and unpacks its data/
# directory, the service models `cargo xtask corpus` reads, into DEST (default target/botocore).
# Prints the data/ directory. Does nothing when DEST already holds this version.
set -euo pipefail
version=1.43.11
sha256=0108b5604df5a26918936c845e1e761866ee9ea8d1c1f9358ed3c69afdc37436
root=$(cd "$(dirname "$0")/../.." && pwd)
dest=${1:-"$root/target/botocore"}
if [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ] && [ -d "$dest/data" ]; then
    echo "$dest/data"
    exit 0
fi
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
echo "botocore==$version --hash=sha256:$sha256" > "$download/requirements.txt"
python3 -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
    --dest "$download" --requirement "$download/requirements.txt" >&2
rm -rf "$dest"
mkdir -p "$dest"
python3 - "$download/botocore-$version-py3-none-any.whl" "$dest" <<'PY'
import sys, zipfile, pathlib
wheel, dest = sys.argv[1], pathlib.Path(sys.argv[2])
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if name.startswith("botocore/data/") and not name.endswith("/"):
            target = dest / "data" / name[len("botocore/data/"):]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
PY
echo "$version" > "$dest/VERSION"
echo "$dest/data"

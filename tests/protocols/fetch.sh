#!/usr/bin/env bash
# Downloads botocore's source distribution at the pinned version from PyPI (its hash checked) and
# unpacks its protocol test suites, `tests/unit/protocols/`, into DEST (default
# target/botocore-protocols): `input/*.json` and `output/*.json`, one list of suites per protocol;
# and its endpoint tests, `tests/functional/endpoint-rules/`, into DEST/endpoint-rules:
# `<service>/endpoint-tests-1.json`. Prints DEST. Does nothing when DEST already holds this version.
set -euo pipefail
version=1.43.11
sha256=d7d479cc2809ec2728f2898521003adfb79bfe6a4615c59dfd222ec52b0cee6b
root=$(cd "$(dirname "$0")/../.." && pwd)
dest=${1:-"$root/target/botocore-protocols"}
if [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ] && [ -d "$dest/input" ] && [ -d "$dest/output" ] \
    && [ -d "$dest/endpoint-rules" ]; then
    echo "$dest"
    exit 0
fi
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
echo "botocore==$version --hash=sha256:$sha256" > "$download/requirements.txt"
python3 -m pip download --quiet --no-deps --no-binary=:all: --require-hashes \
    --dest "$download" --requirement "$download/requirements.txt" >&2
rm -rf "$dest"
mkdir -p "$dest"
python3 - "$download/botocore-$version.tar.gz" "$dest" <<'PY'
import sys, tarfile, pathlib
sdist, dest = sys.argv[1], pathlib.Path(sys.argv[2])
prefixes = {"/tests/unit/protocols/": dest, "/tests/functional/endpoint-rules/": dest / "endpoint-rules"}
with tarfile.open(sdist) as archive:
    for member in archive.getmembers():
        for prefix, under in prefixes.items():
            _, found, rest = member.name.partition(prefix)
            if found:
                break
        if not found or not member.isfile() or ".." in rest.split("/"):
            continue
        target = under / rest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.extractfile(member).read())
PY
echo "$version" > "$dest/VERSION"
echo "$dest"

#!/usr/bin/env bash
# The crate's rebuild, its dependencies built: a debug build of an empty program on a generated
# crate after `cargo clean -p` of that crate alone, against the same on the official SDK crates
# (their dependencies, aws-config's included with `client`, built), alternated, as a ratio: what
# a user waits for when the API changes and the crate is generated again.
#
#   tests/bench/rebuild.sh CRATE_DIR [RUNS] [EXTRA_FEATURES]
#
# Arguments and SDK_CRATES as ../shared/bench/compare-sdk-build.sh takes them (default: the IVS
# and IVS RealTime SDK crates). Needs the registry once (cargo fetch).
set -euo pipefail
crate=$(cd "${1:?usage: rebuild.sh CRATE_DIR [RUNS] [EXTRA_FEATURES]}" && pwd)
runs=${2:-3}
features=${3:-}
sdk_crates=${SDK_CRATES:-aws-sdk-ivs aws-sdk-ivsrealtime}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pkg=$(sed -n 's/^name = "\(.*\)"/\1/p' "$crate/Cargo.toml" | head -n1)

mkdir -p "$work/gen/src" "$work/sdk/src"
{
  printf '[package]\nname = "probe-gen"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n'
  if [ -n "$features" ]; then
    printf '%s = { path = "%s", features = ["%s"] }\n' "$pkg" "$crate" "$features"
  else
    printf '%s = { path = "%s" }\n' "$pkg" "$crate"
  fi
  printf '\n[workspace]\n'
} > "$work/gen/Cargo.toml"
{
  printf '[package]\nname = "probe-sdk"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n'
  for c in $sdk_crates; do printf '%s = "1"\n' "$c"; done
  [ -n "$features" ] && printf 'aws-config = "1"\ntokio = { version = "1", features = ["macros", "rt-multi-thread"] }\n'
  printf '\n[workspace]\n'
} > "$work/sdk/Cargo.toml"
for side in gen sdk; do
  echo 'fn main() {}' > "$work/$side/src/main.rs"
  (cd "$work/$side" && cargo fetch -q && cargo build -q --offline 2>/dev/null)
done

rebuild() { # dir packages... -> wall seconds of the build after cleaning those packages
  local dir=$1 s e
  shift
  local specs=()
  for p in "$@"; do specs+=(-p "$p"); done
  (cd "$dir" && cargo clean -q --offline "${specs[@]}" 2>/dev/null)
  s=$(date +%s.%N); (cd "$dir" && cargo build -q --offline 2>/dev/null); e=$(date +%s.%N)
  echo "$e - $s" | bc
}

echo "run  generated_s  sdk_s  ratio"
ratios=()
for i in $(seq "$runs"); do
  # shellcheck disable=SC2086 # the SDK crates are words
  g=$(rebuild "$work/gen" "$pkg"); s=$(rebuild "$work/sdk" $sdk_crates)
  r=$(echo "scale=3; $g / $s" | bc)
  ratios+=("$r")
  printf '%3d  %11.1f  %5.1f  %5s\n' "$i" "$g" "$s" "$r"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median ratio generated/sdk (rebuild of the crate alone, debug, wall): $median"

#!/usr/bin/env bash
# A crate written with `cargo xtask codegen --out` from one botocore model builds on its own and
# names itself: its `cargo test --features client` (doctests included) and
# `cargo clippy --all-targets --features client` pass with warnings denied, and the client's
# `User-Agent`, seen by a local server, is `<service>-models/<version>`.
#
#   tests/corpus/standalone.sh DATA_DIR [SERVICE]   (default dynamodb; DATA_DIR from fetch.sh)
#
# The crate is written in a temporary directory, outside this workspace, as a user's would be;
# its target directory is target/standalone/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
data=$1
service=${2:-dynamodb}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
model="$work/model"
out="$work/$service-models"
mkdir -p "$model/examples"
version=$(ls "$data/$service" | sort | tail -n 1)
gzip -dc "$data/$service/$version/service-2.json.gz" > "$model/$service.json"
# Its endpoint rule set beside it, as `cargo xtask corpus` takes it.
rules="$data/$service/$version/endpoint-rule-set-1.json.gz"
if [ -f "$rules" ]; then
    gzip -dc "$rules" > "$model/$service.endpoint-rule-set.json"
fi
# Its paginators and waiters too, as a model directory names them.
for sibling in paginators-1.json:paginators waiters-2.json:waiters; do
    if [ -f "$data/$service/$version/${sibling%%:*}" ]; then
        cp "$data/$service/$version/${sibling%%:*}" "$model/$service.${sibling##*:}.json"
    fi
done
# An example that sends one request to a local server and prints the User-Agent it carried; it
# is written into the crate like any model directory's examples.
operation=${OPERATION:-ListTables}
module=${service//-/_}
cat > "$model/examples/user_agent.rs" <<RUST
//! Sends \`$operation\` to a server on 127.0.0.1 and prints the \`User-Agent\` it received.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;

use ${module}_models::client::{Client, Config, Credentials};
use ${module}_models::${module}::operation::$operation;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let server = std::thread::spawn(move || -> std::io::Result<String> {
        let (stream, _) = listener.accept()?;
        let mut agent = String::new();
        let mut reader = BufReader::new(stream.try_clone()?);
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            if line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("user-agent")
            {
                value.trim().clone_into(&mut agent);
            }
        }
        let mut stream = stream;
        stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")?;
        Ok(agent)
    });
    let config = Config::new()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .endpoint_url(format!("http://{address}"));
    let client = Client::new(config)?;
    let sent = client.send::<$operation>(Default::default()).await;
    let agent = server.join().map_err(|_| "the server thread panicked")??;
    println!("{agent}");
    sent?;
    Ok(())
}
RUST
cd "$root"
cargo xtask codegen --model "$model" --out "$out"
cp Cargo.lock "$out/Cargo.lock"
export CARGO_TARGET_DIR="$root/target/standalone" RUSTFLAGS="-D warnings" RUSTDOCFLAGS="-D warnings"
cargo test --quiet --manifest-path "$out/Cargo.toml" --features client
cargo clippy --quiet --manifest-path "$out/Cargo.toml" --all-targets --features client -- -D warnings
agent=$(cargo run --quiet --manifest-path "$out/Cargo.toml" --features client --example user_agent)
package=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$out/Cargo.toml" | head -n 1)
echo "User-Agent: $agent"
case "$agent" in
    "$package/"*) ;;
    *) echo "error: the User-Agent is not the crate's own ($package)" >&2; exit 1 ;;
esac
if grep -rli 'ivs' "$out/src" "$out/Cargo.toml"; then
    echo "error: the files above name IVS" >&2
    exit 1
fi

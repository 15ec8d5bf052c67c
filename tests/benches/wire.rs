//! What the protocol layer costs: per operation, building the HTTP request against plain
//! `serde_json::to_vec` of the same input, and reading the HTTP response against plain
//! `serde_json::from_slice` of the same body, from the wire fixtures.
//!
//! Run with `cargo bench -p ivs-tests --bench wire`; the `request`/`to_vec` and
//! `response`/`from_slice` rows of one operation compare directly.

use std::path::Path;

use divan::Bencher;
use ivs_models::ivs::operation as ivs;
use ivs_models::ivs_realtime::operation as rt;
use ivs_models::{Operation, http};

fn main() {
    divan::main();
}

/// The fixture `<Operation>.<kind>.json` of whichever service has it, as bytes.
fn fixture<O: Operation>(kind: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/wire");
    ["ivs", "ivs-realtime"]
        .iter()
        .find_map(|service| {
            std::fs::read(dir.join(service).join(format!("{}.{kind}.json", O::NAME))).ok()
        })
        .unwrap_or_else(|| b"{}".to_vec())
}

fn input<O: Operation>() -> O::Input {
    serde_json::from_slice(&fixture::<O>("request")).expect("a request fixture")
}

/// The operation's response as the service sends it: its fixture, compacted.
fn canned_response<O: Operation>() -> http::Response<Vec<u8>> {
    let output: O::Output =
        serde_json::from_slice(&fixture::<O>("response")).expect("a response fixture");
    O::write_response(&output)
}

/// Each benchmark below, for these operations (body-only ones, and the tagging ones with labels
/// and a query string).
macro_rules! for_operations {
    ($($item:item)*) => {$(
        #[divan::bench(types = [
            ivs::BatchGetChannel, ivs::CreateChannel, ivs::CreateRecordingConfiguration,
            ivs::GetChannel, ivs::GetStreamSession, ivs::ListChannels, ivs::ListStreams,
            ivs::ListTagsForResource, ivs::UntagResource, rt::CreateStage, rt::GetComposition,
            rt::StartComposition,
        ])]
        $item
    )*};
}

for_operations! {
    fn request<O: Operation>(bencher: Bencher) {
        let input = input::<O>();
        bencher.bench_local(|| O::request(divan::black_box(&input)));
    }

    fn to_vec<O: Operation>(bencher: Bencher) {
        let input = input::<O>();
        bencher.bench_local(|| serde_json::to_vec(divan::black_box(&input)));
    }

    fn response<O: Operation>(bencher: Bencher) {
        let response = canned_response::<O>();
        bencher.bench_local(|| O::response(divan::black_box(&response)));
    }

    fn from_slice<O: Operation>(bencher: Bencher) {
        let body = canned_response::<O>().into_body();
        bencher.bench_local(|| serde_json::from_slice::<O::Output>(divan::black_box(&body)));
    }
}

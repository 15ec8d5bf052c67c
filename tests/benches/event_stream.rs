//! What reading an event stream costs: frames of a 1 KiB payload with the three headers every
//! event carries (`:message-type`, `:event-type`, `:content-type`), decoded by the runtime's
//! incremental `Decoder` from one buffer and from 1,500-byte chunks (a TCP segment's worth), with
//! bytes per second and allocations per iteration (divan's allocation profiler).
//!
//! Run with `cargo bench -p ivs-tests --bench event_stream`.

use divan::Bencher;
use divan::counter::BytesCount;
use ivs_models::event_stream::{Decoder, HeaderValue, Message, encode};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

/// A stream of `frames` events, each with a 1 KiB payload.
fn stream(frames: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    for _ in 0..frames {
        let message = Message::new(vec![b'x'; 1024])
            .header(":message-type", HeaderValue::String("event".to_owned()))
            .header(":event-type", HeaderValue::String("chunk".to_owned()))
            .header(
                ":content-type",
                HeaderValue::String("application/json".to_owned()),
            );
        bytes.extend(encode(&message).expect("a frame"));
    }
    bytes
}

/// One frame from its whole bytes.
#[divan::bench]
fn one_frame(bencher: Bencher) {
    let bytes = stream(1);
    bencher.counter(BytesCount::of_slice(&bytes)).bench(|| {
        let mut decoder = Decoder::new();
        let messages = decoder.push(divan::black_box(&bytes)).expect("decodes");
        divan::black_box(messages)
    });
}

/// A thousand frames, from `chunk`-byte pieces.
#[divan::bench(args = [1500, 65536])]
fn thousand_frames(bencher: Bencher, chunk: usize) {
    let bytes = stream(1000);
    bencher.counter(BytesCount::of_slice(&bytes)).bench(|| {
        let mut decoder = Decoder::new();
        let mut count = 0;
        for piece in bytes.chunks(chunk) {
            count += decoder
                .push(divan::black_box(piece))
                .expect("decodes")
                .len();
        }
        divan::black_box(count)
    });
}

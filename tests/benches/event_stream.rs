//! What reading an event stream costs: frames of a 1 KiB payload with the three headers every
//! event carries (`:message-type`, `:event-type`, `:content-type`), read by the runtime's
//! incremental `Decoder` from 1,500-byte chunks (a TCP segment's worth) and 64 KiB ones, with
//! bytes per second and allocations (divan's allocation profiler).
//!
//! `in_place`: each iteration is one frame, read by `Decoder::next_frame` from a stream of a
//! thousand going round, with its headers walked and payload touched: the allocation figures
//! are per frame. `owned`: `Decoder::push`, which gives owned `Message`s; each iteration is
//! one frame from its whole bytes (`one_frame`), or a thousand frames (`thousand_frames`, whose
//! allocation count is per thousand).
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

mod in_place {
    use super::{Bencher, BytesCount, Decoder, stream};

    /// A stream read frame by frame, from `chunk`-byte pieces, starting again at its end.
    struct Feed {
        bytes: Vec<u8>,
        chunk: usize,
        /// Where the current piece starts, and how far into it the decoder has read.
        piece: usize,
        at: usize,
        decoder: Decoder,
    }

    impl Feed {
        /// The next frame's header count and payload length.
        fn next(&mut self) -> (usize, usize) {
            loop {
                let end = (self.piece + self.chunk).min(self.bytes.len());
                let mut input = &self.bytes[self.at..end];
                let frame = self.decoder.next_frame(&mut input).expect("decodes");
                let read = frame.map(|frame| (frame.headers().count(), frame.payload().len()));
                self.at = end - input.len();
                if self.at == end {
                    self.piece = if end == self.bytes.len() { 0 } else { end };
                    self.at = self.piece;
                }
                if let Some(read) = read {
                    return read;
                }
            }
        }
    }

    /// One frame per iteration, from `chunk`-byte pieces of a thousand-frame stream.
    #[divan::bench(args = [1500, 65536])]
    fn frame(bencher: Bencher, chunk: usize) {
        let bytes = stream(1000);
        let frame_len = bytes.len() / 1000;
        let mut feed = Feed {
            bytes,
            chunk,
            piece: 0,
            at: 0,
            decoder: Decoder::new(),
        };
        bencher
            .counter(BytesCount::new(frame_len))
            .bench_local(|| divan::black_box(feed.next()));
    }
}

mod owned {
    use super::{Bencher, BytesCount, Decoder, stream};

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
}

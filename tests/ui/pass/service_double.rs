// Proves that the `Ivs` service trait can be implemented by a test double that implements only the
// operations it uses, and called, and that code can be generic over `Operation`.
#![deny(warnings)]

use std::collections::BTreeMap;
use std::future::{Future, ready};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use ivs_models::ivs::operation::{CreateChannel, GetChannel, ListTagsForResource, UntagResource};
use ivs_models::ivs::*;
use ivs_models::ivs_realtime::operation::StartComposition;
use ivs_models::ivs_realtime::{DestinationConfiguration, StartCompositionRequest};
use ivs_models::{NotImplemented, Operation};

const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH";

/// Answers `get_channel` from a map, `create_channel` and `batch_get_channel`, and nothing else.
struct FakeIvs {
    channels: BTreeMap<String, Channel>,
}

impl Ivs for FakeIvs {
    type Error = NotImplemented;

    // An `async fn` satisfies `-> impl Future<Output = ...> + Send`.
    async fn get_channel(
        &self,
        input: GetChannelRequest,
    ) -> Result<GetChannelResponse, NotImplemented> {
        let response = GetChannelResponse::new();
        Ok(match self.channels.get(&input.arn) {
            Some(channel) => response.channel(channel.clone()),
            None => response,
        })
    }

    // So does a block returning `async move { ... }`.
    fn create_channel(
        &self,
        input: CreateChannelRequest,
    ) -> impl Future<Output = Result<CreateChannelResponse, NotImplemented>> + Send {
        async move {
            let mut channel = Channel::new().arn(ARN);
            channel.name = input.name;
            channel.latency_mode = input.latency_mode;
            Ok(CreateChannelResponse::new().channel(channel))
        }
    }

    // And `std::future::ready`.
    fn batch_get_channel(
        &self,
        _input: BatchGetChannelRequest,
    ) -> impl Future<Output = Result<BatchGetChannelResponse, NotImplemented>> + Send {
        ready(Ok(BatchGetChannelResponse::new()))
    }

    // Every other operation keeps the trait's default: `NotImplemented`.
}

/// Polls a future once: enough for a test double that never waits.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut context) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the test double never waits"),
    }
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

/// Code written once against the trait, for any implementation.
async fn channel_name<S: Ivs>(service: &S, arn: &str) -> Result<Option<String>, S::Error> {
    let response = service.get_channel(GetChannelRequest::new(arn)).await?;
    Ok(response.channel.and_then(|channel| channel.name))
}

/// Code written once against `Operation`, for any operation.
fn route<O: Operation>() -> String {
    println!("{}: {} {}", O::NAME, O::HTTP_METHOD, O::HTTP_URI);
    format!("{} {} {}", O::NAME, O::HTTP_METHOD, O::HTTP_URI)
}

fn main() {
    let service = FakeIvs {
        channels: BTreeMap::from([(
            ARN.to_owned(),
            Channel::new()
                .arn(ARN)
                .name("my-channel")
                .r#type(ChannelType::Basic),
        )]),
    };

    // The future the trait promises is `Send`.
    let response = block_on(assert_send(
        service.get_channel(GetChannelRequest::new(ARN)),
    ))
    .unwrap();
    let channel = response.channel.expect("the double knows this channel");
    assert_eq!(channel.name.as_deref(), Some("my-channel"));
    assert_eq!(channel.r#type, Some(ChannelType::Basic));

    let missing = block_on(service.get_channel(GetChannelRequest::new("arn:nope"))).unwrap();
    assert_eq!(missing, GetChannelResponse::new());

    let created = block_on(
        service.create_channel(
            CreateChannelRequest::new()
                .name("new")
                .latency_mode(ChannelLatencyMode::Normal),
        ),
    )
    .unwrap();
    let created = created.channel.expect("a created channel");
    assert_eq!(created.name.as_deref(), Some("new"));
    assert_eq!(created.latency_mode, Some(ChannelLatencyMode::Normal));

    // An operation the double does not implement answers `NotImplemented`, and its future is
    // `Send` too.
    let deleted = block_on(assert_send(
        service.delete_channel(DeleteChannelRequest::new(ARN)),
    ));
    assert_eq!(deleted, Err(NotImplemented::new("DeleteChannel")));
    assert_eq!(
        deleted.unwrap_err().to_string(),
        "operation `DeleteChannel` is not implemented"
    );
    assert!(block_on(service.batch_get_channel(BatchGetChannelRequest::new([ARN]))).is_ok());

    assert_eq!(
        block_on(channel_name(&service, ARN)),
        Ok(Some("my-channel".to_owned()))
    );
    assert_eq!(block_on(channel_name(&service, "arn:nope")), Ok(None));

    assert_eq!(route::<GetChannel>(), "GetChannel POST /GetChannel");
    assert_eq!(
        route::<CreateChannel>(),
        "CreateChannel POST /CreateChannel"
    );
    assert_eq!(
        route::<ListTagsForResource>(),
        "ListTagsForResource GET /tags/{resourceArn}"
    );
    assert_eq!(
        route::<UntagResource>(),
        "UntagResource DELETE /tags/{resourceArn}"
    );
    assert_eq!(
        route::<StartComposition>(),
        "StartComposition POST /StartComposition"
    );

    // Generic code reaches the idempotency token of the operations that have one.
    let mut start = StartCompositionRequest::new("arn:stage", [DestinationConfiguration::new()]);
    if let Some(token) = StartComposition::idempotency_token(&mut start) {
        token.get_or_insert_with(|| "fresh-token".to_owned());
    }
    assert_eq!(start.idempotency_token.as_deref(), Some("fresh-token"));
    let mut get = GetChannelRequest::new(ARN);
    assert!(GetChannel::idempotency_token(&mut get).is_none());
}

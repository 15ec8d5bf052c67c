// Proves that the `Ivs` service trait can be implemented by a test double and called, and that code can be generic over `Operation`.
#![deny(warnings)]

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::{Future, ready};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use ivs_models::ivs::operation::{CreateChannel, GetChannel, ListTagsForResource, UntagResource};
use ivs_models::ivs::*;
use ivs_models::ivs_realtime::operation::StartComposition;
use ivs_models::ivs_realtime::{DestinationConfiguration, StartCompositionRequest};
use ivs_models::{Empty, Operation};

const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH";

/// Answers `get_channel` from a map and every other operation with an empty response.
struct FakeIvs {
    channels: BTreeMap<String, Channel>,
}

impl Ivs for FakeIvs {
    type Error = Infallible;

    // An `async fn` satisfies `-> impl Future<Output = ...> + Send`.
    async fn get_channel(
        &self,
        input: GetChannelRequest,
    ) -> Result<GetChannelResponse, Infallible> {
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
    ) -> impl Future<Output = Result<CreateChannelResponse, Infallible>> + Send {
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
    ) -> impl Future<Output = Result<BatchGetChannelResponse, Infallible>> + Send {
        ready(Ok(BatchGetChannelResponse::new()))
    }

    fn batch_get_stream_key(
        &self,
        _input: BatchGetStreamKeyRequest,
    ) -> impl Future<Output = Result<BatchGetStreamKeyResponse, Infallible>> + Send {
        ready(Ok(BatchGetStreamKeyResponse::new()))
    }

    fn create_recording_configuration(
        &self,
        _input: CreateRecordingConfigurationRequest,
    ) -> impl Future<Output = Result<CreateRecordingConfigurationResponse, Infallible>> + Send {
        ready(Ok(CreateRecordingConfigurationResponse::new()))
    }

    fn create_stream_key(
        &self,
        _input: CreateStreamKeyRequest,
    ) -> impl Future<Output = Result<CreateStreamKeyResponse, Infallible>> + Send {
        ready(Ok(CreateStreamKeyResponse::new()))
    }

    fn delete_channel(
        &self,
        _input: DeleteChannelRequest,
    ) -> impl Future<Output = Result<Empty, Infallible>> + Send {
        ready(Ok(Empty::default()))
    }

    fn delete_stream_key(
        &self,
        _input: DeleteStreamKeyRequest,
    ) -> impl Future<Output = Result<Empty, Infallible>> + Send {
        ready(Ok(Empty::default()))
    }

    fn get_recording_configuration(
        &self,
        _input: GetRecordingConfigurationRequest,
    ) -> impl Future<Output = Result<GetRecordingConfigurationResponse, Infallible>> + Send {
        ready(Ok(GetRecordingConfigurationResponse::new()))
    }

    fn get_stream(
        &self,
        _input: GetStreamRequest,
    ) -> impl Future<Output = Result<GetStreamResponse, Infallible>> + Send {
        ready(Ok(GetStreamResponse::new()))
    }

    fn get_stream_key(
        &self,
        _input: GetStreamKeyRequest,
    ) -> impl Future<Output = Result<GetStreamKeyResponse, Infallible>> + Send {
        ready(Ok(GetStreamKeyResponse::new()))
    }

    fn get_stream_session(
        &self,
        _input: GetStreamSessionRequest,
    ) -> impl Future<Output = Result<GetStreamSessionResponse, Infallible>> + Send {
        ready(Ok(GetStreamSessionResponse::new()))
    }

    fn list_channels(
        &self,
        _input: ListChannelsRequest,
    ) -> impl Future<Output = Result<ListChannelsResponse, Infallible>> + Send {
        ready(Ok(ListChannelsResponse::new()))
    }

    fn list_stream_keys(
        &self,
        _input: ListStreamKeysRequest,
    ) -> impl Future<Output = Result<ListStreamKeysResponse, Infallible>> + Send {
        ready(Ok(ListStreamKeysResponse::new()))
    }

    fn list_streams(
        &self,
        _input: ListStreamsRequest,
    ) -> impl Future<Output = Result<ListStreamsResponse, Infallible>> + Send {
        ready(Ok(ListStreamsResponse::new()))
    }

    fn list_tags_for_resource(
        &self,
        _input: ListTagsForResourceRequest,
    ) -> impl Future<Output = Result<ListTagsForResourceResponse, Infallible>> + Send {
        ready(Ok(ListTagsForResourceResponse::new()))
    }

    fn put_metadata(
        &self,
        _input: PutMetadataRequest,
    ) -> impl Future<Output = Result<Empty, Infallible>> + Send {
        ready(Ok(Empty::default()))
    }

    fn stop_stream(
        &self,
        _input: StopStreamRequest,
    ) -> impl Future<Output = Result<StopStreamResponse, Infallible>> + Send {
        ready(Ok(StopStreamResponse::new()))
    }

    fn tag_resource(
        &self,
        _input: TagResourceRequest,
    ) -> impl Future<Output = Result<TagResourceResponse, Infallible>> + Send {
        ready(Ok(TagResourceResponse::new()))
    }

    fn untag_resource(
        &self,
        _input: UntagResourceRequest,
    ) -> impl Future<Output = Result<UntagResourceResponse, Infallible>> + Send {
        ready(Ok(UntagResourceResponse::new()))
    }

    fn update_channel(
        &self,
        _input: UpdateChannelRequest,
    ) -> impl Future<Output = Result<UpdateChannelResponse, Infallible>> + Send {
        ready(Ok(UpdateChannelResponse::new()))
    }
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

    // The future the trait promises is `Send`, and an `Infallible` error needs no handling.
    let Ok(response) = block_on(assert_send(
        service.get_channel(GetChannelRequest::new(ARN)),
    ));
    let channel = response.channel.expect("the double knows this channel");
    assert_eq!(channel.name.as_deref(), Some("my-channel"));
    assert_eq!(channel.r#type, Some(ChannelType::Basic));

    let Ok(missing) = block_on(service.get_channel(GetChannelRequest::new("arn:nope")));
    assert_eq!(missing, GetChannelResponse::new());

    let Ok(created) = block_on(
        service.create_channel(
            CreateChannelRequest::new()
                .name("new")
                .latency_mode(ChannelLatencyMode::Normal),
        ),
    );
    let created = created.channel.expect("a created channel");
    assert_eq!(created.name.as_deref(), Some("new"));
    assert_eq!(created.latency_mode, Some(ChannelLatencyMode::Normal));

    let Ok(deleted) = block_on(service.delete_channel(DeleteChannelRequest::new(ARN)));
    assert_eq!(serde_json::to_string(&deleted).unwrap(), "{}");

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

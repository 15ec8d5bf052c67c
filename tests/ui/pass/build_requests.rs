// Proves the intended way to build requests (`new` with the required members, then chained setters) and the JSON it serializes to.
#![deny(warnings)]

use std::collections::BTreeMap;

use ivs_models::ivs::{
    ChannelLatencyMode, ChannelType, CreateChannelRequest, GetChannelRequest, UpdateChannelRequest,
};
use ivs_models::ivs_realtime::{
    ChannelDestinationConfiguration, DestinationConfiguration, S3DestinationConfiguration,
    StartCompositionRequest,
};
use serde_json::json;

const CHANNEL_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH";
const STAGE_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh";
const STORAGE_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:storage-configuration/ABabCDcdEFef";
const ENCODER_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:encoder-configuration/ABabCDcdEFef";

fn main() {
    // No required members: `new()` takes nothing and every setter is optional.
    let create = CreateChannelRequest::new()
        .name("my-channel")
        .latency_mode(ChannelLatencyMode::Low)
        .r#type(ChannelType::Standard)
        .tags(BTreeMap::from([("team".to_owned(), "video".to_owned())]));
    assert_eq!(create.name.as_deref(), Some("my-channel"));
    assert_eq!(create.latency_mode, Some(ChannelLatencyMode::Low));
    assert_eq!(
        serde_json::to_value(&create).unwrap(),
        json!({
            "name": "my-channel",
            "latencyMode": "LOW",
            "type": "STANDARD",
            "tags": { "team": "video" },
        }),
    );
    // Members left unset are left out of the JSON, not written as `null`.
    assert_eq!(
        serde_json::to_value(CreateChannelRequest::new()).unwrap(),
        json!({})
    );

    // A required member is an argument of `new`, and takes anything `Into` its type.
    let get = GetChannelRequest::new(CHANNEL_ARN);
    assert_eq!(get.arn, CHANNEL_ARN);
    assert_eq!(
        serde_json::to_value(&get).unwrap(),
        json!({ "arn": CHANNEL_ARN })
    );
    assert_eq!(GetChannelRequest::new(CHANNEL_ARN.to_owned()), get);

    // Required and optional together; an enum value this crate does not know goes through as is.
    let update = UpdateChannelRequest::new(CHANNEL_ARN)
        .name("renamed")
        .r#type(ChannelType::from("ULTRA_HD"));
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({ "arn": CHANNEL_ARN, "name": "renamed", "type": "ULTRA_HD" }),
    );

    // Nested structures are built the same way, each with its own required members.
    let start = StartCompositionRequest::new(
        STAGE_ARN,
        vec![
            DestinationConfiguration::new()
                .name("to-channel")
                .channel(ChannelDestinationConfiguration::new(CHANNEL_ARN)),
            DestinationConfiguration::new()
                .name("to-s3")
                .s3(S3DestinationConfiguration::new(
                    STORAGE_ARN,
                    [ENCODER_ARN.to_owned()],
                )),
        ],
    )
    .idempotency_token("token-1");
    assert_eq!(start.destinations.len(), 2);
    let value = serde_json::to_value(&start).unwrap();
    assert_eq!(
        value,
        json!({
            "stageArn": STAGE_ARN,
            "idempotencyToken": "token-1",
            "destinations": [
                { "name": "to-channel", "channel": { "channelArn": CHANNEL_ARN } },
                {
                    "name": "to-s3",
                    "s3": {
                        "storageConfigurationArn": STORAGE_ARN,
                        "encoderConfigurationArns": [ENCODER_ARN],
                    },
                },
            ],
        }),
    );
    let back: StartCompositionRequest = serde_json::from_value(value).unwrap();
    assert_eq!(back, start);
}

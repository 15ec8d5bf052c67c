//! The client against a real IVS endpoint: moto's server (PyPI `moto[server]`, pinned in
//! `tests/python/requirements.txt`) on 127.0.0.1. CreateChannel → GetChannel → ListChannels page
//! by page → UpdateChannel → BatchGetChannel → DeleteChannel → GetChannel of the deleted channel.

mod client_support;

use std::collections::BTreeSet;

use ivs_models::client::Error;
use ivs_models::ivs::operation::ListChannels;
use ivs_models::ivs::{
    BatchGetChannelRequest, ChannelLatencyMode, CreateChannelRequest, DeleteChannelRequest,
    GetChannelRequest, Ivs as _, ListChannelsRequest, TranscodePreset, UpdateChannelRequest,
};

use client_support::{Moto, client};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channel_lifecycle_against_moto() {
    let moto = Moto::start();
    let client = client(&moto.endpoint);

    // Create four channels.
    let mut arns = Vec::new();
    for name in ["studio-a", "studio-b", "studio-c", "studio-d"] {
        let created = client
            .create_channel(
                CreateChannelRequest::new()
                    .name(name)
                    .latency_mode(ChannelLatencyMode::Low),
            )
            .await
            .expect("CreateChannel");
        let channel = created.channel.expect("a channel");
        assert_eq!(channel.name.as_deref(), Some(name));
        assert!(
            created.stream_key.is_some(),
            "a stream key comes with the channel"
        );
        arns.push(channel.arn.expect("an ARN"));
    }

    // GetChannel; moto answers `"preset": ""`, which is no known preset and is kept as is.
    let got = client
        .get_channel(GetChannelRequest::new(&arns[0]))
        .await
        .expect("GetChannel")
        .channel
        .expect("a channel");
    assert_eq!(got.arn.as_deref(), Some(arns[0].as_str()));
    assert_eq!(got.latency_mode, Some(ChannelLatencyMode::Low));
    let preset = got.preset.expect("moto sends a preset");
    assert!(matches!(preset, TranscodePreset::Unknown(_)), "{preset:?}");
    assert_eq!(preset.as_str(), "");

    // ListChannels, one channel a page: every channel once, through the page stream.
    let mut pages = client.pages::<ListChannels>(ListChannelsRequest::new().max_results(1));
    let mut listed = Vec::new();
    let mut page_count = 0;
    while let Some(page) = pages.next().await {
        let page = page.expect("a page");
        let channels = page.channels.unwrap_or_default();
        assert!(
            channels.len() <= 1,
            "maxResults=1 gave {} channels",
            channels.len()
        );
        listed.extend(channels.into_iter().filter_map(|c| c.arn));
        page_count += 1;
        assert!(page_count <= 10, "the pages do not end");
    }
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert!(page_count >= 4, "{page_count} pages");
    assert_eq!(
        listed.iter().collect::<BTreeSet<_>>(),
        arns.iter().collect::<BTreeSet<_>>()
    );

    // The same through the item stream.
    let mut items = client.items::<ListChannels>(ListChannelsRequest::new().max_results(1));
    let mut count = 0;
    while let Some(item) = items.next().await {
        item.expect("an item");
        count += 1;
    }
    assert_eq!(count, 4);

    // UpdateChannel.
    let updated = client
        .update_channel(UpdateChannelRequest::new(&arns[1]).name("studio-b-renamed"))
        .await
        .expect("UpdateChannel")
        .channel
        .expect("a channel");
    assert_eq!(updated.name.as_deref(), Some("studio-b-renamed"));

    // BatchGetChannel.
    let batch = client
        .batch_get_channel(BatchGetChannelRequest::new([&arns[1], &arns[2]]))
        .await
        .expect("BatchGetChannel");
    let names: BTreeSet<String> = batch
        .channels
        .unwrap_or_default()
        .into_iter()
        .filter_map(|c| c.name)
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["studio-b-renamed".to_owned(), "studio-c".to_owned()])
    );

    // DeleteChannel, then GetChannel of the deleted channel.
    for arn in &arns {
        client
            .delete_channel(DeleteChannelRequest::new(arn))
            .await
            .expect("DeleteChannel");
    }
    let error = client
        .get_channel(GetChannelRequest::new(&arns[0]))
        .await
        .expect_err("the channel is gone");
    let Error::Service(service) = &error else {
        panic!("expected the service's error, got {error}");
    };
    assert_eq!(service.status(), 404);
    assert_eq!(service.code(), "ResourceNotFoundException");
    assert_eq!(
        service.message(),
        Some(format!("Resource: {} not found", arns[0]).as_str())
    );
    assert!(service.request_id().is_some());
    let shown = error.to_string();
    assert!(shown.contains("ResourceNotFoundException"), "{shown}");
}

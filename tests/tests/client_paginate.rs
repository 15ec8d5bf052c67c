//! Paginators end when the token is absent, empty or repeated, and carry each token to the next
//! request; against scripted servers on 127.0.0.1.

mod client_support;

use ivs_models::Operation as _;
use ivs_models::client::Client;
use ivs_models::ivs::operation::{ListChannels, ListTagsForResource};
use ivs_models::ivs::{ListChannelsRequest, ListTagsForResourceRequest};

use client_support::{Reply, ScriptedServer, config, json_reply};

fn page(names: &[&str], token: Option<&str>) -> Reply {
    let channels: Vec<String> = names
        .iter()
        .map(|n| {
            format!(r#"{{"arn": "arn:aws:ivs:us-west-2:123456789012:channel/{n}", "name": "{n}"}}"#)
        })
        .collect();
    let token = token
        .map(|t| format!(r#", "nextToken": "{t}""#))
        .unwrap_or_default();
    json_reply(
        200,
        &[],
        &format!(r#"{{"channels": [{}]{token}}}"#, channels.join(", ")),
    )
}

async fn names(script: Vec<Reply>) -> (Vec<Vec<String>>, Vec<Option<String>>) {
    let server = ScriptedServer::start(script).await;
    let client = Client::new(config(&server.endpoint)).expect("a client");
    let mut pages = client.pages::<ListChannels>(ListChannelsRequest::new().max_results(2));
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("a page");
        seen.push(
            page.channels
                .unwrap_or_default()
                .into_iter()
                .filter_map(|c| c.name)
                .collect(),
        );
        assert!(seen.len() <= 10, "the pages do not end");
    }
    let tokens = server
        .requests()
        .iter()
        .map(|r| ListChannels::parse_request(r).expect("parses").next_token)
        .collect();
    (seen, tokens)
}

#[tokio::test]
async fn pages_follow_the_token_until_it_is_absent() {
    let (pages, tokens) = names(vec![
        page(&["a", "b"], Some("t1")),
        page(&["c", "d"], Some("t2")),
        page(&["e"], None),
    ])
    .await;
    assert_eq!(pages, [vec!["a", "b"], vec!["c", "d"], vec!["e"]]);
    assert_eq!(tokens, [None, Some("t1".to_owned()), Some("t2".to_owned())]);
}

#[tokio::test]
async fn an_empty_token_ends_the_pages() {
    let (pages, tokens) = names(vec![page(&["a"], Some("")), page(&["never"], None)]).await;
    assert_eq!(pages, [vec!["a"]]);
    assert_eq!(tokens.len(), 1);
}

#[tokio::test]
async fn a_repeated_token_ends_the_pages() {
    // A server that always answers the same token: two pages, then the stream ends.
    let (pages, tokens) = names(vec![page(&["a"], Some("same"))]).await;
    assert_eq!(pages, [vec!["a"], vec!["a"]]);
    assert_eq!(tokens, [None, Some("same".to_owned())]);
}

#[tokio::test]
async fn an_error_ends_the_pages_after_yielding_it() {
    let server = ScriptedServer::start(vec![
        page(&["a"], Some("t1")),
        json_reply(400, &[("X-Amzn-ErrorType", "ValidationException")], "{}"),
    ])
    .await;
    let client = Client::new(config(&server.endpoint)).expect("a client");
    let mut pages = client.pages::<ListChannels>(ListChannelsRequest::new());
    assert!(pages.next().await.expect("a page").is_ok());
    let error = pages
        .next()
        .await
        .expect("the error")
        .expect_err("an error");
    assert_eq!(
        error.service_error().map(|e| e.code()),
        Some("ValidationException")
    );
    assert!(pages.next().await.is_none());
}

#[tokio::test]
async fn items_flatten_the_pages() {
    let server = ScriptedServer::start(vec![
        page(&["a", "b"], Some("t1")),
        page(&[], Some("t2")),
        page(&["c"], None),
    ])
    .await;
    let client = Client::new(config(&server.endpoint)).expect("a client");
    let mut items = client.items::<ListChannels>(ListChannelsRequest::new());
    let mut names = Vec::new();
    while let Some(item) = items.next().await {
        names.extend(item.expect("an item").name);
    }
    assert_eq!(names, ["a", "b", "c"]);

    // A map member's entries are (key, value) pairs.
    let server = ScriptedServer::start(vec![
        json_reply(
            200,
            &[],
            r#"{"tags": {"k1": "v1", "k2": "v2"}, "nextToken": "t"}"#,
        ),
        json_reply(200, &[], r#"{"tags": {"k3": "v3"}}"#),
    ])
    .await;
    let client = Client::new(config(&server.endpoint)).expect("a client");
    let mut items = client.items::<ListTagsForResource>(ListTagsForResourceRequest::new(
        "arn:aws:ivs:us-west-2:123456789012:channel/abcd",
    ));
    let mut tags = Vec::new();
    while let Some(item) = items.next().await {
        tags.push(item.expect("an entry"));
    }
    let expected: Vec<(String, String)> = [("k1", "v1"), ("k2", "v2"), ("k3", "v3")]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(tags, expected);
}

//! Paginators end when the token is absent, empty or repeated, or `more_results` is false, and
//! carry each token to the next request; against scripted servers on 127.0.0.1. IVS's come from
//! botocore's paginators file (`model/ivs.paginators.json`); the others from
//! `tests/fixtures/paginate/`: several tokens, `||` and `[-1]`, nested paths, maps.

mod client_support;

// Clippy reads the paginators' code too.
#[allow(dead_code, missing_docs)]
mod fixture {
    include!(concat!(env!("OUT_DIR"), "/paginate_fixture.rs"));
}

use fixture::paged;
use fixture::paged::operation as ops;
use ivs_models::Operation as _;
use ivs_models::client::{Client, Paginated, PaginatedItems};
use ivs_models::ivs::ListChannelsRequest;
use ivs_models::ivs::operation::ListChannels;

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
}

/// Every page of `O` from `input` against a server answering `script`, and the inputs the server
/// read, as its server half reads them.
async fn all_pages<O>(script: Vec<Reply>, input: O::Input) -> (Vec<O::Output>, Vec<O::Input>)
where
    O: Paginated + 'static,
    O::Input: Send + 'static,
{
    let server = ScriptedServer::start(script).await;
    let client = Client::new(config(&server.endpoint)).expect("a client");
    let mut pages = client.pages::<O>(input);
    let mut outputs = Vec::new();
    while let Some(page) = pages.next().await {
        outputs.push(page.expect("a page"));
        assert!(outputs.len() <= 10, "the pages do not end");
    }
    let inputs = server
        .requests()
        .iter()
        .map(|r| O::parse_request(r).expect("parses"))
        .collect();
    (outputs, inputs)
}

/// Every item of `O` from `input` against a server answering `script`.
async fn all_items<O>(script: Vec<Reply>, input: O::Input) -> Vec<O::Item>
where
    O: PaginatedItems + 'static,
    O::Input: Send + 'static,
{
    let (pages, _) = all_pages::<O>(script, input).await;
    pages.into_iter().flat_map(O::into_items).collect()
}

#[tokio::test]
async fn several_tokens_travel_together_and_more_results_ends_the_pages() {
    // ListVersions: `keyMarker` and `versionMarker` from `nextKeyMarker || versions[-1].key` and
    // `nextVersionMarker`, while `isTruncated`.
    let script = vec![
        json_reply(
            200,
            &[],
            r#"{"isTruncated": true, "nextKeyMarker": "k2", "nextVersionMarker": "v2", "versions": [{"key": "k1", "versionId": "v1"}]}"#,
        ),
        // No `nextKeyMarker`: the last version's key stands in; no `nextVersionMarker`: the
        // next request has none.
        json_reply(
            200,
            &[],
            r#"{"isTruncated": true, "versions": [{"key": "k2", "versionId": "v2"}, {"key": "k3"}]}"#,
        ),
        // Tokens, but `isTruncated` is false: the last page.
        json_reply(
            200,
            &[],
            r#"{"isTruncated": false, "nextKeyMarker": "k9", "deleteMarkers": [{"key": "k4"}]}"#,
        ),
        json_reply(200, &[], r#"{"isTruncated": false}"#),
    ];
    let (pages, inputs) =
        all_pages::<ops::ListVersions>(script, paged::ListVersionsRequest::new().max_keys(2)).await;
    assert_eq!(pages.len(), 3);
    let sent: Vec<_> = inputs
        .into_iter()
        .map(|r| (r.key_marker, r.version_marker, r.max_keys))
        .collect();
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        sent,
        [
            (None, None, Some(2)),
            (some("k2"), some("v2"), Some(2)),
            (some("k3"), None, Some(2)),
        ]
    );
}

#[tokio::test]
async fn nested_tokens_and_flattened_results() {
    // ListGroups: the token at `page.nextMarker`, the items at `page.groups[].members[]`.
    let script = vec![
        json_reply(
            200,
            &[],
            r#"{"page": {"nextMarker": "m1", "groups": [{"name": "g1", "members": ["a", "b"]}, {"name": "g2"}, {"name": "g3", "members": ["c"]}]}}"#,
        ),
        json_reply(
            200,
            &[],
            r#"{"page": {"groups": [{"name": "g4", "members": ["d"]}]}}"#,
        ),
    ];
    let (_, inputs) =
        all_pages::<ops::ListGroups>(script.clone(), paged::ListGroupsRequest::new()).await;
    let markers: Vec<Option<String>> = inputs.into_iter().map(|r| r.marker).collect();
    assert_eq!(markers, [None, Some("m1".to_owned())]);
    let members = all_items::<ops::ListGroups>(script, paged::ListGroupsRequest::new()).await;
    assert_eq!(members, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn a_map_token_and_map_items() {
    // Scan: DynamoDB's form, a map for a token; an empty map ends the pages.
    let script = vec![
        json_reply(
            200,
            &[],
            r#"{"lastEvaluatedKey": {"id": ["7"]}, "count": 1}"#,
        ),
        json_reply(200, &[], r#"{"lastEvaluatedKey": {}, "count": 1}"#),
        json_reply(200, &[], r#"{"count": 0}"#),
    ];
    let (pages, inputs) = all_pages::<ops::Scan>(script, paged::ScanRequest::new()).await;
    assert_eq!(pages.len(), 2);
    let keys: Vec<_> = inputs.into_iter().map(|r| r.exclusive_start_key).collect();
    let key = [("id".to_owned(), vec!["7".to_owned()])]
        .into_iter()
        .collect();
    assert_eq!(keys, [None, Some(key)]);

    // A map's entries are (key, value) pairs.
    let script = vec![
        json_reply(
            200,
            &[],
            r#"{"labels": {"k1": "v1", "k2": "v2"}, "nextToken": "t"}"#,
        ),
        json_reply(200, &[], r#"{"labels": {"k3": "v3"}}"#),
    ];
    let labels = all_items::<ops::ListLabels>(script, paged::ListLabelsRequest::new()).await;
    let expected: Vec<(String, String)> = [("k1", "v1"), ("k2", "v2"), ("k3", "v3")]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(labels, expected);
}

#[tokio::test]
async fn page_size_sets_the_limit_key() {
    // IVS's `limit_key` is `maxResults`.
    let server = ScriptedServer::start(vec![page(&["a"], Some("t1")), page(&["b"], None)]).await;
    let client = Client::new(config(&server.endpoint)).expect("a client");
    let mut pages = client
        .pages::<ListChannels>(ListChannelsRequest::new())
        .page_size(3);
    while let Some(page) = pages.next().await {
        page.expect("a page");
    }
    let sizes: Vec<Option<i32>> = server
        .requests()
        .iter()
        .map(|r| ListChannels::parse_request(r).expect("parses").max_results)
        .collect();
    assert_eq!(sizes, [Some(3), Some(3)]);
}

//! Waiters call their operation until an acceptor matches: against scripted servers on
//! 127.0.0.1 with the waiters of `tests/fixtures/paginate/paged.waiters.json` (every matcher
//! kind, `length()`, a filter, `||`), against moto's DynamoDB with botocore's own
//! `TableExists` and `TableNotExists`, which also pages a Scan with botocore's paginator, and
//! against moto's EC2 with botocore's `InstanceExists`, `InstanceRunning` and
//! `InstanceTerminated`.

mod client_support;

// Clippy reads the waiters' code too.
#[allow(dead_code, missing_docs)]
mod fixture {
    include!(concat!(env!("OUT_DIR"), "/paginate_fixture.rs"));
}

#[allow(dead_code, missing_docs, clippy::all)]
mod botocore {
    include!(concat!(env!("OUT_DIR"), "/botocore_dynamodb.rs"));
}

use std::time::Duration;

use fixture::paged;
use fixture::paged::client::waiters::{JobDone, JobGone, TasksSettled};
use ivs_models::client::{Client, WaitError, WaitOptions, Waited, Waiter};

use client_support::{Moto, Reply, ScriptedServer, client, config, json_reply};

/// Waits with waiter `W` for job `id` against a server answering `script`, quickly; the result
/// and how many calls were made.
async fn wait<W>(script: Vec<Reply>, options: WaitOptions) -> (Result<Waited<W>, String>, usize)
where
    W: Waiter<Operation = paged::operation::GetJob>,
{
    let server = ScriptedServer::start(script).await;
    let client = Client::new(config(&server.endpoint)).expect("a client");
    let result = client
        .wait::<W>(paged::GetJobRequest::new("job-1"), options)
        .await
        .map_err(|error| match error {
            WaitError::Failure { .. } => "failure".to_owned(),
            WaitError::TimedOut { attempts, .. } => format!("timed out after {attempts}"),
            WaitError::Call { error, .. } => format!("call: {error}"),
            other => format!("{other}"),
        });
    (result, server.requests().len())
}

fn quick() -> WaitOptions {
    WaitOptions::new(Duration::from_secs(10)).min_delay(Duration::from_millis(1))
}

fn job(body: &str) -> Reply {
    json_reply(200, &[], body)
}

fn not_found() -> Reply {
    json_reply(404, &[("X-Amzn-ErrorType", "JobNotFound")], "{}")
}

#[tokio::test]
async fn a_waiter_retries_until_success() {
    // RUNNING matches nothing, JobNotFound says retry, DONE success.
    let (result, calls) = wait::<JobDone>(
        vec![
            job(r#"{"status": "RUNNING", "ready": false}"#),
            not_found(),
            job(r#"{"status": "DONE", "ready": true}"#),
        ],
        quick(),
    )
    .await;
    let output = result.expect("success").expect("an output");
    assert_eq!(output.status.as_ref().map(|s| s.as_str()), Some("DONE"));
    assert_eq!(calls, 3);
}

#[tokio::test]
async fn a_failure_acceptor_ends_the_wait() {
    let (result, calls) =
        wait::<JobDone>(vec![job(r#"{"status": "FAILED", "ready": true}"#)], quick()).await;
    assert_eq!(result.err().as_deref(), Some("failure"));
    assert_eq!(calls, 1);

    // `pathAny`: one broken task is enough.
    let (result, _) = wait::<JobDone>(
        vec![job(
            r#"{"status": "RUNNING", "ready": false, "tasks": [{"state": "ok"}, {"state": "broken"}]}"#,
        )],
        quick(),
    )
    .await;
    assert_eq!(result.err().as_deref(), Some("failure"));
}

#[tokio::test]
async fn path_all_needs_every_value_and_at_least_one() {
    // No tasks, then one pending: retry (any error retries too); then all ok: success.
    let (result, calls) = wait::<TasksSettled>(
        vec![
            job(r#"{"ready": false}"#),
            job(r#"{"ready": false, "tasks": [{"state": "ok"}, {"state": "pending"}]}"#),
            json_reply(400, &[("X-Amzn-ErrorType", "Throttled")], "{}"),
            job(r#"{"ready": true, "tasks": [{"state": "ok", "attempts": 2}, {"state": "ok"}]}"#),
        ],
        quick(),
    )
    .await;
    assert!(result.expect("success").is_ok());
    assert_eq!(calls, 4);

    // `length(tasks[?attempts > `2` || state == 'broken']) > `0``: failure.
    let (result, _) = wait::<TasksSettled>(
        vec![job(
            r#"{"ready": false, "tasks": [{"state": "ok", "attempts": 3}]}"#,
        )],
        quick(),
    )
    .await;
    assert_eq!(result.err().as_deref(), Some("failure"));
}

#[tokio::test]
async fn an_error_can_be_the_success_and_an_unread_error_ends_the_wait() {
    // JobGone: a 404 is what it waits for.
    let (result, calls) =
        wait::<JobGone>(vec![job(r#"{"ready": false}"#), not_found()], quick()).await;
    let error = result.expect("success").expect_err("the 404");
    assert_eq!(error.service_error().map(|e| e.status()), Some(404));
    assert_eq!(calls, 2);

    // JobDone reads no ValidationException: the wait ends with it.
    let (result, calls) = wait::<JobDone>(
        vec![json_reply(
            400,
            &[("X-Amzn-ErrorType", "ValidationException")],
            "{}",
        )],
        quick(),
    )
    .await;
    assert!(result.err().is_some_and(|e| e.starts_with("call: ")));
    assert_eq!(calls, 1);
}

#[tokio::test]
async fn the_attempts_and_the_time_are_bounded() {
    // JobDone allows 3 calls.
    let running = || job(r#"{"status": "RUNNING", "ready": false}"#);
    let (result, calls) = wait::<JobDone>(vec![running()], quick()).await;
    assert_eq!(result.err().as_deref(), Some("timed out after 3"));
    assert_eq!(calls, 3);

    // 50 ms with at least 40 ms between calls: two calls at the most.
    let options = WaitOptions::new(Duration::from_millis(50)).min_delay(Duration::from_millis(40));
    let (result, calls) = wait::<TasksSettled>(vec![job(r#"{"ready": false}"#)], options).await;
    assert!(result.is_err());
    assert!(calls <= 2, "{calls} calls");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dynamodb_table_waiters_and_a_scan_against_moto() {
    use botocore::dynamodb::client::waiters::{TableExists, TableNotExists};
    use botocore::dynamodb::operation::{CreateTable, DeleteTable, PutItem, Scan};
    use botocore::dynamodb::{
        AttributeDefinition, AttributeValue, BillingMode, CreateTableInput, DeleteTableInput,
        DescribeTableInput, KeySchemaElement, KeyType, PutItemInput, ScalarAttributeType,
        ScanInput,
    };

    let moto = Moto::start();
    let client = client(&moto.endpoint);
    let options = || WaitOptions::new(Duration::from_secs(30)).min_delay(Duration::from_millis(50));

    client
        .send::<CreateTable>(
            CreateTableInput::new("waited")
                .attribute_definitions(vec![AttributeDefinition::new("id", ScalarAttributeType::S)])
                .key_schema(vec![KeySchemaElement::new("id", KeyType::Hash)])
                .billing_mode(BillingMode::PayPerRequest),
        )
        .await
        .expect("CreateTable");
    let table = client
        .wait::<TableExists>(DescribeTableInput::new("waited"), options())
        .await
        .expect("the table exists")
        .expect("an output");
    assert_eq!(
        table
            .table
            .and_then(|t| t.table_status)
            .map(|s| s.as_str().to_owned()),
        Some("ACTIVE".to_owned())
    );

    for id in 0..5 {
        let item: std::collections::BTreeMap<_, _> =
            [("id".to_owned(), AttributeValue::new().s(id.to_string()))]
                .into_iter()
                .collect();
        client
            .send::<PutItem>(PutItemInput::new("waited", item))
            .await
            .expect("PutItem");
    }
    // botocore's Scan paginator: `ExclusiveStartKey` from `LastEvaluatedKey`, a map.
    let mut pages = client.pages::<Scan>(ScanInput::new("waited").limit(2));
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.expect("a page").items.map_or(0, |items| items.len()));
    }
    assert_eq!(sizes.iter().sum::<usize>(), 5, "{sizes:?}");
    assert!(sizes.len() >= 3, "{sizes:?}");
    // Its items are those of `Items`; `Count` and `ScannedCount`, its other result keys, are
    // totals.
    let mut items = client.items::<Scan>(ScanInput::new("waited").limit(2));
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        let item = item.expect("an item");
        ids.extend(item.get("id").and_then(|id| id.s.clone()));
    }
    ids.sort();
    assert_eq!(ids, ["0", "1", "2", "3", "4"]);

    client
        .send::<DeleteTable>(DeleteTableInput::new("waited"))
        .await
        .expect("DeleteTable");
    let gone = client
        .wait::<TableNotExists>(DescribeTableInput::new("waited"), options())
        .await
        .expect("the table is gone");
    let error = gone.expect_err("ResourceNotFoundException is the success");
    assert_eq!(
        error.service_error().map(|e| e.code()),
        Some("ResourceNotFoundException")
    );
}

#[allow(dead_code, missing_docs, clippy::all)]
mod botocore_ec2 {
    include!(concat!(env!("OUT_DIR"), "/botocore_ec2_waiters.rs"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ec2_instance_waiters_against_moto() {
    use botocore_ec2::ec2::client::waiters::{InstanceExists, InstanceRunning, InstanceTerminated};
    use botocore_ec2::ec2::operation::{RunInstances, TerminateInstances};
    use botocore_ec2::ec2::{
        DescribeInstancesRequest, InstanceType, RunInstancesRequest, TerminateInstancesRequest,
    };

    let moto = Moto::start();
    let client = client(&moto.endpoint);
    let options = || WaitOptions::new(Duration::from_secs(30)).min_delay(Duration::from_millis(50));
    let reservation = client
        .send::<RunInstances>(
            RunInstancesRequest::new(1, 1)
                .image_id("ami-03cf127a")
                .instance_type(InstanceType::T3Micro),
        )
        .await
        .expect("RunInstances");
    let ids: Vec<String> = reservation
        .instances
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| i.instance_id)
        .collect();
    assert_eq!(ids.len(), 1);
    let described = || DescribeInstancesRequest::new().instance_ids(ids.clone());

    // botocore's `InstanceExists` (`length(Reservations[]) > `0``) and `InstanceRunning`
    // (`pathAll` over `Reservations[].Instances[].State.Name`, failure on any terminated).
    client
        .wait::<InstanceExists>(described(), options())
        .await
        .expect("the instance exists")
        .expect("an output");
    let running = client
        .wait::<InstanceRunning>(described(), options())
        .await
        .expect("the instance runs")
        .expect("an output");
    let states: Vec<String> = running
        .reservations
        .into_iter()
        .flatten()
        .flat_map(|r| r.instances.unwrap_or_default())
        .filter_map(|i| i.state.and_then(|s| s.name).map(|n| n.as_str().to_owned()))
        .collect();
    assert_eq!(states, ["running"]);

    client
        .send::<TerminateInstances>(TerminateInstancesRequest::new(ids.clone()))
        .await
        .expect("TerminateInstances");
    client
        .wait::<InstanceTerminated>(described(), options())
        .await
        .expect("the instance is terminated")
        .expect("an output");
    // Once terminated, `InstanceRunning` ends in its failure acceptor rather than waiting.
    let failed = client
        .wait::<InstanceRunning>(described(), options())
        .await
        .expect_err("a terminated instance never runs");
    assert!(matches!(failed, WaitError::Failure { .. }), "{failed}");
}

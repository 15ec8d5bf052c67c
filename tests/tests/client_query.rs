//! The client against real awsQuery and ec2 endpoints: moto's server (PyPI `moto[server]`,
//! pinned in `tests/python/requirements.txt`) on 127.0.0.1, answering STS, IAM, SNS and EC2 as
//! generated from botocore's own models (cut down to the operations called): GetCallerIdentity,
//! AssumeRole and an error read from `<ErrorResponse>`; IAM users made, tagged, listed and a
//! missing one's `NoSuchEntity`; an SNS topic with attributes, a subscription and a message
//! published; EC2 instances run with tags, described and terminated.

#[macro_use]
mod client_support;

#[allow(dead_code, missing_docs, clippy::all)]
mod botocore {
    include!(concat!(env!("OUT_DIR"), "/botocore_sts.rs"));
    include!(concat!(env!("OUT_DIR"), "/botocore_iam.rs"));
    include!(concat!(env!("OUT_DIR"), "/botocore_sns.rs"));
    include!(concat!(env!("OUT_DIR"), "/botocore_ec2.rs"));
}

use botocore::sts::operation::{AssumeRole, GetCallerIdentity};
use botocore::{ec2, iam, sns, sts};
use ivs_models::Operation;
use ivs_models::client::Error;

use client_support::{Moto, client};

service!(sts: GetCallerIdentity, AssumeRole);
service!(iam: CreateUser, GetUser, ListUsers, TagUser);
service!(sns: CreateTopic, ListTopics, Publish, Subscribe);
service!(ec2: RunInstances, DescribeInstances, TerminateInstances);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sts_against_moto() {
    let moto = Moto::start();
    let client = client(&moto.endpoint);

    // The request is the form botocore writes.
    let request =
        GetCallerIdentity::request(&sts::GetCallerIdentityRequest::new()).expect("a request");
    assert_eq!(
        request.body().as_slice(),
        b"Action=GetCallerIdentity&Version=2011-06-15"
    );

    let identity = client
        .send::<GetCallerIdentity>(sts::GetCallerIdentityRequest::new())
        .await
        .expect("GetCallerIdentity");
    assert_eq!(identity.account.as_deref(), Some("123456789012"));
    assert!(
        identity
            .arn
            .as_deref()
            .is_some_and(|arn| arn.starts_with("arn:aws:")),
        "{identity:?}"
    );

    let role = "arn:aws:iam::123456789012:role/deploy";
    let assumed = client
        .send::<AssumeRole>(sts::AssumeRoleRequest::new(role, "build-42").duration_seconds(900))
        .await
        .expect("AssumeRole");
    let credentials = assumed.credentials.expect("credentials");
    assert!(
        credentials.access_key_id.starts_with("ASIA"),
        "a temporary key: {}",
        credentials.access_key_id
    );
    assert!(!credentials.secret_access_key.is_empty());
    assert!(!credentials.session_token.is_empty());
    let user = assumed.assumed_role_user.expect("the assumed role's user");
    assert!(
        user.arn.contains("assumed-role/deploy/build-42"),
        "{}",
        user.arn
    );
    // The secret is never printed.
    assert!(!format!("{credentials:?}").contains(&credentials.secret_access_key));

    // A role session name over 64 characters is refused: an error read from `<ErrorResponse>`.
    let refused = client
        .send::<AssumeRole>(sts::AssumeRoleRequest::new(role, "s".repeat(65)))
        .await
        .expect_err("a session name of 65 characters is too long");
    let Error::Service(error) = &refused else {
        panic!("a service error, not {refused:?}");
    };
    let error = ivs_models::OperationError::service_error(error);
    assert_eq!(error.status(), 400);
    assert_eq!(error.code(), "ValidationError");
    assert!(
        error
            .message()
            .is_some_and(|m| m.contains("roleSessionName")),
        "{error:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn iam_against_moto() {
    use iam::operation::{CreateUser, GetUser, GetUserError, ListUsers, TagUser};
    let moto = Moto::start();
    let client = client(&moto.endpoint);
    for name in ["alice", "bob"] {
        let created = client
            .send::<CreateUser>(iam::CreateUserRequest::new(name).path("/team/"))
            .await
            .expect("CreateUser");
        let user = created.user.expect("the user made");
        assert_eq!(user.user_name, name);
        assert!(
            user.arn.ends_with(&format!(":user/team/{name}")),
            "{}",
            user.arn
        );
    }
    // A list of structures goes as `Tags.member.N.Key`.
    client
        .send::<TagUser>(iam::TagUserRequest::new(
            "alice",
            [
                iam::Tag::new("team", "video"),
                iam::Tag::new("on-call", "yes"),
            ],
        ))
        .await
        .expect("TagUser");
    let alice = client
        .send::<GetUser>(iam::GetUserRequest::new().user_name("alice"))
        .await
        .expect("GetUser")
        .user;
    let tags: Vec<(String, String)> = alice
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|tag| (tag.key, tag.value))
        .collect();
    assert!(tags.contains(&("team".into(), "video".into())), "{tags:?}");
    let listed = client
        .send::<ListUsers>(iam::ListUsersRequest::new().path_prefix("/team/"))
        .await
        .expect("ListUsers");
    let mut names: Vec<String> = listed.users.into_iter().map(|u| u.user_name).collect();
    names.sort();
    assert_eq!(names, ["alice", "bob"]);
    // The error's code is `NoSuchEntity`, the shape `NoSuchEntityException`: matched by the
    // model's `error.code`.
    let missing = client
        .send::<GetUser>(iam::GetUserRequest::new().user_name("carol"))
        .await
        .expect_err("carol does not exist");
    let Error::Service(GetUserError::NoSuchEntityException(_, error)) = &missing else {
        panic!("NoSuchEntity, not {missing:?}");
    };
    assert_eq!((error.status(), error.code()), (404, "NoSuchEntity"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sns_against_moto() {
    use sns::operation::{CreateTopic, ListTopics, Publish, Subscribe};
    let moto = Moto::start();
    let client = client(&moto.endpoint);
    // A map goes as `Attributes.entry.N.key` and `.value`.
    let topic = client
        .send::<CreateTopic>(
            sns::CreateTopicInput::new("builds")
                .attributes([("DisplayName".to_owned(), "Builds".to_owned())]),
        )
        .await
        .expect("CreateTopic")
        .topic_arn
        .expect("the topic's ARN");
    assert!(topic.ends_with(":builds"), "{topic}");
    let subscription = client
        .send::<Subscribe>(
            sns::SubscribeInput::new(topic.as_str(), "email").endpoint("ops@example.com"),
        )
        .await
        .expect("Subscribe");
    assert!(subscription.subscription_arn.is_some(), "{subscription:?}");
    let published = client
        .send::<Publish>(
            sns::PublishInput::new("build 42 passed: ✓ & <done>").topic_arn(topic.as_str()),
        )
        .await
        .expect("Publish");
    assert!(published.message_id.is_some_and(|id| !id.is_empty()));
    let topics = client
        .send::<ListTopics>(sns::ListTopicsInput::new())
        .await
        .expect("ListTopics")
        .topics
        .unwrap_or_default();
    assert!(
        topics
            .iter()
            .any(|t| t.topic_arn.as_deref() == Some(topic.as_str())),
        "{topics:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ec2_against_moto() {
    use ec2::operation::{DescribeInstances, RunInstances, TerminateInstances};
    let moto = Moto::start();
    let client = client(&moto.endpoint);
    // EC2's naming: `TagSpecification.1.Tag.1.Key`, lists never wrapped.
    let run = ec2::RunInstancesRequest::new(2, 2)
        .image_id("ami-03cf127a")
        .instance_type(ec2::InstanceType::T3Micro)
        .tag_specifications([ec2::TagSpecification::new()
            .resource_type(ec2::ResourceType::Instance)
            .tags([ec2::Tag::new().key("role").value("encoder")])]);
    let request = RunInstances::request(&run).expect("a request");
    let body = String::from_utf8_lossy(request.body()).into_owned();
    assert!(body.contains("TagSpecification.1.Tag.1.Key=role"), "{body}");
    let reservation = client
        .send::<RunInstances>(run)
        .await
        .expect("RunInstances");
    let ids: Vec<String> = reservation
        .instances
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| i.instance_id)
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");

    let described = client
        .send::<DescribeInstances>(ec2::DescribeInstancesRequest::new().instance_ids(ids.clone()))
        .await
        .expect("DescribeInstances");
    let instances: Vec<ec2::Instance> = described
        .reservations
        .unwrap_or_default()
        .into_iter()
        .flat_map(|r| r.instances.unwrap_or_default())
        .collect();
    assert_eq!(instances.len(), 2);
    for instance in &instances {
        let tags = instance.tags.clone().unwrap_or_default();
        assert!(
            tags.iter()
                .any(|t| t.key.as_deref() == Some("role") && t.value.as_deref() == Some("encoder")),
            "{tags:?}"
        );
        assert_eq!(
            instance.instance_type.as_ref().map(|t| t.as_str()),
            Some("t3.micro")
        );
    }

    let terminated = client
        .send::<TerminateInstances>(ec2::TerminateInstancesRequest::new(ids.clone()))
        .await
        .expect("TerminateInstances");
    let changes = terminated.terminating_instances.unwrap_or_default();
    assert_eq!(changes.len(), 2);
    for change in changes {
        let state = change.current_state.and_then(|s| s.name);
        assert!(
            matches!(
                state.as_ref().map(|s| s.as_str()),
                Some("shutting-down" | "terminated")
            ),
            "{state:?}"
        );
    }
}

#[test]
fn hostile_responses_are_errors_that_name_what_is_wrong() {
    let read = |label: &str, body: &[u8]| {
        let response = ivs_models::http::Response::builder()
            .status(200)
            .body(body.to_vec())
            .expect("a response");
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            AssumeRole::response(&response).map_err(|error| error.to_string())
        }))
        .unwrap_or_else(|_| panic!("{label}: reading the response panicked"))
    };
    let valid = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
                 <AssumeRoleResult><Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>\
                 <SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken>\
                 <Expiration>2026-11-30T13:00:00Z</Expiration></Credentials>\
                 <PackedPolicySize>6</PackedPolicySize></AssumeRoleResult>\
                 <ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>\
                 </AssumeRoleResponse>";
    let output = read("valid", valid.as_bytes()).expect("a valid answer reads");
    assert_eq!(output.packed_policy_size, Some(6));
    for (from, to, member) in [
        (
            "<PackedPolicySize>6<",
            "<PackedPolicySize>six<",
            "PackedPolicySize",
        ),
        ("2026-11-30T13:00:00Z", "soon", "Expiration"),
        ("<AccessKeyId>ASIAEXAMPLE</AccessKeyId>", "", "AccessKeyId"),
    ] {
        let body = valid.replacen(from, to, 1);
        let error = read(to, body.as_bytes()).expect_err(member);
        assert!(error.contains(member), "{member}: {error}");
    }
    let deep = "<a>".repeat(100_000) + &"</a>".repeat(100_000);
    let laughs = "<!DOCTYPE r [<!ENTITY x \"xx\">]><AssumeRoleResponse>&x;</AssumeRoleResponse>";
    for (label, body) in [("100,000 levels", deep.as_str()), ("an entity", laughs)] {
        let error = read(label, body.as_bytes()).expect_err(label);
        assert!(error.contains("XML"), "{label}: {error}");
    }
    for end in 1..valid.len() {
        let _ = read("a prefix", &valid.as_bytes()[..end]);
    }
}

/// The server half answers as AWS and moto's server do: the root of an answer or an error declares
/// the model's `xmlNamespace` (EC2's without the trailing slash, as botocore's model has it). The
/// client reads back what it wrote.
#[test]
fn answers_declare_the_service_namespace() {
    let root = |response: &ivs_models::http::Response<Vec<u8>>| {
        let body = String::from_utf8_lossy(response.body()).into_owned();
        body.split_once('>').map(|(root, _)| format!("{root}>"))
    };
    let identity = sts::GetCallerIdentityResponse::default().account("123456789012");
    let written = GetCallerIdentity::write_response(&identity);
    assert_eq!(
        root(&written).as_deref(),
        Some("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
    );
    let read = GetCallerIdentity::response(&written).expect("the answer reads back");
    assert_eq!(read.account.as_deref(), Some("123456789012"));

    let error = ivs_models::ServiceError::new(403, "ExpiredTokenException")
        .with_message("The security token included in the request is expired");
    let written = AssumeRole::write_error(&error.into());
    assert_eq!(
        root(&written).as_deref(),
        Some("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
    );
    match AssumeRole::response(&written) {
        Err(ivs_models::ResponseError::Service(
            sts::operation::AssumeRoleError::ExpiredTokenException(_, error),
        )) => {
            assert_eq!(error.code(), "ExpiredTokenException");
        }
        other => panic!("{other:?}"),
    }

    use ec2::operation::DescribeInstances;
    let written = DescribeInstances::write_response(&ec2::DescribeInstancesResult::default());
    assert_eq!(
        root(&written).as_deref(),
        Some("<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">")
    );
    let error = ivs_models::ServiceError::new(400, "InvalidInstanceID.NotFound");
    let written = DescribeInstances::write_error(&error);
    assert_eq!(
        root(&written).as_deref(),
        Some("<Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">")
    );
    match DescribeInstances::response(&written) {
        Err(ivs_models::ResponseError::Service(error)) => {
            assert_eq!(error.code(), "InvalidInstanceID.NotFound");
        }
        other => panic!("{other:?}"),
    }
}

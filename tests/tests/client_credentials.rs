//! The default credential chain (`client/credentials/`) against real parts: moto's STS for
//! `AssumeRole` through a chain of two roles and `AssumeRoleWithWebIdentity` from a token file;
//! in-process servers for IMDSv2, the container endpoint and SSO (`GetRoleCredentials`, and
//! `CreateToken` refreshing an expired token); `credential_process` scripts; the cache (a
//! hundred concurrent calls make one refresh, expired credentials are refreshed); a client's own
//! transport carrying the providers' requests (the container endpoint's, SSO's); and broken
//! setups, whose errors name the profile, key or endpoint and no secret.

mod client_support;

#[allow(dead_code, missing_docs, clippy::all)]
mod botocore {
    include!(concat!(env!("OUT_DIR"), "/botocore_sts.rs"));
}

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use botocore::sts;
use botocore::sts::operation::GetCallerIdentity;
use ivs_models::Timestamp;
use ivs_models::client::transport::BoxFuture;
use ivs_models::client::{
    Client, Config, Error, HyperTransport, ServiceInfo, ServiceOperation, Transport, TransportError,
};
use ivs_models::ivs::{GetChannelRequest, Ivs as _};

use client_support::{Moto, Reply, ScriptedServer};

impl ServiceOperation for GetCallerIdentity {
    const SERVICE: ServiceInfo = ServiceInfo {
        service_id: sts::SERVICE_ID,
        endpoint_prefix: sts::ENDPOINT_PREFIX,
        signing_name: sts::SIGNING_NAME,
        endpoint_rules: None,
    };
}

/// A secret the providers are given, which no error or `Debug` may show.
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
const CHANNEL: &str = r#"{"channel": {"arn": "arn:aws:ivs:us-west-2:123456789012:channel/abcd", "name": "studio-a"}}"#;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ivs-client-credentials-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir");
    dir
}

/// Variables of a process with nothing of its own: `HOME` at `home`, no metadata service.
fn vars(home: &std::path::Path, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    vars.insert("HOME".into(), home.display().to_string());
    vars.insert("AWS_REGION".into(), "us-west-2".into());
    vars.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
    for (name, value) in extra {
        vars.insert((*name).to_owned(), (*value).to_owned());
    }
    vars.into_iter().collect()
}

/// A client configured by `vars`, with short timeouts.
fn client_of(vars: Vec<(String, String)>) -> Client {
    Client::new(
        Config::from_vars(vars)
            .expect("a config")
            .connect_timeout(Duration::from_secs(2))
            .read_timeout(Duration::from_secs(5)),
    )
    .expect("a client, whatever its credentials")
}

/// The access key id a request was signed with.
fn signed_key(request: &http::Request<Vec<u8>>) -> String {
    let authorization = request
        .headers()
        .get("authorization")
        .expect("signed")
        .to_str()
        .expect("text");
    let rest = authorization
        .strip_prefix("AWS4-HMAC-SHA256 Credential=")
        .expect("SigV4");
    rest.split('/').next().expect("a key").to_owned()
}

/// The access key id of each `GetChannel` call `server` received, in order.
fn keys_of_calls(server: &ScriptedServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter(|r| r.uri().path() == "/GetChannel")
        .map(signed_key)
        .collect()
}

/// An RFC 3339 time `seconds` from now.
fn from_now(seconds: u64) -> String {
    Timestamp::now()
        .checked_add(Duration::from_secs(seconds))
        .expect("a time")
        .to_string()
}

fn json(status: u16, body: String) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.into_bytes())
        .expect("a response")
}

fn credentials_error(error: Error) -> String {
    match error {
        Error::Credentials(error) => error.to_string(),
        other => panic!("not a credentials error: {other}"),
    }
}

fn assert_no_secret(shown: &str) {
    for secret in [SECRET, "TOKENSECRET", "SSOACCESSTOKEN"] {
        assert!(!shown.contains(secret), "a secret shown: {shown}");
    }
}

/// A server of IMDSv2 and of IVS's GetChannel: the metadata paths need the session token (a
/// GET without it gets 401), and the n-th credentials it gives are `ASIAIMDS<n>`, expiring
/// `expires_in` seconds later.
struct Imds {
    server: ScriptedServer,
    tokens: Arc<AtomicUsize>,
    fetches: Arc<AtomicUsize>,
    unauthorized: Arc<AtomicUsize>,
}

impl Imds {
    async fn start(expires_in: u64) -> Self {
        Self::serve(expires_in, true).await
    }

    /// A service without IMDSv2 when `v2` is false: the token request is refused with 403, and
    /// the metadata paths answer without a token.
    async fn serve(expires_in: u64, v2: bool) -> Self {
        let tokens = Arc::new(AtomicUsize::new(0));
        let fetches = Arc::new(AtomicUsize::new(0));
        let unauthorized = Arc::new(AtomicUsize::new(0));
        let (t, f, u) = (tokens.clone(), fetches.clone(), unauthorized.clone());
        let handler = move |request: &http::Request<Vec<u8>>| {
            let path = request.uri().path();
            if path == "/GetChannel" {
                return json(200, CHANNEL.to_owned());
            }
            if path == "/latest/api/token" {
                assert_eq!(request.method(), http::Method::PUT);
                assert_eq!(
                    request.headers()["x-aws-ec2-metadata-token-ttl-seconds"],
                    "21600"
                );
                let n = t.fetch_add(1, Ordering::SeqCst) + 1;
                if !v2 {
                    return json(403, String::new());
                }
                return json(200, format!("IMDSTOKEN{n}"));
            }
            let token = request
                .headers()
                .get("x-aws-ec2-metadata-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if v2 && !token.starts_with("IMDSTOKEN") {
                u.fetch_add(1, Ordering::SeqCst);
                return json(401, String::new());
            }
            match path {
                "/latest/meta-data/iam/security-credentials/" => json(200, "web-role\n".into()),
                "/latest/meta-data/iam/security-credentials/web-role" => {
                    let n = f.fetch_add(1, Ordering::SeqCst) + 1;
                    json(
                        200,
                        format!(
                            r#"{{"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "ASIAIMDS{n}",
                            "SecretAccessKey": "{SECRET}", "Token": "TOKENSECRET",
                            "Expiration": "{}"}}"#,
                            from_now(expires_in)
                        ),
                    )
                }
                _ => json(404, String::new()),
            }
        };
        let server = ScriptedServer::start(vec![Reply::Handler(Arc::new(handler))]).await;
        Self {
            server,
            tokens,
            fetches,
            unauthorized,
        }
    }

    fn client(&self, home: &std::path::Path) -> Client {
        client_of(vars(
            home,
            &[
                ("AWS_EC2_METADATA_DISABLED", "false"),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &self.server.endpoint),
                ("AWS_ENDPOINT_URL", &self.server.endpoint),
            ],
        ))
    }
}

fn get_channel() -> GetChannelRequest {
    GetChannelRequest::new("arn:aws:ivs:us-west-2:123456789012:channel/abcd")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn imds_v2_credentials_a_hundred_concurrent_calls_make_one_refresh() {
    let home = temp_dir("imds");
    let imds = Imds::start(3600).await;
    // Without the session token the metadata service answers 401.
    let direct =
        ivs_models::client::HyperTransport::new(Duration::from_secs(1), Duration::from_secs(1))
            .expect("a transport");
    let request = http::Request::get(format!(
        "{}/latest/meta-data/iam/security-credentials/",
        imds.server.endpoint
    ))
    .body(Vec::new())
    .expect("a request");
    let answer = ivs_models::client::Transport::send(&direct, request)
        .await
        .expect("an answer");
    assert_eq!(answer.status(), 401);
    assert_eq!(imds.unauthorized.load(Ordering::SeqCst), 1);

    let client = imds.client(&home);
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_channel(get_channel()).await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.expect("joined").expect("the call succeeds");
    }
    assert_eq!(imds.tokens.load(Ordering::SeqCst), 1, "one session token");
    assert_eq!(imds.fetches.load(Ordering::SeqCst), 1, "one refresh");
    assert_eq!(
        imds.unauthorized.load(Ordering::SeqCst),
        1,
        "every GET had the token"
    );
    let calls: Vec<_> = imds
        .server
        .requests()
        .into_iter()
        .filter(|r| r.uri().path() == "/GetChannel")
        .collect();
    assert_eq!(calls.len(), 100);
    for call in &calls {
        assert_eq!(signed_key(call), "ASIAIMDS1");
        assert_eq!(call.headers()["x-amz-security-token"], "TOKENSECRET");
    }
    assert_no_secret(&format!("{client:?}"));
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
async fn imds_v1_when_the_token_is_refused_unless_turned_off() {
    let home = temp_dir("imds-v1");
    let imds = Imds::serve(3600, false).await;
    let client = imds.client(&home);
    client
        .get_channel(get_channel())
        .await
        .expect("credentials without a session token");
    let requests = imds.server.requests();
    let call = requests
        .iter()
        .find(|r| r.uri().path() == "/GetChannel")
        .expect("the call");
    assert_eq!(signed_key(call), "ASIAIMDS1");
    assert!(
        requests
            .iter()
            .all(|r| !r.headers().contains_key("x-aws-ec2-metadata-token")),
        "no token sent"
    );

    // Turned off, by the variable or the profile: an error naming the refusal and the switch.
    let config = home.join("config");
    std::fs::write(&config, "[default]\nec2_metadata_v1_disabled = true\n").expect("config");
    for switch in [
        ("AWS_EC2_METADATA_V1_DISABLED", "true"),
        ("AWS_CONFIG_FILE", config.to_str().expect("a path")),
    ] {
        let imds = Imds::serve(3600, false).await;
        let client = client_of(vars(
            &home,
            &[
                ("AWS_EC2_METADATA_DISABLED", "false"),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.server.endpoint),
                ("AWS_ENDPOINT_URL", &imds.server.endpoint),
                switch,
            ],
        ));
        let error = client
            .get_channel(get_channel())
            .await
            .expect_err("no IMDSv1");
        let shown = error.to_string();
        assert!(shown.contains("answered HTTP 403"), "{shown}");
        assert!(shown.contains("the IMDSv1 fallback is off"), "{shown}");
        assert_no_secret(&shown);
        assert_eq!(imds.fetches.load(Ordering::SeqCst), 0);
    }
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
async fn credentials_about_to_expire_are_refreshed() {
    let home = temp_dir("expiry");
    // Two minutes left: within the five minutes before expiry that the cache refreshes in.
    let imds = Imds::start(120).await;
    let client = imds.client(&home);
    for _ in 0..3 {
        client.get_channel(get_channel()).await.expect("a call");
    }
    assert_eq!(
        imds.fetches.load(Ordering::SeqCst),
        3,
        "refreshed at each call"
    );
    let keys: Vec<String> = imds
        .server
        .requests()
        .iter()
        .filter(|r| r.uri().path() == "/GetChannel")
        .map(signed_key)
        .collect();
    assert_eq!(keys, ["ASIAIMDS1", "ASIAIMDS2", "ASIAIMDS3"]);
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
async fn an_unreachable_metadata_endpoint_fails_within_seconds() {
    let home = temp_dir("unreachable");
    // A server that reads the request and never answers.
    let silent = ScriptedServer::start(vec![Reply::Silence]).await;
    let api = ScriptedServer::start(vec![client_support::json_reply(200, &[], CHANNEL)]).await;
    let client = client_of(vars(
        &home,
        &[
            ("AWS_EC2_METADATA_DISABLED", "false"),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &silent.endpoint),
            ("AWS_ENDPOINT_URL", &api.endpoint),
        ],
    ));
    // Twenty calls at once wait out one refresh's timeouts, not one each.
    let started = Instant::now();
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_channel(get_channel()).await })
        })
        .collect();
    let mut errors = Vec::new();
    for call in calls {
        errors.push(call.await.expect("joined").expect_err("no credentials"));
    }
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    // The token request, tried twice, times out; then, as botocore does, the role's path without
    // a token (IMDSv1), tried twice.
    let requests = silent.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.uri().path()).collect();
    assert_eq!(
        paths,
        [
            "/latest/api/token",
            "/latest/api/token",
            "/latest/meta-data/iam/security-credentials/",
            "/latest/meta-data/iam/security-credentials/"
        ]
    );
    assert!(
        requests[2..]
            .iter()
            .all(|r| !r.headers().contains_key("x-aws-ec2-metadata-token"))
    );
    let message = credentials_error(errors.remove(0));
    assert!(
        message.contains(&format!(
            "the instance metadata endpoint {}",
            silent.endpoint
        )),
        "{message}"
    );
    assert!(message.contains("AWS_ACCESS_KEY_ID"), "{message}");
    assert!(api.requests().is_empty(), "nothing sent unsigned");
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
async fn the_container_endpoint_with_its_authorization_token() {
    let home = temp_dir("container");
    let handler = |request: &http::Request<Vec<u8>>| match request.uri().path() {
        "/GetChannel" => json(200, CHANNEL.to_owned()),
        "/v2/credentials/task" => {
            if request.headers().get("authorization").map(|v| v.as_bytes())
                != Some(b"Bearer CONTAINERTOKEN")
            {
                return json(403, r#"{"message": "bad token"}"#.into());
            }
            json(
                200,
                format!(
                    r#"{{"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "{SECRET}",
                    "Token": "TOKENSECRET", "Expiration": "{}"}}"#,
                    from_now(3600)
                ),
            )
        }
        _ => json(404, String::new()),
    };
    let server = ScriptedServer::start(vec![Reply::Handler(Arc::new(handler))]).await;
    let full_uri = format!("{}/v2/credentials/task", server.endpoint);
    let token_file = home.join("token");
    std::fs::write(&token_file, "Bearer CONTAINERTOKEN\n").expect("written");
    let base = [
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str()),
        ("AWS_ENDPOINT_URL", server.endpoint.as_str()),
    ];
    for auth in [
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer CONTAINERTOKEN"),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            token_file.to_str().expect("a path"),
        ),
    ] {
        let mut extra = base.to_vec();
        extra.push(auth);
        let client = client_of(vars(&home, &extra));
        client.get_channel(get_channel()).await.expect("a call");
    }
    let calls = keys_of_calls(&server);
    assert_eq!(calls, ["ASIACONTAINER", "ASIACONTAINER"]);

    // A wrong token: the endpoint's 403, named.
    let mut extra = base.to_vec();
    extra.push(("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer WRONG"));
    let error = client_of(vars(&home, &extra))
        .get_channel(get_channel())
        .await
        .expect_err("refused");
    let message = credentials_error(error);
    assert!(
        message.contains(&full_uri) && message.contains("403"),
        "{message}"
    );

    // A host that is neither loopback nor an agent's: refused before any request.
    let error = client_of(vars(
        &home,
        &[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://example.com/creds",
        )],
    ))
    .get_channel(get_channel())
    .await
    .expect_err("not allowed");
    let message = credentials_error(error);
    assert!(
        message.starts_with("AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://example.com/creds`"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&home);
}

/// A transport that records each request's path and sends it on the default transport.
#[derive(Debug)]
struct Recording {
    inner: HyperTransport,
    paths: Arc<Mutex<Vec<String>>>,
}

impl Transport for Recording {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        self.paths
            .lock()
            .expect("not poisoned")
            .push(request.uri().path().to_owned());
        self.inner.send(request)
    }
}

#[tokio::test]
async fn the_providers_send_through_the_clients_own_transport() {
    let home = temp_dir("own-transport");
    let handler = |request: &http::Request<Vec<u8>>| match request.uri().path() {
        "/GetChannel" => json(200, CHANNEL.to_owned()),
        "/v2/credentials/task" => json(
            200,
            format!(
                r#"{{"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "{SECRET}",
                "Token": "TOKENSECRET", "Expiration": "{}"}}"#,
                from_now(3600)
            ),
        ),
        "/federation/credentials" => {
            let expiration = (Timestamp::now().as_millisecond() + 3_600_000).to_string();
            json(
                200,
                format!(
                    r#"{{"roleCredentials": {{"accessKeyId": "ASIASSO", "secretAccessKey": "{SECRET}",
                    "sessionToken": "TOKENSECRET", "expiration": {expiration}}}}}"#
                ),
            )
        }
        _ => json(404, String::new()),
    };
    let server = ScriptedServer::start(vec![Reply::Handler(Arc::new(handler))]).await;
    let paths = Arc::new(Mutex::new(Vec::new()));
    let client_over_recording = |extra: &[(&str, &str)]| {
        let recording = Recording {
            inner: HyperTransport::new(Duration::from_secs(2), Duration::from_secs(5))
                .expect("a transport"),
            paths: paths.clone(),
        };
        Client::with_transport(
            Config::from_vars(vars(&home, extra)).expect("a config"),
            recording,
        )
        .expect("a client")
    };

    // The container endpoint, asked through the client's transport.
    let full_uri = format!("{}/v2/credentials/task", server.endpoint);
    let client = client_over_recording(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer CONTAINERTOKEN"),
        ("AWS_ENDPOINT_URL", &server.endpoint),
    ]);
    client.get_channel(get_channel()).await.expect("a call");
    assert_eq!(
        *paths.lock().expect("not poisoned"),
        ["/v2/credentials/task", "/GetChannel"]
    );

    // SSO, called by the providers' own client, through it too.
    write_config(
        &home,
        "[profile dev]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = Deploy\n\
         [sso-session my-sso]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n",
    );
    let cache = home.join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).expect("a dir");
    std::fs::write(
        cache.join("0ad374308c5a4e22f723adf10145eafad7c4031c.json"),
        format!(
            r#"{{"accessToken": "SSOACCESSTOKEN", "expiresAt": "{}"}}"#,
            from_now(3600)
        ),
    )
    .expect("written");
    paths.lock().expect("not poisoned").clear();
    let client = client_over_recording(&[
        ("AWS_PROFILE", "dev"),
        ("AWS_ENDPOINT_URL", &server.endpoint),
    ]);
    client.get_channel(get_channel()).await.expect("a call");
    assert_eq!(
        *paths.lock().expect("not poisoned"),
        ["/federation/credentials", "/GetChannel"]
    );
    let keys = keys_of_calls(&server);
    assert_eq!(keys, ["ASIACONTAINER", "ASIASSO"]);
    let _ = std::fs::remove_dir_all(&home);
}

/// The shared config file under `home/.aws`.
fn write_config(home: &std::path::Path, config: &str) {
    std::fs::create_dir_all(home.join(".aws")).expect("a dir");
    std::fs::write(home.join(".aws/config"), config).expect("written");
}

#[tokio::test]
async fn credential_process_output_is_read_and_failures_named() {
    let home = temp_dir("process");
    let api = ScriptedServer::start(vec![client_support::json_reply(200, &[], CHANNEL)]).await;
    let script = |name: &str, body: &str| {
        let path = home.join(name);
        std::fs::write(&path, body).expect("written");
        format!("sh {}", path.display())
    };
    let good = script(
        "good.sh",
        &format!(
            "cat <<'JSON'\n{{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS\", \"SecretAccessKey\": \"{SECRET}\", \"SessionToken\": \"TOKENSECRET\", \"Expiration\": \"{}\"}}\nJSON\n",
            from_now(3600)
        ),
    );
    let junk = script("junk.sh", &format!("echo 'not json {SECRET}'\n"));
    let failing = script(
        "fail.sh",
        "echo 'token expired, log in again' >&2\nexit 3\n",
    );
    let no_version = script(
        "old.sh",
        &format!("echo '{{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"{SECRET}\"}}'\n"),
    );
    write_config(
        &home,
        &format!(
            "[profile good]\ncredential_process = {good}\n\
             [profile junk]\ncredential_process = {junk}\n\
             [profile failing]\ncredential_process = {failing}\n\
             [profile old]\ncredential_process = {no_version}\n"
        ),
    );
    let client = |profile: &str| {
        client_of(vars(
            &home,
            &[
                ("AWS_PROFILE", profile),
                ("AWS_ENDPOINT_URL", &api.endpoint),
            ],
        ))
    };
    client("good")
        .get_channel(get_channel())
        .await
        .expect("credentials from the process");
    assert_eq!(signed_key(&api.requests()[0]), "ASIAPROCESS");

    for (profile, expected) in [
        ("junk", "is not a JSON credentials document"),
        (
            "failing",
            "the command failed (exit status: 3): token expired, log in again",
        ),
        ("old", "has no `Version` 1"),
    ] {
        let error = client(profile)
            .get_channel(get_channel())
            .await
            .expect_err("no credentials");
        let message = credentials_error(error);
        assert!(
            message.starts_with(&format!("`credential_process` of profile `{profile}`: ")),
            "{message}"
        );
        assert!(message.contains(expected), "{message}");
        assert_no_secret(&message);
    }
    assert_eq!(api.requests().len(), 1, "nothing sent without credentials");
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
async fn broken_profiles_are_named_without_secrets() {
    let home = temp_dir("broken");
    write_config(
        &home,
        &format!(
            "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n\
             [profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n\
             [profile orphan]\nrole_arn = arn:aws:iam::123456789012:role/o\nsource_profile = nowhere\n\
             [profile sourceless]\nrole_arn = arn:aws:iam::123456789012:role/s\n\
             [profile odd]\nrole_arn = arn:aws:iam::123456789012:role/x\ncredential_source = Laptop\n\
             [profile empty-source]\nrole_arn = arn:aws:iam::123456789012:role/e\nsource_profile = empty\n\
             [profile empty]\nregion = us-west-2\n\
             [profile sso-missing]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = r\n\
             [profile keyed]\naws_access_key_id = AKIDKEYED\naws_secret_access_key = {SECRET}\n\
             duration_seconds = soon\nrole_arn = arn:aws:iam::123456789012:role/k\nsource_profile = keyed\n"
        ),
    );
    let api = ScriptedServer::start(vec![client_support::json_reply(200, &[], CHANNEL)]).await;
    for (profile, expected) in [
        (
            "a",
            "profile `a`: `source_profile` goes round in a loop: a -> b -> a",
        ),
        (
            "orphan",
            "profile `orphan`: `source_profile` names profile `nowhere`, which the shared files do not have",
        ),
        (
            "sourceless",
            "profile `sourceless`: it has `role_arn` but neither",
        ),
        ("odd", "profile `odd`: `credential_source` is `Laptop`"),
        (
            "empty-source",
            "profile `empty`: it is the `source_profile` of profile `empty-source` but has no credentials",
        ),
        (
            "sso-missing",
            "the SSO settings of profile `sso-missing`: `sso_session` names `gone`",
        ),
        ("keyed", "profile `keyed`: `duration_seconds` is `soon`"),
        ("absent", "profile `absent`: AWS_PROFILE names it"),
    ] {
        let client = client_of(vars(
            &home,
            &[
                ("AWS_PROFILE", profile),
                ("AWS_ENDPOINT_URL", &api.endpoint),
            ],
        ));
        let started = Instant::now();
        let error = client
            .get_channel(get_channel())
            .await
            .expect_err("a broken profile");
        assert!(started.elapsed() < Duration::from_secs(2));
        let message = credentials_error(error);
        assert!(message.starts_with(expected), "{profile}: {message}");
        assert_no_secret(&format!("{message} {client:?}"));
    }
    assert!(api.requests().is_empty());
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
async fn sso_role_credentials_from_the_token_cache() {
    let home = temp_dir("sso");
    let refreshed = Arc::new(AtomicUsize::new(0));
    let count = refreshed.clone();
    let handler = move |request: &http::Request<Vec<u8>>| match request.uri().path() {
        "/GetChannel" => json(200, CHANNEL.to_owned()),
        "/federation/credentials" => {
            assert_eq!(
                request.uri().query(),
                Some("account_id=123456789012&role_name=Deploy")
            );
            assert!(request.headers().get("authorization").is_none(), "unsigned");
            let token = request.headers()["x-amz-sso_bearer_token"]
                .to_str()
                .expect("text");
            if token != "SSOACCESSTOKEN" && token != "SSOREFRESHEDTOKEN" {
                return json(401, r#"{"message": "bad token"}"#.into());
            }
            let key = if token == "SSOACCESSTOKEN" {
                "ASIASSO"
            } else {
                "ASIASSOREFRESHED"
            };
            let expiration = (Timestamp::now().as_millisecond() + 3_600_000).to_string();
            json(
                200,
                format!(
                    r#"{{"roleCredentials": {{"accessKeyId": "{key}", "secretAccessKey": "{SECRET}",
                    "sessionToken": "TOKENSECRET", "expiration": {expiration}}}}}"#
                ),
            )
        }
        "/token" => {
            count.fetch_add(1, Ordering::SeqCst);
            let body: serde_json::Value = serde_json::from_slice(request.body()).expect("JSON");
            assert_eq!(body["grantType"], "refresh_token");
            assert_eq!(body["refreshToken"], "SSOREFRESHTOKEN");
            assert_eq!(body["clientId"], "CLIENTID");
            json(
                200,
                r#"{"accessToken": "SSOREFRESHEDTOKEN", "expiresIn": 3600, "tokenType": "Bearer",
                "refreshToken": "SSOREFRESHTOKEN2"}"#
                    .into(),
            )
        }
        _ => json(404, String::new()),
    };
    let server = ScriptedServer::start(vec![Reply::Handler(Arc::new(handler))]).await;
    write_config(
        &home,
        "[profile dev]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = Deploy\n\
         [sso-session my-sso]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n\
         [profile legacy]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = us-east-1\n\
         sso_account_id = 123456789012\nsso_role_name = Deploy\n",
    );
    let cache = home.join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).expect("a dir");
    // The cache file is named by the SHA-1 of the session's name (or the legacy start URL).
    let session_file = cache.join("0ad374308c5a4e22f723adf10145eafad7c4031c.json");
    let legacy_file = cache.join("2b829a45f04c9828cb45b7d092d8e4aa30818393.json");
    std::fs::write(
        &session_file,
        format!(
            r#"{{"accessToken": "SSOACCESSTOKEN", "expiresAt": "{}"}}"#,
            from_now(3600)
        ),
    )
    .expect("written");
    std::fs::write(
        &legacy_file,
        format!(r#"{{"accessToken": "SSOACCESSTOKEN", "expiresAt": "{}", "startUrl": "https://d-123.awsapps.com/start"}}"#, from_now(3600)),
    )
    .expect("written");
    let client = |profile: &str| {
        client_of(vars(
            &home,
            &[
                ("AWS_PROFILE", profile),
                ("AWS_ENDPOINT_URL", &server.endpoint),
            ],
        ))
    };
    for profile in ["dev", "legacy"] {
        client(profile)
            .get_channel(get_channel())
            .await
            .expect("a call");
    }
    // An expired token with a refresh token: SSO OIDC CreateToken, and the cache rewritten.
    std::fs::write(
        &session_file,
        r#"{"accessToken": "SSOOLDTOKEN", "expiresAt": "2020-01-01T00:00:00Z",
            "refreshToken": "SSOREFRESHTOKEN", "clientId": "CLIENTID", "clientSecret": "CLIENTSECRET"}"#,
    )
    .expect("written");
    client("dev")
        .get_channel(get_channel())
        .await
        .expect("refreshed");
    assert_eq!(refreshed.load(Ordering::SeqCst), 1);
    let rewritten = std::fs::read_to_string(&session_file).expect("the cache");
    assert!(rewritten.contains("SSOREFRESHEDTOKEN"), "{rewritten}");
    let keys = keys_of_calls(&server);
    assert_eq!(keys, ["ASIASSO", "ASIASSO", "ASIASSOREFRESHED"]);

    // Expired without a refresh token: log in again, says the error.
    std::fs::write(
        &legacy_file,
        r#"{"accessToken": "SSOACCESSTOKEN", "expiresAt": "2020-01-01T00:00:00Z"}"#,
    )
    .expect("written");
    let message = credentials_error(
        client("legacy")
            .get_channel(get_channel())
            .await
            .expect_err("expired"),
    );
    assert!(
        message.starts_with("the SSO settings of profile `legacy`: the SSO token")
            && message.contains("has expired (log in again with `aws sso login`)"),
        "{message}"
    );
    assert_no_secret(&message);
    let _ = std::fs::remove_dir_all(&home);
}

/// The identity moto sees for the client's credentials.
async fn caller_arn(client: &Client) -> String {
    client
        .send::<GetCallerIdentity>(sts::GetCallerIdentityRequest::new())
        .await
        .expect("GetCallerIdentity")
        .arn
        .expect("an ARN")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_assumed_through_moto_sts() {
    let moto = Moto::start();
    let home = temp_dir("moto");
    write_config(
        &home,
        &format!(
            "[profile a]\naws_access_key_id = AKIDPROFILEA\naws_secret_access_key = {SECRET}\n\
             [profile b]\nrole_arn = arn:aws:iam::123456789012:role/role-b\nsource_profile = a\n\
             role_session_name = session-b\n\
             [profile c]\nrole_arn = arn:aws:iam::123456789012:role/role-c\nsource_profile = b\n\
             role_session_name = session-c\nexternal_id = ext-1\nduration_seconds = 900\n"
        ),
    );
    // Profile c: a's keys assume role b, whose credentials assume role c.
    let client = client_of(vars(
        &home,
        &[("AWS_PROFILE", "c"), ("AWS_ENDPOINT_URL", &moto.endpoint)],
    ));
    assert_eq!(
        caller_arn(&client).await,
        "arn:aws:sts::123456789012:assumed-role/role-c/session-c"
    );

    // `credential_source = EcsContainer`: the container's credentials assume the role, under
    // a session name of the crate's name and the time.
    let container = ScriptedServer::start(vec![client_support::json_reply(
        200,
        &[],
        &format!(
            r#"{{"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "{SECRET}", "Token": "TOKENSECRET", "Expiration": "{}"}}"#,
            from_now(3600)
        ),
    )])
    .await;
    write_config(
        &home,
        "[profile e]\nrole_arn = arn:aws:iam::123456789012:role/role-e\n\
         credential_source = EcsContainer\n",
    );
    let client = client_of(vars(
        &home,
        &[
            ("AWS_PROFILE", "e"),
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                &format!("{}/creds", container.endpoint),
            ),
            ("AWS_ENDPOINT_URL", &moto.endpoint),
        ],
    ));
    let arn = caller_arn(&client).await;
    assert!(
        arn.starts_with("arn:aws:sts::123456789012:assumed-role/role-e/ivs-models-"),
        "{arn}"
    );
    assert_eq!(container.requests().len(), 1);

    // A web identity token file from the environment: AssumeRoleWithWebIdentity.
    let token = home.join("token");
    std::fs::write(&token, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln\n").expect("written");
    let client = client_of(vars(
        &home,
        &[
            (
                "AWS_WEB_IDENTITY_TOKEN_FILE",
                token.to_str().expect("a path"),
            ),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web-role"),
            ("AWS_ROLE_SESSION_NAME", "pod-7"),
            ("AWS_ENDPOINT_URL", &moto.endpoint),
        ],
    ));
    assert_eq!(
        caller_arn(&client).await,
        "arn:aws:sts::123456789012:assumed-role/web-role/pod-7"
    );

    // A token file that is not there: named.
    let client = client_of(vars(
        &home,
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/token"),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web-role"),
            ("AWS_ENDPOINT_URL", &moto.endpoint),
        ],
    ));
    let error = client
        .send::<GetCallerIdentity>(sts::GetCallerIdentityRequest::new())
        .await
        .expect_err("no token");
    let message = match error {
        Error::Credentials(error) => error.to_string(),
        other => panic!("{other}"),
    };
    assert!(
        message.contains("cannot read the token file /nonexistent/token"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&home);
}

//! What the client tests share: the Python environment (`target/pyenv`, installed on first use
//! by `tests/python/setup-venv.sh`), a moto server on an ephemeral port of 127.0.0.1, and a client
//! with fixed credentials.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use ivs_models::client::{Client, Config, Credentials, RetryPolicy};

pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const REGION: &str = "us-west-2";

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package is in the repository")
        .to_path_buf()
}

/// The JSON answer of `tests/python/<script>`, run on the test environment's Python with `job` as
/// JSON on its standard input; a script that fails, or an answer not from the pinned botocore,
/// fails the test.
pub fn botocore_script(script: &str, job: &serde_json::Value) -> serde_json::Value {
    use std::io::Write as _;
    let mut child = Command::new(venv_program("python"))
        .arg(repo().join("tests/python").join(script))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(job.to_string().as_bytes())
        .expect("written");
    let output = child.wait_with_output().expect("python ends");
    assert!(
        output.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(answer["botocore"], "1.44.8", "the pinned botocore");
    answer
}

/// A program of the test environment (`python`, `moto_server`). On a machine without it, the
/// environment is installed first, once per test process, by `tests/python/setup-venv.sh` (moto
/// and botocore, pinned, from PyPI); a failed install fails the test with what went wrong.
pub fn venv_program(name: &str) -> PathBuf {
    static INSTALL: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let custom = std::env::var_os("IVS_TEST_VENV").map(PathBuf::from);
    let venv = custom
        .clone()
        .unwrap_or_else(|| repo().join("target").join("pyenv"));
    let program = venv.join("bin").join(name);
    if !program.is_file() && custom.is_none() {
        let installed = INSTALL.get_or_init(|| {
            let output = std::process::Command::new("bash")
                .arg(repo().join("tests/python/setup-venv.sh"))
                .current_dir(repo())
                .output()
                .map_err(|e| format!("cannot run tests/python/setup-venv.sh: {e}"))?;
            if output.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "tests/python/setup-venv.sh failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                ))
            }
        });
        if let Err(error) = installed {
            panic!("the client tests need moto and botocore: {error}");
        }
    }
    assert!(
        program.is_file(),
        "{} is missing: the client tests need moto and botocore; run `bash tests/python/setup-venv.sh` \
         or point IVS_TEST_VENV at a virtualenv with tests/python/requirements.txt",
        program.display()
    );
    program
}

/// A moto server on 127.0.0.1 and an ephemeral port, stopped when dropped.
pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Moto {
    pub fn start() -> Self {
        let mut child = Command::new(venv_program("moto_server"))
            .args(["-H", "127.0.0.1", "-p", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("moto_server starts");
        // Werkzeug prints ` * Running on http://127.0.0.1:PORT` on one of its streams.
        let (tx, rx) = mpsc::channel::<String>();
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Some(at) = line.find("http://127.0.0.1:") {
                        let _ = tx.send(line[at..].trim().to_owned());
                    }
                }
            });
        }
        let endpoint = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(endpoint) => endpoint,
            Err(_) => {
                let _ = child.kill();
                panic!("moto_server printed no address within 60 s");
            }
        };
        Self { child, endpoint }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ServiceOperation` impls for operations of a botocore module generated without its client
/// glue (`tests/build.rs`): each names its service as that glue would, with no endpoint rules.
/// `service!(sts: GetCallerIdentity, AssumeRole)` after `#[macro_use] mod client_support;`.
#[allow(
    unused_macros,
    reason = "the test files that include this module without it"
)]
macro_rules! service {
    ($module:ident: $($operation:ident),*) => {
        $(impl ::ivs_models::client::ServiceOperation for $module::operation::$operation {
            const SERVICE: ::ivs_models::client::ServiceInfo = ::ivs_models::client::ServiceInfo {
                service_id: $module::SERVICE_ID,
                endpoint_prefix: $module::ENDPOINT_PREFIX,
                signing_name: $module::SIGNING_NAME,
                endpoint_rules: None,
            };
        })*
    };
}

/// The fixed credentials of the tests.
pub fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
}

/// A configuration for a server at `endpoint`, with short timeouts and backoff.
pub fn config(endpoint: &str) -> Config {
    Config::new()
        .region(REGION)
        .credentials(credentials())
        .endpoint_url(endpoint)
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(10))
        .retry(RetryPolicy::standard().initial_backoff(Duration::from_millis(20)))
}

/// A client of the server at `endpoint` on the default transport.
pub fn client(endpoint: &str) -> Client {
    Client::new(config(endpoint)).expect("a client")
}

/// A server's answer to a request.
pub type Handler =
    std::sync::Arc<dyn Fn(&http::Request<Vec<u8>>) -> http::Response<Vec<u8>> + Send + Sync>;

/// What a scripted server does with one request.
#[derive(Clone)]
pub enum Reply {
    /// Writes these bytes (a whole HTTP response) and closes the connection.
    Bytes(Vec<u8>),
    /// Reads the request and never answers.
    Silence,
    /// Writes the response this function makes of the request, and closes the connection.
    Handler(Handler),
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reply::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            Reply::Silence => f.write_str("Silence"),
            Reply::Handler(_) => f.write_str("Handler"),
        }
    }
}

/// An `http::Response` as HTTP/1.1 bytes, with `Connection: close`.
pub fn response_bytes(response: &http::Response<Vec<u8>>) -> Vec<u8> {
    let mut bytes = format!("HTTP/1.1 {} X\r\n", response.status().as_u16()).into_bytes();
    for (name, value) in response.headers() {
        bytes.extend_from_slice(name.as_str().as_bytes());
        bytes.extend_from_slice(b": ");
        bytes.extend_from_slice(value.as_bytes());
        bytes.extend_from_slice(b"\r\n");
    }
    if !response.headers().contains_key("content-length") {
        bytes
            .extend_from_slice(format!("Content-Length: {}\r\n", response.body().len()).as_bytes());
    }
    bytes.extend_from_slice(b"Connection: close\r\n\r\n");
    bytes.extend_from_slice(response.body());
    bytes
}

/// A whole HTTP/1.1 response with a JSON body.
pub fn json_reply(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut text = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    Reply::Bytes(text.into_bytes())
}

/// A response of `status` whose body, with `Content-Length: declared`, stops after `body`.
pub fn truncated_reply(status: u16, declared: usize, body: &str) -> Reply {
    Reply::Bytes(
        format!("HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n{body}")
            .into_bytes(),
    )
}

/// A server on 127.0.0.1 that answers the requests it gets with the replies of its script, in
/// order (the last one again once the script runs out), and records every request.
pub struct ScriptedServer {
    pub endpoint: String,
    requests: std::sync::Arc<std::sync::Mutex<Vec<http::Request<Vec<u8>>>>>,
    task: tokio::task::JoinHandle<()>,
}

impl ScriptedServer {
    pub async fn start(script: Vec<Reply>) -> Self {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().expect("address"));
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            let mut served = 0;
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let reply = script[served.min(script.len() - 1)].clone();
                served += 1;
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let mut bytes = Vec::new();
                    let mut buffer = [0u8; 8192];
                    let request = loop {
                        if let Some(request) = parse_request(&bytes) {
                            break request;
                        }
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => bytes.extend_from_slice(&buffer[..n]),
                        }
                    };
                    let reply = match reply {
                        Reply::Handler(handler) => Reply::Bytes(response_bytes(&handler(&request))),
                        other => other,
                    };
                    recorded.lock().expect("lock").push(request);
                    match reply {
                        Reply::Bytes(reply) => {
                            let _ = socket.write_all(&reply).await;
                            let _ = socket.shutdown().await;
                        }
                        Reply::Silence | Reply::Handler(_) => {
                            tokio::time::sleep(Duration::from_secs(600)).await;
                        }
                    }
                });
            }
        });
        Self {
            endpoint,
            requests,
            task,
        }
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<http::Request<Vec<u8>>> {
        self.requests
            .lock()
            .expect("lock")
            .iter()
            .map(|r| {
                let mut copy = http::Request::new(r.body().clone());
                *copy.method_mut() = r.method().clone();
                *copy.uri_mut() = r.uri().clone();
                *copy.headers_mut() = r.headers().clone();
                copy
            })
            .collect()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A whole HTTP/1.1 request (head and `Content-Length` body) from the start of `bytes`, or `None`
/// while it is incomplete.
pub fn parse_request(bytes: &[u8]) -> Option<http::Request<Vec<u8>>> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).expect("an ASCII head");
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().expect("a request line").split(' ');
    let method = request_line.next().expect("a method");
    let target = request_line.next().expect("a target");
    let mut builder = http::Request::builder().method(method).uri(target);
    let mut length = 0;
    for line in lines {
        let (name, value) = line.split_once(':').expect("a header");
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            length = value.parse().expect("a length");
        }
        builder = builder.header(name, value);
    }
    let body = bytes.get(end + 4..end + 4 + length)?.to_vec();
    Some(builder.body(body).expect("a request"))
}

/// Checks the SigV4 headers of a request the client sent: `X-Amz-Date` a UTC time of the form
/// `20240101T000000Z`, `Authorization` with the test key, a scope of that date, the region and
/// `service`, signed headers that include `host` and `x-amz-date`, and a 64-digit hex signature.
pub fn assert_signed(request: &http::Request<Vec<u8>>, service: &str) {
    let date = request
        .headers()
        .get("x-amz-date")
        .expect("X-Amz-Date")
        .to_str()
        .expect("text");
    assert_eq!(date.len(), 16, "{date}");
    assert!(date.as_bytes()[8] == b'T' && date.ends_with('Z'), "{date}");
    assert!(
        date[..8]
            .bytes()
            .chain(date[9..15].bytes())
            .all(|b| b.is_ascii_digit()),
        "{date}"
    );
    let authorization = request
        .headers()
        .get("authorization")
        .expect("Authorization")
        .to_str()
        .expect("text");
    let rest = authorization
        .strip_prefix("AWS4-HMAC-SHA256 Credential=")
        .unwrap_or_else(|| panic!("{authorization}"));
    let (credential, rest) = rest.split_once(", SignedHeaders=").expect("SignedHeaders");
    let (signed, signature) = rest.split_once(", Signature=").expect("Signature");
    assert_eq!(
        credential,
        format!(
            "{ACCESS_KEY_ID}/{}/{REGION}/{service}/aws4_request",
            &date[..8]
        )
    );
    let signed: Vec<&str> = signed.split(';').collect();
    assert!(
        signed.contains(&"host") && signed.contains(&"x-amz-date"),
        "{signed:?}"
    );
    let mut sorted = signed.clone();
    sorted.sort();
    assert_eq!(signed, sorted, "signed headers are sorted");
    assert_eq!(signature.len(), 64);
    assert!(
        signature
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );

    // Verified as a server does: the signature recomputed from what arrived.
    use ivs_models::client::sigv4::{self, PathRules, Scope};
    let pairs: Vec<(&str, &[u8])> = request
        .headers()
        .iter()
        .filter(|(name, _)| signed.contains(&name.as_str()))
        .map(|(name, value)| (name.as_str(), value.as_bytes()))
        .collect();
    let canonical = sigv4::canonical_request(
        request.method().as_str(),
        request.uri().path(),
        request.uri().query().unwrap_or(""),
        &pairs,
        &sigv4::payload_hash(request.body()),
        PathRules::SERVICES,
    );
    assert_eq!(canonical.signed_headers, signed.join(";"));
    let scope = Scope {
        region: REGION,
        service,
    };
    let expected = sigv4::signature(
        SECRET_ACCESS_KEY,
        date,
        &scope,
        &sigv4::string_to_sign(date, &scope, &canonical.text),
    );
    assert_eq!(signature, expected, "the signature of what arrived");
}

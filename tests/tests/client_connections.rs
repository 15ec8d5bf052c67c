//! The default transport's connections, against a keep-alive server on 127.0.0.1 that counts
//! them: calls in turn share one connection, and one the server closed while it was idle is
//! replaced without the call failing (with retries off, so the transport alone must do it).

mod client_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ivs_models::client::{Client, RetryPolicy};
use ivs_models::ivs::{GetChannelRequest, Ivs as _};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use client_support::{config, parse_request};

const CHANNEL: &str = r#"{"channel": {"name": "studio-a"}}"#;

/// A server that answers every request with [`CHANNEL`], keeping each connection open for
/// `per_connection` requests (then closing it a moment later, as an idle server does); counts
/// connections and requests.
struct KeepAliveServer {
    endpoint: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl KeepAliveServer {
    async fn start(per_connection: usize) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().expect("address"));
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let (accepted, answered) = (connections.clone(), requests.clone());
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                let answered = answered.clone();
                tokio::spawn(async move {
                    let mut bytes = Vec::new();
                    let mut buffer = [0u8; 8192];
                    for _ in 0..per_connection {
                        let length = loop {
                            if let Some(request) = parse_request(&bytes) {
                                let head = bytes
                                    .windows(4)
                                    .position(|w| w == b"\r\n\r\n")
                                    .expect("a head");
                                break head + 4 + request.body().len();
                            }
                            match socket.read(&mut buffer).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => bytes.extend_from_slice(&buffer[..n]),
                            }
                        };
                        bytes.drain(..length);
                        answered.fetch_add(1, Ordering::SeqCst);
                        let reply = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{CHANNEL}",
                            CHANNEL.len()
                        );
                        if socket.write_all(reply.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Self {
            endpoint,
            connections,
            requests,
            task,
        }
    }
}

impl Drop for KeepAliveServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn client(server: &KeepAliveServer) -> Client {
    Client::new(config(&server.endpoint).retry(RetryPolicy::disabled())).expect("a client")
}

async fn get_channel(client: &Client) {
    let output = client
        .get_channel(GetChannelRequest::new("arn:aws:ivs:us-west-2:1:channel/a"))
        .await
        .expect("an answer");
    assert_eq!(
        output.channel.and_then(|c| c.name).as_deref(),
        Some("studio-a")
    );
}

#[tokio::test]
async fn calls_in_turn_share_one_connection() {
    let server = KeepAliveServer::start(usize::MAX).await;
    let client = client(&server);
    for _ in 0..5 {
        get_channel(&client).await;
    }
    assert_eq!(server.requests.load(Ordering::SeqCst), 5);
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn concurrent_calls_open_connections_and_keep_them() {
    let server = KeepAliveServer::start(usize::MAX).await;
    let client = client(&server);
    let calls = (0..4).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { get_channel(&client).await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.expect("a call");
    }
    let opened = server.connections.load(Ordering::SeqCst);
    assert!((1..=4).contains(&opened), "{opened} connections");
    for _ in 0..4 {
        get_channel(&client).await;
    }
    assert_eq!(server.requests.load(Ordering::SeqCst), 8);
    assert_eq!(
        server.connections.load(Ordering::SeqCst),
        opened,
        "the calls in turn reuse the kept connections"
    );
}

#[tokio::test]
async fn a_connection_the_server_closed_is_replaced() {
    let server = KeepAliveServer::start(1).await;
    let client = client(&server);
    for _ in 0..3 {
        get_channel(&client).await;
        // The server closes its side 50 ms after answering: the next call finds the kept
        // connection closed.
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert_eq!(server.requests.load(Ordering::SeqCst), 3);
    assert_eq!(server.connections.load(Ordering::SeqCst), 3);
}

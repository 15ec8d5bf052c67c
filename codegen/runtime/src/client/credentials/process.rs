//! `credential_process` of a profile: the command, run by the shell (`sh -c`, `cmd /C` on
//! Windows) as the SDKs run it, prints a JSON document of `Version` 1 with `AccessKeyId`,
//! `SecretAccessKey`, and for temporary credentials `SessionToken` and `Expiration`. A command
//! that fails, prints something else or runs longer than [`TIMEOUT`] is an error naming the
//! profile; its output, which may hold secrets, is never quoted.

use std::process::{Command, Stdio};
use std::time::Duration;

use super::{Answer, Credentials, CredentialsError, read_at_most};

/// The longest a command may run.
pub const TIMEOUT: Duration = Duration::from_secs(60);
/// The most of its output that is read.
const MAX_OUTPUT: usize = 64 * 1024;

/// The reading of one of the command's pipes.
type ReadPipe = Box<dyn FnOnce() -> Vec<u8> + Send>;

/// Up to [`MAX_OUTPUT`] bytes of `pipe`: what was read before its end or an error.
fn read_pipe(pipe: Option<impl std::io::Read>) -> Vec<u8> {
    let mut text = Vec::new();
    if let Some(pipe) = pipe {
        let _ = read_at_most(pipe, MAX_OUTPUT, &mut text);
    }
    text
}

/// Runs `command` (profile `profile`'s `credential_process`) and reads its credentials.
pub(crate) async fn credentials(
    profile: &str,
    command: &str,
) -> Result<Credentials, CredentialsError> {
    let source = format!("`credential_process` of profile `{profile}`");
    let error = |message: String| CredentialsError::new(&source, message);
    let mut shell = if cfg!(windows) {
        let mut shell = Command::new("cmd.exe");
        shell.arg("/C");
        shell
    } else {
        let mut shell = Command::new("sh");
        shell.arg("-c");
        shell
    };
    let mut child = shell
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| error(format!("cannot run the command: {e}")))?;
    // Each pipe is read on a thread of its own, both as one task type.
    let stdout = child.stdout.take();
    let stdout = tokio::task::spawn_blocking(Box::new(move || read_pipe(stdout)) as ReadPipe);
    let stderr = child.stderr.take();
    let stderr = tokio::task::spawn_blocking(Box::new(move || read_pipe(stderr)) as ReadPipe);
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if tokio::time::Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(error(format!("the command ran longer than {TIMEOUT:?}")));
            }
            Ok(None) => tokio::time::sleep(Duration::from_millis(10)).await,
            Err(e) => return Err(error(format!("cannot wait for the command: {e}"))),
        }
    };
    let stdout = stdout.await.unwrap_or_default();
    let stderr = stderr.await.unwrap_or_default();
    if !status.success() {
        let stderr = String::from_utf8_lossy(&stderr);
        let stderr: String = stderr.trim().chars().take(500).collect();
        return Err(error(format!(
            "the command failed ({status}){}",
            if stderr.is_empty() {
                String::new()
            } else {
                format!(": {stderr}")
            }
        )));
    }
    document(&source, &stdout)
}

/// The credentials of the command's output, or an error naming `source` and what is wrong.
fn document(source: &str, output: &[u8]) -> Result<Credentials, CredentialsError> {
    let invalid = |what: String| CredentialsError::new(source, what);
    let document: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(output)
        .map_err(|e| {
            invalid(format!(
                "the command's output is not a JSON credentials document (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
    if document.get("Version").and_then(|v| v.as_u64()) != Some(1) {
        return Err(invalid(
            "the command's output has no `Version` 1, the only version there is".to_owned(),
        ));
    }
    let text = |key: &str| {
        document
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    Answer {
        access_key_id: text("AccessKeyId"),
        secret_access_key: text("SecretAccessKey"),
        session_token: text("SessionToken"),
        expiration: text("Expiration"),
    }
    .credentials(source, "the command's output")
}

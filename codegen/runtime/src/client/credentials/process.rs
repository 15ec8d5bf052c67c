//! `credential_process` of a profile: the command, run by the shell (`sh -c`, `cmd /C` on
//! Windows) as the SDKs run it, prints a JSON document of `Version` 1 with `AccessKeyId`,
//! `SecretAccessKey`, and for temporary credentials `SessionToken` and `Expiration`. A command
//! that fails, prints something else or runs longer than [`TIMEOUT`] is an error naming the
//! profile; its output, which may hold secrets, is never quoted.

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::de::MapAccess;
use serde::{Deserialize, Deserializer};

use super::{Answer, Credentials, CredentialsError};
use crate::wire::{MapStruct, MemberKey, deserialize_struct, next_member, skip_value};

/// The longest a command may run.
pub const TIMEOUT: Duration = Duration::from_secs(60);
/// The most of its output that is read.
const MAX_OUTPUT: u64 = 64 * 1024;

/// The document the command prints.
struct Document {
    version: Option<u32>,
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    session_token: Option<String>,
    expiration: Option<String>,
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_struct(deserializer)
    }
}

impl MapStruct for Document {
    const NAME: &'static str = "Document";
    const FIELDS: &'static [&'static str] = &[
        "Version",
        "AccessKeyId",
        "SecretAccessKey",
        "SessionToken",
        "Expiration",
    ];

    fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (
            mut version,
            mut access_key_id,
            mut secret_access_key,
            mut session_token,
            mut expiration,
        ) = (None, None, None, None, None);
        while let Some(key) = map.next_key_seed(MemberKey(Self::FIELDS))? {
            match key.as_str() {
                "Version" => next_member(&mut map, &mut version, "Version"),
                "AccessKeyId" => next_member(&mut map, &mut access_key_id, "AccessKeyId"),
                "SecretAccessKey" => {
                    next_member(&mut map, &mut secret_access_key, "SecretAccessKey")
                }
                "SessionToken" => next_member(&mut map, &mut session_token, "SessionToken"),
                "Expiration" => next_member(&mut map, &mut expiration, "Expiration"),
                _ => skip_value(&mut map),
            }?;
        }
        Ok(Self {
            version: version.flatten(),
            access_key_id: access_key_id.flatten(),
            secret_access_key: secret_access_key.flatten(),
            session_token: session_token.flatten(),
            expiration: expiration.flatten(),
        })
    }
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
    let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        tokio::task::spawn_blocking(move || {
            let mut text = Vec::new();
            if let Some(pipe) = pipe {
                let _ = pipe.take(MAX_OUTPUT).read_to_end(&mut text);
            }
            text
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
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
    let document: Document = serde_json::from_slice(output).map_err(|e| {
        invalid(format!(
            "the command's output is not a JSON credentials document (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    if document.version != Some(1) {
        return Err(invalid(
            "the command's output has no `Version` 1, the only version there is".to_owned(),
        ));
    }
    Answer {
        access_key_id: document.access_key_id,
        secret_access_key: document.secret_access_key,
        session_token: document.session_token,
        expiration: document.expiration,
    }
    .credentials(source, "the command's output")
}

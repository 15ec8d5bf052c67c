//! AWS credentials: given by the program, or read from the environment
//! (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) or from the shared
//! `credentials` and `config` files (`AWS_PROFILE`, `AWS_SHARED_CREDENTIALS_FILE`,
//! `AWS_CONFIG_FILE`), in that order, as the official SDKs look for them. `Debug` never prints
//! the secret access key or the session token.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use ini::{Ini, ParseOption};

/// An access key pair, with a session token for temporary credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Long-term credentials: an access key id and its secret.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
        }
    }

    /// Temporary credentials carry a session token as well.
    pub fn with_session_token(mut self, session_token: impl Into<String>) -> Self {
        self.session_token = Some(session_token.into());
        self
    }

    /// The access key id, e.g. `AKIDEXAMPLE`.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// Credentials from the environment: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (and
    /// `AWS_SESSION_TOKEN` when set), or `None` when either of the first two is unset or empty.
    pub fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Option<Self> {
        let value = |name: &str| var(name).filter(|v| !v.is_empty());
        let credentials = Self::new(value("AWS_ACCESS_KEY_ID")?, value("AWS_SECRET_ACCESS_KEY")?);
        Some(match value("AWS_SESSION_TOKEN") {
            Some(token) => credentials.with_session_token(token),
            None => credentials,
        })
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &crate::Redacted)
            .field("secret_access_key", &crate::Redacted)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| crate::Redacted),
            )
            .finish()
    }
}

/// Why the shared configuration could not be read. It names the file and never quotes a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    path: PathBuf,
    reason: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for ProfileError {}

/// One profile of the shared `config` and `credentials` files: its properties, those of the
/// `credentials` file winning over those of the `config` file.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Profile {
    name: String,
    properties: BTreeMap<String, String>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Property values may be secrets: only their names are shown.
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("properties", &self.properties.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Profile {
    /// The profile named by `AWS_PROFILE` (`default` when unset), read from the files named by
    /// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` (`~/.aws/config` and
    /// `~/.aws/credentials` when unset). A missing file is no error; one that cannot be read or
    /// parsed is.
    pub fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Result<Self, ProfileError> {
        let name = var("AWS_PROFILE")
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "default".to_owned());
        let home = var("HOME")
            .or_else(|| var("USERPROFILE"))
            .map(PathBuf::from);
        let path = |variable: &str, file: &str| {
            var(variable)
                .filter(|v| !v.is_empty())
                .map(|v| expand_home(&v, home.as_ref()))
                .or_else(|| home.as_ref().map(|h| h.join(".aws").join(file)))
        };
        let mut profile = Self {
            name,
            properties: BTreeMap::new(),
        };
        if let Some(config) = path("AWS_CONFIG_FILE", "config") {
            profile.read(&config, true)?;
        }
        if let Some(credentials) = path("AWS_SHARED_CREDENTIALS_FILE", "credentials") {
            profile.read(&credentials, false)?;
        }
        Ok(profile)
    }

    /// A profile parsed from the text of a `config` file and of a `credentials` file.
    pub fn parse(name: &str, config: &str, credentials: &str) -> Result<Self, ProfileError> {
        let mut profile = Self {
            name: name.to_owned(),
            properties: BTreeMap::new(),
        };
        profile.merge(PathBuf::from("config"), config, true)?;
        profile.merge(PathBuf::from("credentials"), credentials, false)?;
        Ok(profile)
    }

    /// The profile's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A property, e.g. `region`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The profile's static credentials (`aws_access_key_id`, `aws_secret_access_key`,
    /// `aws_session_token`), if it has them.
    pub fn credentials(&self) -> Option<Credentials> {
        let credentials = Credentials::new(
            self.get("aws_access_key_id")?,
            self.get("aws_secret_access_key")?,
        );
        Some(match self.get("aws_session_token") {
            Some(token) => credentials.with_session_token(token),
            None => credentials,
        })
    }

    fn read(&mut self, path: &PathBuf, is_config: bool) -> Result<(), ProfileError> {
        match std::fs::read_to_string(path) {
            Ok(text) => self.merge(path.clone(), &text, is_config),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(ProfileError {
                path: path.clone(),
                reason: error.to_string(),
            }),
        }
    }

    fn merge(&mut self, path: PathBuf, text: &str, is_config: bool) -> Result<(), ProfileError> {
        let options = ParseOption {
            enabled_quote: false,
            enabled_escape: false,
            enabled_indented_mutiline_value: true,
            enabled_preserve_key_leading_whitespace: false,
        };
        let ini = Ini::load_from_str_opt(text, options).map_err(|error| ProfileError {
            path: path.clone(),
            reason: format!("line {}, column {}: {}", error.line, error.col, error.msg),
        })?;
        for (section, properties) in ini.iter() {
            let Some(section) = section.map(str::trim) else {
                continue;
            };
            // `[profile NAME]` in the config file (and `[default]`); `[NAME]` in credentials.
            let matches = if is_config {
                section
                    .strip_prefix("profile")
                    .filter(|rest| rest.starts_with(char::is_whitespace))
                    .map(str::trim)
                    .is_some_and(|name| name == self.name)
                    || (self.name == "default" && section == "default")
            } else {
                section == self.name
            };
            if matches {
                for (key, value) in properties.iter() {
                    self.properties
                        .insert(key.trim().to_owned(), value.trim().to_owned());
                }
            }
        }
        Ok(())
    }
}

fn expand_home(path: &str, home: Option<&PathBuf>) -> PathBuf {
    match (path.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

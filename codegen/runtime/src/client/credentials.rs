//! AWS credentials, and where the client finds them: given by the program ([`Credentials`]),
//! or found by [`DefaultChain`] in the official SDKs' order — the environment
//! ([`environment`]), the shared `config` and `credentials` files ([`profile`]: static keys,
//! roles, `credential_process`, SSO), a web identity token file ([`web_identity`]), the
//! ECS/EKS container endpoint ([`container`]) and the EC2 instance metadata service ([`imds`]).
//! Credentials that expire are cached and refreshed before they do ([`CachedProvider`]), one
//! refresh at a time. `Debug` and errors never show a secret.
//!
//! The STS, SSO and SSO OIDC calls are this generator's own output ([`services`]), from the
//! models in `codegen/runtime/models/`.

pub mod cache;
pub mod chain;
pub mod container;
pub mod environment;
mod fetch;
pub mod imds;
pub mod process;
pub mod profile;
mod shared_files;
pub mod sso;
pub mod web_identity;

/// The services the providers call, as `cargo xtask codegen` writes them from
/// `codegen/runtime/models/` (cut down to the operations called).
pub mod services {
    #[rustfmt::skip]
    pub mod sso;
    #[rustfmt::skip]
    pub mod sso_oidc;
    #[rustfmt::skip]
    pub mod sts;
}

pub use cache::CachedProvider;
pub use chain::DefaultChain;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::Timestamp;
use crate::client::transport::{BoxFuture, Transport};
use shared_files::{FileKind, SectionName};

/// An access key pair, with a session token and an expiry for temporary credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<Timestamp>,
}

impl Credentials {
    /// Long-term credentials: an access key id and its secret.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
            expiry: None,
        }
    }

    /// Credentials that expire at `expiry` (a provider's answer): the client refreshes them
    /// before then.
    pub fn with_expiry(mut self, expiry: Timestamp) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// When the credentials expire, if they do.
    pub fn expiry(&self) -> Option<Timestamp> {
        self.expiry
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
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// A source of credentials. The client asks it before each signed request (through a
/// [`CachedProvider`], which asks the source again only when its answer is about to expire).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials, or why there are none.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;

    /// The credentials, with any HTTP request the provider makes (the instance metadata and
    /// container endpoints, SSO, STS) sent through `transport`: a client asks this way, with its
    /// own transport, so that the providers' requests go where its own go. By default the same
    /// as [`provide_credentials`](Self::provide_credentials).
    fn provide_credentials_over<'a>(
        &'a self,
        transport: &'a Arc<dyn Transport>,
    ) -> BoxFuture<'a, Result<Credentials, CredentialsError>> {
        let _ = transport;
        self.provide_credentials()
    }
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// A provider shared by the clients and providers that use it.
pub type SharedProvider = Arc<dyn ProvideCredentials>;

/// Why no credentials could be had: where they were looked for (a provider, and the profile,
/// key, file or endpoint it read) and what went wrong. It never quotes a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    source: String,
    message: String,
    configured: bool,
}

impl CredentialsError {
    /// `source` (e.g. ``profile `dev` `` or `the instance metadata endpoint http://...`) is
    /// configured to give credentials and failed to.
    pub fn new(source: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            source: source.into(),
            message: message.into(),
            configured: true,
        }
    }

    /// `source` is not set up to give credentials (e.g. a variable is unset): a chain goes on
    /// to its next provider.
    pub fn not_configured(source: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            configured: false,
            ..Self::new(source, message)
        }
    }

    /// Whether the source was set up to give credentials (and failed), rather than not set up.
    pub fn is_configured(&self) -> bool {
        self.configured
    }

    /// Where the credentials were looked for.
    pub fn source_name(&self) -> &str {
        &self.source
    }

    /// What went wrong there.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// Why the shared configuration could not be read. It names the file (and the line, for a file
/// that is not in the format) and never quotes a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    path: PathBuf,
    line: Option<usize>,
    reason: String,
}

impl ProfileError {
    /// The file.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// The line (from 1) that is not in the format, if that is what is wrong.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        write!(f, ": {}", self.reason)
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
    /// parsed is. A profile the files do not have is empty.
    pub fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Result<Self, ProfileError> {
        Ok(ProfileFiles::from_vars(var)?.selected_profile())
    }

    /// A profile parsed from the text of a `config` file and of a `credentials` file.
    pub fn parse(name: &str, config: &str, credentials: &str) -> Result<Self, ProfileError> {
        Ok(ProfileFiles::parse(name, config, credentials)?.selected_profile())
    }

    fn empty(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            properties: BTreeMap::new(),
        }
    }

    /// The profile's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A property, e.g. `region` (keys are in lower case), unless empty. A property with
    /// sub-properties (`s3 =` and indented `key = value` lines) is their lines, each after a
    /// line feed.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Every property by key, in key order, empty ones too.
    pub fn properties(&self) -> impl Iterator<Item = (&str, &str)> {
        self.properties
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
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

    /// Whether the profile gets its credentials some other way than static keys (a role,
    /// `credential_process`, SSO), which the [`profile`] provider follows.
    pub fn has_provider(&self) -> bool {
        [
            "role_arn",
            "credential_process",
            "sso_session",
            "sso_start_url",
            "web_identity_token_file",
        ]
        .iter()
        .any(|key| self.get(key).is_some())
    }
}

/// Every profile, `sso-session` and `services` section of the shared `config` and
/// `credentials` files, and the name of the profile selected (`AWS_PROFILE`, else `default`).
///
/// The files are read as the AWS SDKs read them: profiles are `[profile NAME]` (and `[default]`)
/// in the config file and `[NAME]` in the credentials file, whose properties win over the
/// config file's; `[profile default]` wins over `[default]`; a section or key whose name is not
/// ASCII letters, digits and `_-/.%@:+` is skipped, and so is a section that does not belong in
/// its file; a line that is not in the format is an error naming it. Sections written twice are
/// merged, the last value of a key winning. The syntax is in `credentials/shared_files.rs`.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct ProfileFiles {
    selected: String,
    profiles: Sections,
    sso_sessions: Sections,
    services: Sections,
}

/// Sections of one kind, ordered by name: a few, in a sorted list rather than a map of their
/// own (each map type compiles its tree again).
#[derive(Clone, Default, PartialEq, Eq)]
struct Sections(Vec<Profile>);

impl Sections {
    fn get(&self, name: &str) -> Option<&Profile> {
        let found = self.0.binary_search_by(|p| p.name.as_str().cmp(name));
        found.ok().and_then(|i| self.0.get(i))
    }

    fn values(&self) -> std::slice::Iter<'_, Profile> {
        self.0.iter()
    }

    /// The section named `name`, added empty if there is none.
    fn entry(&mut self, name: &str) -> &mut Profile {
        let i = match self.0.binary_search_by(|p| p.name.as_str().cmp(name)) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, Profile::empty(name));
                i
            }
        };
        &mut self.0[i]
    }
}

impl fmt::Debug for Sections {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|p| (&p.name, p)))
            .finish()
    }
}

impl ProfileFiles {
    /// The files as [`Profile::from_vars`] reads them.
    pub fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Result<Self, ProfileError> {
        let selected = var("AWS_PROFILE")
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "default".to_owned());
        let home = home(var);
        let path = |variable: &str, file: &str| {
            var(variable)
                .filter(|v| !v.is_empty())
                .map(|v| expand_home(&v, home.as_ref()))
                .or_else(|| home.as_ref().map(|h| h.join(".aws").join(file)))
        };
        let mut files = Self {
            selected,
            ..Self::default()
        };
        if let Some(config) = path("AWS_CONFIG_FILE", "config") {
            files.read(&config, FileKind::Config)?;
        }
        if let Some(credentials) = path("AWS_SHARED_CREDENTIALS_FILE", "credentials") {
            files.read(&credentials, FileKind::Credentials)?;
        }
        Ok(files)
    }

    /// The files of this text, with profile `selected` selected.
    pub fn parse(selected: &str, config: &str, credentials: &str) -> Result<Self, ProfileError> {
        let mut files = Self {
            selected: selected.to_owned(),
            ..Self::default()
        };
        files.merge(PathBuf::from("config"), config, FileKind::Config)?;
        files.merge(
            PathBuf::from("credentials"),
            credentials,
            FileKind::Credentials,
        )?;
        Ok(files)
    }

    /// The selected profile's name.
    pub fn selected(&self) -> &str {
        &self.selected
    }

    /// The selected profile (empty when the files do not have it).
    pub fn selected_profile(&self) -> Profile {
        self.profile(&self.selected)
            .cloned()
            .unwrap_or_else(|| Profile::empty(&self.selected))
    }

    /// A profile by name.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// Every profile, by name.
    pub fn profiles(&self) -> impl Iterator<Item = &Profile> {
        self.profiles.values()
    }

    /// An `[sso-session NAME]` section by name.
    pub fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.sso_sessions.get(name)
    }

    /// Every `[sso-session NAME]` section, by name.
    pub fn sso_sessions(&self) -> impl Iterator<Item = &Profile> {
        self.sso_sessions.values()
    }

    /// A `[services NAME]` section by name: its keys are services (e.g. `s3`), each with its
    /// settings as sub-properties.
    pub fn services(&self, name: &str) -> Option<&Profile> {
        self.services.get(name)
    }

    fn read(&mut self, path: &PathBuf, file: FileKind) -> Result<(), ProfileError> {
        match std::fs::read_to_string(path) {
            Ok(text) => self.merge(path.clone(), &text, file),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(ProfileError {
                path: path.clone(),
                line: None,
                reason: error.to_string(),
            }),
        }
    }

    fn merge(&mut self, path: PathBuf, text: &str, file: FileKind) -> Result<(), ProfileError> {
        let sections = shared_files::parse(text).map_err(|error| ProfileError {
            path,
            line: Some(error.line),
            reason: error.message.to_owned(),
        })?;
        // With a `[profile default]`, the config file's `[default]` sections are skipped.
        let prefixed_default = SectionName::Profile {
            name: "default",
            prefixed: true,
        };
        let skip_default = sections.iter().any(|s| s.name(file) == prefixed_default);
        for section in sections {
            let (map, name) = match section.name(file) {
                SectionName::Profile {
                    name: "default",
                    prefixed: false,
                } if skip_default => continue,
                SectionName::Profile { name, .. } => (&mut self.profiles, name),
                SectionName::SsoSession(name) => (&mut self.sso_sessions, name),
                SectionName::Services(name) => (&mut self.services, name),
                SectionName::Ignored => continue,
            };
            let entry = map.entry(name);
            let properties = section.properties.into_iter();
            entry
                .properties
                .extend(properties.filter(|(key, _)| shared_files::is_identifier(key)));
        }
        Ok(())
    }
}

/// The home directory: `HOME`, else `USERPROFILE`.
pub(crate) fn home(var: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    var("HOME")
        .filter(|v| !v.is_empty())
        .or_else(|| var("USERPROFILE").filter(|v| !v.is_empty()))
        .map(PathBuf::from)
}

pub(crate) fn expand_home(path: &str, home: Option<&PathBuf>) -> PathBuf {
    match (path.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

/// What the providers read: the environment's variables and the shared files, as they were
/// when the configuration was made.
#[derive(Clone)]
pub(crate) struct Env {
    vars: Arc<BTreeMap<String, String>>,
    files: Arc<ProfileFiles>,
    /// The transport of the providers' HTTP requests, when a client gave its own; without one
    /// each provider makes the default transport with its own timeouts.
    transport: Option<Arc<dyn Transport>>,
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Variables may hold secrets: neither names nor values are shown.
        f.debug_struct("Env")
            .field("profile", &self.files.selected())
            .finish_non_exhaustive()
    }
}

impl Env {
    pub(crate) fn new(vars: BTreeMap<String, String>, files: ProfileFiles) -> Self {
        Self {
            vars: Arc::new(vars),
            files: Arc::new(files),
            transport: None,
        }
    }

    /// The same environment, with the providers' HTTP requests sent through `transport`.
    pub(crate) fn over(&self, transport: &Arc<dyn Transport>) -> Self {
        Self {
            transport: Some(Arc::clone(transport)),
            ..self.clone()
        }
    }

    /// The transport of the providers' HTTP requests, if a client gave one.
    pub(crate) fn transport(&self) -> Option<&Arc<dyn Transport>> {
        self.transport.as_ref()
    }

    /// A variable, unless unset or empty.
    pub(crate) fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).filter(|v| !v.is_empty()).cloned()
    }

    pub(crate) fn files(&self) -> &ProfileFiles {
        &self.files
    }

    /// A client for the services the providers call (STS, SSO, SSO OIDC), configured as the
    /// outer client is (endpoints, timeouts) but in `region` if given (else the configured
    /// region, else `us-east-1`, as the SDKs default STS's), signing with `credentials`, or
    /// unsigned without.
    pub(crate) fn client(
        &self,
        region: Option<&str>,
        credentials: Option<SharedProvider>,
    ) -> Result<crate::client::Client, CredentialsError> {
        let failed = |error: &dyn fmt::Display| {
            CredentialsError::new("the credentials' own client", error.to_string())
        };
        let config =
            crate::client::Config::from_vars_and_files((*self.vars).clone(), (*self.files).clone())
                .map_err(|e| failed(&e))?;
        let region = region
            .map(str::to_owned)
            .or_else(|| config.get_region().map(str::to_owned))
            .unwrap_or_else(|| "us-east-1".to_owned());
        let config = config.region(region);
        let config = match credentials {
            Some(provider) => config.credentials_shared(provider),
            None => config.unsigned(),
        };
        match &self.transport {
            Some(transport) => {
                crate::client::Client::with_shared_transport(config, Arc::clone(transport))
            }
            None => crate::client::Client::new(config),
        }
        .map_err(|e| failed(&e))
    }

    /// The environment of the process.
    pub(crate) fn from_process() -> Result<Self, ProfileError> {
        let vars = process_vars();
        let var = |name: &str| vars.get(name).filter(|v| !v.is_empty()).cloned();
        let files = ProfileFiles::from_vars(&var)?;
        Ok(Self::new(vars, files))
    }
}

/// The environment variables of the process whose name and value are UTF-8 (the others are left
/// out).
pub(crate) fn process_vars() -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    for (name, value) in std::env::vars_os() {
        if let (Ok(name), Ok(value)) = (name.into_string(), value.into_string()) {
            vars.insert(name, value);
        }
    }
    vars
}

/// Reads `source` into `text` until its end, an error (what was read before it stays in `text`)
/// or `limit` bytes: a bounded `read_to_end`, with a loop of plain reads that each reader's
/// `read_to_end` would otherwise compile again.
pub(crate) fn read_at_most(
    mut source: impl std::io::Read,
    limit: usize,
    text: &mut Vec<u8>,
) -> std::io::Result<()> {
    let mut buffer = [0; 8 * 1024];
    while text.len() < limit {
        let room = (limit - text.len()).min(buffer.len());
        match source.read(&mut buffer[..room]) {
            Ok(0) => break,
            Ok(n) => text.extend_from_slice(&buffer[..n]),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// A time of the providers' answers: RFC 3339 (`2026-01-01T00:00:00Z`).
pub(crate) fn parse_expiry(text: &str) -> Option<Timestamp> {
    text.parse().ok()
}

/// The fields of a provider's JSON answer (a metadata document, `credential_process`'s output),
/// whichever its keys' names.
pub(crate) struct Answer {
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    pub expiration: Option<String>,
}

impl Answer {
    /// The credentials of the answer; an error naming `source`, the answer (`what`, e.g. "the
    /// answer") and the missing or malformed field, never a value.
    pub(crate) fn credentials(
        self,
        source: &str,
        what: &str,
    ) -> Result<Credentials, CredentialsError> {
        let field = |value: Option<String>, name: &str| {
            value
                .filter(|v| !v.is_empty())
                .ok_or_else(|| CredentialsError::new(source, format!("{what} has no `{name}`")))
        };
        let mut credentials = Credentials::new(
            field(self.access_key_id, "AccessKeyId")?,
            field(self.secret_access_key, "SecretAccessKey")?,
        );
        if let Some(token) = self.session_token.filter(|t| !t.is_empty()) {
            credentials = credentials.with_session_token(token);
        }
        if let Some(expiration) = self.expiration {
            let expiry = parse_expiry(&expiration).ok_or_else(|| {
                CredentialsError::new(
                    source,
                    format!("{what}'s `Expiration` is not an RFC 3339 time"),
                )
            })?;
            credentials = credentials.with_expiry(expiry);
        }
        Ok(credentials)
    }
}

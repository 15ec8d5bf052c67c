//! The client's settings in one place: region, credentials, endpoints, timeouts and the retry
//! policy, set by the program or read from the environment and the shared configuration files as
//! the official SDKs read them.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use http::Uri;
use serde_json::Value;

use std::sync::Arc;

use super::credentials::{
    Credentials, DefaultChain, ProfileError, ProfileFiles, ProvideCredentials, SharedProvider,
};
use super::endpoint::{EndpointError, Params, ResolvedEndpoint, RuleSet};
use super::retry::RetryPolicy;
use super::transport::TransportError;

/// What the client needs to know of a service: its `metadata` identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServiceInfo {
    /// `metadata.serviceId`, e.g. `Example Service`; it names the service's endpoint variable.
    pub service_id: &'static str,
    /// `metadata.endpointPrefix`: the host name's first label, e.g. `examplesvc`.
    pub endpoint_prefix: &'static str,
    /// `metadata.signingName`: the service in a SigV4 signature, e.g. `example`.
    pub signing_name: &'static str,
    /// The service's endpoint rule set (botocore's `endpoint-rule-set-1.json`), as JSON; without
    /// one the endpoint is `https://{endpointPrefix}.{region}.amazonaws.com`.
    pub endpoint_rules: Option<&'static str>,
}

impl ServiceInfo {
    /// Whether `other` is this service, comparing the rule sets by where they are rather than
    /// by their text (which `==` compares).
    pub(crate) fn same_as(&self, other: &Self) -> bool {
        let rules = |info: &Self| info.endpoint_rules.map(|text| (text.as_ptr(), text.len()));
        self.service_id == other.service_id
            && self.endpoint_prefix == other.endpoint_prefix
            && self.signing_name == other.signing_name
            && rules(self) == rules(other)
    }

    /// The environment variable that overrides this service's endpoint, as the SDKs name it:
    /// `AWS_ENDPOINT_URL_` and the service id in upper case with spaces as underscores
    /// (`AWS_ENDPOINT_URL_EXAMPLE_SERVICE` for `Example Service`).
    pub fn endpoint_variable(&self) -> String {
        let id: String = self
            .service_id
            .chars()
            .map(|c| {
                if c == ' ' {
                    '_'
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect();
        format!("AWS_ENDPOINT_URL_{id}")
    }

    /// The same variable with the service id's spaces left out (`AWS_ENDPOINT_URL_EXAMPLESERVICE`),
    /// also honoured, after [`endpoint_variable`](Self::endpoint_variable).
    pub fn endpoint_variable_compact(&self) -> String {
        self.endpoint_variable().replacen(
            &self.service_id.to_ascii_uppercase().replace(' ', "_"),
            &self.service_id.to_ascii_uppercase().replace(' ', ""),
            1,
        )
    }
}

/// Where the client's credentials come from.
#[derive(Clone, Debug)]
enum CredentialSetting {
    /// Not set: a client cannot be made.
    Unset,
    /// Fixed credentials.
    Static(Credentials),
    /// A provider, asked at the first call.
    Provider(SharedProvider),
    /// Requests go unsigned.
    Unsigned,
}

/// Why the configuration is unusable.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ConfigError {
    /// No region was given, in the program, `AWS_REGION` or the profile.
    MissingRegion,
    /// No credentials were given, in the program, the environment or the profile.
    MissingCredentials,
    /// The region is not a host name label.
    InvalidRegion(String),
    /// An endpoint URL is not an absolute `http` or `https` URL.
    InvalidEndpoint {
        /// Where it came from: a variable's name, `endpoint_url` of the profile, or the program.
        source: String,
        /// The URL as given.
        url: String,
    },
    /// A setting is not one of the values it takes.
    InvalidSetting {
        /// Where it came from: a variable's name or a profile's key.
        source: String,
        /// The value as given.
        value: String,
        /// The values it takes.
        expected: String,
    },
    /// The service's endpoint rules give no endpoint for this configuration: their error (e.g.
    /// `Invalid Configuration: FIPS and custom endpoint are not supported`), or what is wrong
    /// with the rule set.
    Endpoint(EndpointError),
    /// The endpoint asks to be signed in ways this client does not sign (e.g. `sigv4a`, for
    /// S3's multi-region access points).
    UnsupportedAuth {
        /// The endpoint's URL.
        url: String,
        /// The names of the schemes it accepts.
        schemes: Vec<String>,
    },
    /// The shared configuration files could not be read.
    Profile(ProfileError),
    /// The default transport could not be set up.
    Transport(TransportError),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingRegion => {
                f.write_str("no region: set AWS_REGION, `region` in the profile, or Config::region")
            }
            Self::MissingCredentials => f.write_str(
                "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the profile's \
                 aws_access_key_id and aws_secret_access_key, or Config::credentials",
            ),
            Self::InvalidRegion(region) => write!(f, "invalid region `{region}`"),
            Self::InvalidEndpoint { source, url } => {
                write!(
                    f,
                    "invalid endpoint URL `{url}` (from {source}): expected http(s)://host[:port][/path]"
                )
            }
            Self::InvalidSetting {
                source,
                value,
                expected,
            } => write!(f, "invalid {source} `{value}`: expected {expected}"),
            Self::Endpoint(error) => write!(f, "no endpoint: {error}"),
            Self::UnsupportedAuth { url, schemes } => write!(
                f,
                "the endpoint {url} must be signed with {}, which this client does not sign \
                 (it signs with sigv4)",
                schemes.join(" or ")
            ),
            Self::Profile(error) => write!(f, "cannot read the shared configuration: {error}"),
            Self::Transport(error) => write!(f, "cannot set up the transport: {error}"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl From<ProfileError> for ConfigError {
    fn from(error: ProfileError) -> Self {
        Self::Profile(error)
    }
}

/// The client's configuration. [`Config::from_env`] reads what the SDKs read; every setter
/// overrides it.
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    credentials: CredentialSetting,
    endpoint_url: Option<(String, String)>,
    service_endpoint_urls: BTreeMap<String, String>,
    /// By name: keyed by `String` as `endpoint_params` is, so that the two share one map type.
    built_ins: BTreeMap<String, Value>,
    endpoint_params: BTreeMap<String, Value>,
    disable_host_prefix: bool,
    disable_request_compression: bool,
    min_compression_size: usize,
    connect_timeout: Duration,
    read_timeout: Duration,
    retry: RetryPolicy,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field(
                "endpoint_url",
                &self.endpoint_url.as_ref().map(|(_, url)| url),
            )
            .field("service_endpoint_urls", &self.service_endpoint_urls)
            .field("built_ins", &self.built_ins)
            .field("endpoint_params", &self.endpoint_params)
            .field("disable_host_prefix", &self.disable_host_prefix)
            .field(
                "disable_request_compression",
                &self.disable_request_compression,
            )
            .field("min_compression_size", &self.min_compression_size)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

impl Config {
    /// The default connect timeout: 3.1 s, as the SDKs' standard defaults.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
    /// The default read timeout: the time allowed for the response's head, and again for its
    /// body.
    pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);
    /// The smallest request body compressed by default (where the operation allows it), in
    /// bytes: 10 KiB, as the SDKs' default.
    pub const DEFAULT_MIN_COMPRESSION_SIZE: usize = 10_240;
    /// The largest minimum compression size the environment and the profile may set, in bytes
    /// (10 MiB), as the SDKs check it.
    pub const MAX_MIN_COMPRESSION_SIZE: usize = 10_485_760;

    /// A configuration with nothing set: give it a region and credentials.
    pub fn new() -> Self {
        Self {
            region: None,
            credentials: CredentialSetting::Unset,
            endpoint_url: None,
            service_endpoint_urls: BTreeMap::new(),
            built_ins: BTreeMap::new(),
            endpoint_params: BTreeMap::new(),
            disable_host_prefix: false,
            disable_request_compression: false,
            min_compression_size: Self::DEFAULT_MIN_COMPRESSION_SIZE,
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
            read_timeout: Self::DEFAULT_READ_TIMEOUT,
            retry: RetryPolicy::standard(),
        }
    }

    /// The configuration the process's environment describes: see [`Config::from_vars`].
    /// Variables whose name or value is not UTF-8 are left out.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_var_map(crate::client::credentials::process_vars())
    }

    /// The configuration these environment variables describe, as the SDKs read them:
    /// `AWS_REGION` (else `AWS_DEFAULT_REGION`, else the profile's `region`); credentials from
    /// `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, else the profile's
    /// static keys, else the [`DefaultChain`] (roles, `credential_process`, SSO, web identity,
    /// the container and instance metadata endpoints), which looks at the client's first call;
    /// `AWS_ENDPOINT_URL_<SERVICE>` then `AWS_ENDPOINT_URL`, else the profile's `endpoint_url`,
    /// unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`; the endpoint rules' built-ins of
    /// [`BUILT_INS`] from their variable, else the profile's key (`AWS_USE_FIPS_ENDPOINT`, else
    /// `use_fips_endpoint`, ...). The profile is the one
    /// `AWS_PROFILE` names in the files `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`
    /// name (`~/.aws/config`, `~/.aws/credentials`).
    pub fn from_vars(
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        // Inserted one by one rather than collected: collecting into a map sorts, and each
        // iterator type would compile a sort of its own.
        let mut map = BTreeMap::new();
        for (name, value) in vars {
            map.insert(name, value);
        }
        Self::from_var_map(map)
    }

    /// [`Config::from_vars`] with the variables in a map.
    fn from_var_map(vars: BTreeMap<String, String>) -> Result<Self, ConfigError> {
        let var = |name: &str| vars.get(name).filter(|v| !v.is_empty()).cloned();
        let files = ProfileFiles::from_vars(&var)?;
        Self::from_vars_and_files(vars, files)
    }

    /// [`Config::from_vars`] with the shared files already read.
    pub(crate) fn from_vars_and_files(
        vars: BTreeMap<String, String>,
        files: ProfileFiles,
    ) -> Result<Self, ConfigError> {
        let var = |name: &str| vars.get(name).filter(|v| !v.is_empty()).cloned();
        let profile = files.selected_profile();
        let mut config = Self::new();
        config.region = var("AWS_REGION")
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .or_else(|| profile.get("region").map(str::to_owned));
        // Static keys of the environment or the profile are taken now; anything else is the
        // default chain's to find at the first call.
        config.credentials = match Credentials::from_vars(&var) {
            Some(credentials) => CredentialSetting::Static(credentials),
            None => match profile.credentials() {
                Some(credentials) if !profile.has_provider() => {
                    CredentialSetting::Static(credentials)
                }
                _ => CredentialSetting::Provider(Arc::new(DefaultChain::new(
                    vars.clone(),
                    files.clone(),
                ))),
            },
        };
        // A setting's variable, else its profile key: where it came from, and its text.
        let setting = |variable: &str, key: &str| match var(variable) {
            Some(value) => Some((variable.to_owned(), value)),
            None => profile.get(key).map(|value| {
                (
                    format!("`{key}` of profile `{}`", profile.name()),
                    value.to_owned(),
                )
            }),
        };
        for built_in in BUILT_INS {
            let Some((source, value)) = setting(built_in.variable, built_in.key) else {
                continue;
            };
            let parsed =
                built_in
                    .setting
                    .read(&value)
                    .ok_or_else(|| ConfigError::InvalidSetting {
                        source,
                        value,
                        expected: built_in.setting.expected(),
                    })?;
            config.built_ins.insert(built_in.name.to_owned(), parsed);
        }
        if let Some((source, value)) = setting(
            "AWS_DISABLE_REQUEST_COMPRESSION",
            "disable_request_compression",
        ) {
            config.disable_request_compression = match value.to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(ConfigError::InvalidSetting {
                        source,
                        value,
                        expected: "`true` or `false`".to_owned(),
                    });
                }
            };
        }
        if let Some((source, value)) = setting(
            "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
            "request_min_compression_size_bytes",
        ) {
            config.min_compression_size = value
                .parse()
                .ok()
                .filter(|size| *size <= Self::MAX_MIN_COMPRESSION_SIZE)
                .ok_or_else(|| ConfigError::InvalidSetting {
                    source,
                    value,
                    expected: format!(
                        "a number of bytes from 0 to {}",
                        Self::MAX_MIN_COMPRESSION_SIZE
                    ),
                })?;
        }
        let ignore = var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        if !ignore {
            config.endpoint_url = var("AWS_ENDPOINT_URL")
                .map(|url| ("AWS_ENDPOINT_URL".to_owned(), url))
                .or_else(|| {
                    profile.get("endpoint_url").map(|url| {
                        (
                            format!("`endpoint_url` of profile `{}`", profile.name()),
                            url.to_owned(),
                        )
                    })
                });
            config.service_endpoint_urls.extend(
                vars.iter()
                    .filter(|(name, value)| {
                        name.starts_with("AWS_ENDPOINT_URL_") && !value.is_empty()
                    })
                    .map(|(name, value)| (name.clone(), value.clone())),
            );
        }
        Ok(config)
    }

    /// Sets the region, e.g. `us-west-2`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets the credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = CredentialSetting::Static(credentials);
        self
    }

    /// Sets where the credentials come from: the client asks `provider` at its first call, and
    /// again shortly before the credentials it gave expire.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = CredentialSetting::Provider(Arc::new(provider));
        self
    }

    pub(crate) fn credentials_shared(mut self, provider: SharedProvider) -> Self {
        self.credentials = CredentialSetting::Provider(provider);
        self
    }

    /// Sends requests unsigned, for operations that take no credentials (STS
    /// `AssumeRoleWithWebIdentity`, SSO `GetRoleCredentials`, SSO OIDC `CreateToken`).
    pub fn unsigned(mut self) -> Self {
        self.credentials = CredentialSetting::Unsigned;
        self
    }

    /// Sends every service's requests to this URL (e.g. `http://127.0.0.1:5000` for a local
    /// server) instead of the service's own endpoint; it wins over the environment.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(("Config::endpoint_url".to_owned(), url.into()));
        self.service_endpoint_urls.clear();
        self
    }

    /// Sends requests to the services' FIPS endpoints (the rule sets' `UseFIPS`); an error for a
    /// service or region that has none.
    pub fn use_fips_endpoint(mut self, use_fips: bool) -> Self {
        self.built_ins
            .insert("AWS::UseFIPS".to_owned(), Value::Bool(use_fips));
        self
    }

    /// Sends requests to the services' dual-stack (IPv4 and IPv6) endpoints (the rule sets'
    /// `UseDualStack`); an error for a service or region that has none.
    pub fn use_dual_stack_endpoint(mut self, use_dual_stack: bool) -> Self {
        self.built_ins
            .insert("AWS::UseDualStack".to_owned(), Value::Bool(use_dual_stack));
        self
    }

    /// Sets a parameter of the services' endpoint rules by its name in the rule sets (e.g.
    /// `ForcePathStyle`, `UseGlobalEndpoint`): a string, a boolean or an array of strings. It
    /// wins over the built-in settings, and a service whose rules take no such parameter
    /// ignores it.
    pub fn endpoint_parameter(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.endpoint_params.insert(name.into(), value.into());
        self
    }

    /// Leaves out the operations' host prefixes (for servers that do not answer on them).
    pub fn disable_host_prefix(mut self, disable: bool) -> Self {
        self.disable_host_prefix = disable;
        self
    }

    /// Sends request bodies as they are, where the operation would allow them compressed
    /// (`AWS_DISABLE_REQUEST_COMPRESSION`, the profile's `disable_request_compression`).
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.disable_request_compression = disable;
        self
    }

    /// The smallest request body, in bytes, that is compressed where the operation allows it
    /// (default [`DEFAULT_MIN_COMPRESSION_SIZE`](Self::DEFAULT_MIN_COMPRESSION_SIZE);
    /// `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`, the profile's
    /// `request_min_compression_size_bytes`).
    pub fn request_min_compression_size_bytes(mut self, size: usize) -> Self {
        self.min_compression_size = size;
        self
    }

    /// The time allowed to open a connection (TCP and TLS).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The time allowed for the response's head once connected (the default transport allows
    /// the connect timeout plus this for connecting, sending and the head together), and again
    /// for its body.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// The retry policy (default: [`RetryPolicy::standard`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The region, if set.
    pub fn get_region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The connect timeout.
    pub fn get_connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The read timeout.
    pub fn get_read_timeout(&self) -> Duration {
        self.read_timeout
    }

    /// The retry policy.
    pub fn get_retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The credentials, if fixed ones are set (by the program, the environment or the
    /// profile's static keys); none when a provider finds them at the first call.
    pub fn get_credentials(&self) -> Option<&Credentials> {
        match &self.credentials {
            CredentialSetting::Static(credentials) => Some(credentials),
            _ => None,
        }
    }

    /// What signs the client's requests: a provider (fixed credentials provide themselves), or
    /// none for unsigned requests; an error when nothing was set.
    pub(crate) fn credentials_provider_of(&self) -> Result<Option<SharedProvider>, ConfigError> {
        match &self.credentials {
            CredentialSetting::Unset => Err(ConfigError::MissingCredentials),
            CredentialSetting::Static(credentials) => Ok(Some(Arc::new(credentials.clone()))),
            CredentialSetting::Provider(provider) => Ok(Some(provider.clone())),
            CredentialSetting::Unsigned => Ok(None),
        }
    }

    pub(crate) fn host_prefix_disabled(&self) -> bool {
        self.disable_host_prefix
    }

    /// The smallest body compressed, or `None` when compression is off.
    #[cfg_attr(not(feature = "gzip"), allow(dead_code))]
    pub(crate) fn compression_threshold(&self) -> Option<usize> {
        (!self.disable_request_compression).then_some(self.min_compression_size)
    }

    /// The checked region: a non-empty host name label (letters, digits and `-`).
    pub(crate) fn checked_region(&self) -> Result<&str, ConfigError> {
        let region = self.region.as_deref().ok_or(ConfigError::MissingRegion)?;
        if region.is_empty()
            || !region
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(ConfigError::InvalidRegion(region.to_owned()));
        }
        Ok(region)
    }

    /// Where `service`'s requests go. With the service's endpoint rules: where they resolve to,
    /// given the region, FIPS, dual-stack, the configured endpoint URL and the parameters set
    /// with [`endpoint_parameter`](Self::endpoint_parameter). Without rules: the configured
    /// endpoint URL (the program's, else the service's variable, else `AWS_ENDPOINT_URL` or the
    /// profile's), else `https://{endpointPrefix}.{region}.amazonaws.com` (`.amazonaws.com.cn`
    /// in the China regions).
    pub fn endpoint(&self, service: &ServiceInfo) -> Result<Endpoint, ConfigError> {
        self.endpoint_with(service, &Params::new())
    }

    /// [`endpoint`](Self::endpoint) for an operation that sets endpoint parameters of its own
    /// (from its input, or for itself), which win over the configuration's.
    pub fn endpoint_with(
        &self,
        service: &ServiceInfo,
        operation: &Params,
    ) -> Result<Endpoint, ConfigError> {
        let configured = self.configured_endpoint(service)?;
        match (service.endpoint_rules, configured) {
            (Some(text), configured) => {
                let rules = RuleSet::embedded(text).map_err(ConfigError::Endpoint)?;
                let params =
                    self.endpoint_params(&rules, configured.map(|(url, _)| url), operation);
                let resolved = rules.resolve(&params).map_err(ConfigError::Endpoint)?;
                Endpoint::resolved(&resolved)
            }
            (None, Some((_, endpoint))) => Ok(endpoint),
            (None, None) => {
                let region = self.checked_region()?;
                let suffix = if region.starts_with("cn-") {
                    "amazonaws.com.cn"
                } else {
                    "amazonaws.com"
                };
                let url = format!("https://{}.{region}.{suffix}", service.endpoint_prefix);
                Endpoint::parse(&url).ok_or(ConfigError::InvalidEndpoint {
                    source: "the region".to_owned(),
                    url,
                })
            }
        }
    }

    /// The endpoint URL configured for `service`, as given and parsed: the program's, else the
    /// service's variable, else `AWS_ENDPOINT_URL` (or the profile's). An error naming where it
    /// came from when it is not an absolute `http` or `https` URL.
    fn configured_endpoint(
        &self,
        service: &ServiceInfo,
    ) -> Result<Option<(String, Endpoint)>, ConfigError> {
        // `Config::endpoint_url` clears the service variables, so it wins over them.
        let configured = [
            service.endpoint_variable(),
            service.endpoint_variable_compact(),
        ]
        .into_iter()
        .find_map(|variable| {
            let url = self.service_endpoint_urls.get(&variable)?.clone();
            Some((variable, url))
        })
        .or_else(|| self.endpoint_url.clone());
        let Some((source, url)) = configured else {
            return Ok(None);
        };
        match Endpoint::parse(&url) {
            Some(endpoint) => Ok(Some((url, endpoint))),
            None => Err(ConfigError::InvalidEndpoint { source, url }),
        }
    }

    /// The parameters of `rules` this configuration and the operation give: the built-ins the
    /// SDKs set (`AWS::Region`, `SDK::Endpoint` and those of [`BUILT_INS`]), then the ones the
    /// program set by name, then the operation's.
    fn endpoint_params(
        &self,
        rules: &RuleSet,
        endpoint_url: Option<String>,
        operation: &Params,
    ) -> Params {
        let mut params = Params::new();
        for parameter in rules.parameters() {
            let built_in = match parameter.built_in.as_deref() {
                Some("AWS::Region") => self.region.clone().map(Value::String),
                Some("SDK::Endpoint") => endpoint_url.clone().map(Value::String),
                Some(name) => self.built_ins.get(name).cloned(),
                None => None,
            };
            if let Some(value) = operation
                .get(&parameter.name)
                .or_else(|| self.endpoint_params.get(&parameter.name))
                .cloned()
                .or(built_in)
            {
                params.set(&parameter.name, value);
            }
        }
        params
    }
}

/// A built-in parameter of the endpoint rules that the SDKs read from the environment and the
/// shared configuration files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltIn {
    /// The built-in's name in the rule sets, e.g. `AWS::UseFIPS`.
    pub name: &'static str,
    /// The environment variable, e.g. `AWS_USE_FIPS_ENDPOINT`.
    pub variable: &'static str,
    /// The profile's key, e.g. `use_fips_endpoint`.
    pub key: &'static str,
    /// The values it takes.
    pub setting: Setting,
}

/// The values a [`BuiltIn`] takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// `true` or `false`, in any case.
    Flag,
    /// `legacy` (the global endpoint: `true`) or `regional` (`false`).
    LegacyOrRegional,
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// Any text.
    Text,
}

impl Setting {
    /// The parameter's value of a setting's text, if it is one this setting takes.
    fn read(self, text: &str) -> Option<Value> {
        let lower = text.to_ascii_lowercase();
        match self {
            Self::Flag => match lower.as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            Self::LegacyOrRegional => match lower.as_str() {
                "legacy" => Some(Value::Bool(true)),
                "regional" => Some(Value::Bool(false)),
                _ => None,
            },
            Self::OneOf(words) => words
                .contains(&lower.as_str())
                .then_some(Value::String(lower)),
            Self::Text => Some(Value::String(text.to_owned())),
        }
    }

    /// The values it takes, as an error message says them.
    fn expected(self) -> String {
        match self {
            Self::Flag => "`true` or `false`".to_owned(),
            Self::LegacyOrRegional => "`legacy` or `regional`".to_owned(),
            Self::OneOf(words) => {
                let words: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
                format!("one of {}", words.join(", "))
            }
            Self::Text => "text".to_owned(),
        }
    }
}

/// The endpoint rules' built-ins the SDKs read from a variable, else the profile's key.
pub const BUILT_INS: &[BuiltIn] = &[
    BuiltIn {
        name: "AWS::UseFIPS",
        variable: "AWS_USE_FIPS_ENDPOINT",
        key: "use_fips_endpoint",
        setting: Setting::Flag,
    },
    BuiltIn {
        name: "AWS::UseDualStack",
        variable: "AWS_USE_DUALSTACK_ENDPOINT",
        key: "use_dualstack_endpoint",
        setting: Setting::Flag,
    },
    BuiltIn {
        name: "AWS::S3::UseArnRegion",
        variable: "AWS_S3_USE_ARN_REGION",
        key: "s3_use_arn_region",
        setting: Setting::Flag,
    },
    BuiltIn {
        name: "AWS::S3Control::UseArnRegion",
        variable: "AWS_S3_USE_ARN_REGION",
        key: "s3_use_arn_region",
        setting: Setting::Flag,
    },
    BuiltIn {
        name: "AWS::S3::DisableMultiRegionAccessPoints",
        variable: "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
        key: "s3_disable_multiregion_access_points",
        setting: Setting::Flag,
    },
    BuiltIn {
        name: "AWS::S3::UseGlobalEndpoint",
        variable: "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT",
        key: "s3_us_east_1_regional_endpoint",
        setting: Setting::LegacyOrRegional,
    },
    BuiltIn {
        name: "AWS::STS::UseGlobalEndpoint",
        variable: "AWS_STS_REGIONAL_ENDPOINTS",
        key: "sts_regional_endpoints",
        setting: Setting::LegacyOrRegional,
    },
    BuiltIn {
        name: "AWS::Auth::AccountId",
        variable: "AWS_ACCOUNT_ID",
        key: "aws_account_id",
        setting: Setting::Text,
    },
    BuiltIn {
        name: "AWS::Auth::AccountIdEndpointMode",
        variable: "AWS_ACCOUNT_ID_ENDPOINT_MODE",
        key: "account_id_endpoint_mode",
        setting: Setting::OneOf(&["preferred", "disabled", "required"]),
    },
];

/// A resolved endpoint: scheme, authority and a base path that requests' paths are appended to,
/// and what the endpoint rules add: headers, and the signing name and region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    scheme: http::uri::Scheme,
    authority: http::uri::Authority,
    base_path: String,
    headers: Vec<(String, String)>,
    signing_name: Option<String>,
    signing_region: Option<String>,
}

impl Endpoint {
    /// Parses an absolute `http` or `https` URL without a query.
    pub fn parse(url: &str) -> Option<Self> {
        let uri: Uri = url.parse().ok()?;
        let scheme = uri.scheme()?.clone();
        if scheme != http::uri::Scheme::HTTP && scheme != http::uri::Scheme::HTTPS {
            return None;
        }
        if uri.query().is_some() {
            return None;
        }
        let authority = uri.authority()?.clone();
        if authority.as_str().contains('@') || authority.host().is_empty() {
            return None;
        }
        Some(Self {
            scheme,
            authority,
            base_path: uri.path().trim_end_matches('/').to_owned(),
            headers: Vec::new(),
            signing_name: None,
            signing_region: None,
        })
    }

    /// The endpoint the rules resolved to, signed with the first of its `authSchemes` this
    /// client signs (`sigv4`), with the signing name and region it gives.
    pub fn resolved(resolved: &ResolvedEndpoint) -> Result<Self, ConfigError> {
        let mut endpoint =
            Self::parse(&resolved.url).ok_or_else(|| ConfigError::InvalidEndpoint {
                source: "the endpoint rules".to_owned(),
                url: resolved.url.clone(),
            })?;
        let schemes = resolved.auth_schemes();
        if !schemes.is_empty() {
            let sigv4 = schemes
                .iter()
                .find(|scheme| scheme.get("name").and_then(Value::as_str) == Some("sigv4"))
                .ok_or_else(|| ConfigError::UnsupportedAuth {
                    url: resolved.url.clone(),
                    schemes: schemes
                        .iter()
                        .map(|s| {
                            s.get("name")
                                .and_then(Value::as_str)
                                .unwrap_or("?")
                                .to_owned()
                        })
                        .collect(),
                })?;
            let text = |key: &str| sigv4.get(key).and_then(Value::as_str).map(str::to_owned);
            endpoint.signing_name = text("signingName");
            endpoint.signing_region = text("signingRegion");
        }
        endpoint.headers = resolved
            .headers
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |v| (name.clone(), v.clone())))
            .collect();
        Ok(endpoint)
    }

    /// The signing name the endpoint asks for, if it names one (else the service's).
    pub fn signing_name(&self) -> Option<&str> {
        self.signing_name.as_deref()
    }

    /// The signing region the endpoint asks for, if it names one (else the configured region).
    pub fn signing_region(&self) -> Option<&str> {
        self.signing_region.as_deref()
    }

    /// Headers the endpoint asks every request to it to carry, as name and value.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The URL as text, e.g. `https://examplesvc.us-west-2.amazonaws.com`.
    pub fn url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.authority, self.base_path)
    }

    /// The absolute URI of a request's relative one (`/path?query`), with `host_prefix`
    /// (already filled in, e.g. `data.`) before the host.
    pub fn join(&self, relative: &Uri, host_prefix: Option<&str>) -> Option<Uri> {
        let path_and_query = relative.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let authority = match host_prefix {
            Some(prefix) => format!("{prefix}{}", self.authority),
            None => self.authority.to_string(),
        };
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(authority)
            .path_and_query(format!("{}{path_and_query}", self.base_path))
            .build()
            .ok()
    }
}

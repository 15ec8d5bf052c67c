//! The client's configuration as the SDKs read it: the environment, the shared `config` and
//! `credentials` files with profiles, endpoint resolution per service, and secrets kept out of
//! every `Debug` and error message.

use std::path::PathBuf;

use ivs_models::client::{Client, Config, ConfigError, Credentials, Endpoint, Profile};
use ivs_models::ivs::client::SERVICE as IVS;
use ivs_models::ivs_realtime::client::SERVICE as REALTIME;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn endpoint(config: &Config, service: &ivs_models::client::ServiceInfo) -> String {
    config.endpoint(service).expect("an endpoint").url()
}

/// A fresh directory for shared configuration files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ivs-client-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir");
    dir
}

#[test]
fn the_environment_gives_region_credentials_and_endpoints() {
    let config = Config::from_vars(vars(&[
        ("AWS_REGION", "eu-west-1"),
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", "TOKENENV"),
        ("HOME", "/nonexistent"),
    ]))
    .expect("a config");
    assert_eq!(config.get_region(), Some("eu-west-1"));
    let credentials = config.get_credentials().expect("credentials");
    assert_eq!(credentials.access_key_id(), "AKIDENV");
    assert_eq!(credentials.secret_access_key(), SECRET);
    assert_eq!(credentials.session_token(), Some("TOKENENV"));
    assert_eq!(
        endpoint(&config, &IVS),
        "https://ivs.eu-west-1.amazonaws.com"
    );
    assert_eq!(
        endpoint(&config, &REALTIME),
        "https://ivsrealtime.eu-west-1.amazonaws.com"
    );
    assert_eq!(IVS.signing_name, "ivs");
    assert_eq!(REALTIME.signing_name, "ivs", "RealTime signs as ivs");
}

#[test]
fn endpoint_variables_follow_the_sdks() {
    let base = [("AWS_REGION", "us-west-2"), ("HOME", "/nonexistent")];
    assert_eq!(IVS.endpoint_variable(), "AWS_ENDPOINT_URL_IVS");
    assert_eq!(
        REALTIME.endpoint_variable(),
        "AWS_ENDPOINT_URL_IVS_REALTIME"
    );

    let all = Config::from_vars(vars(&[
        base[0],
        base[1],
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
    ]))
    .expect("a config");
    assert_eq!(endpoint(&all, &IVS), "http://127.0.0.1:4566");
    assert_eq!(endpoint(&all, &REALTIME), "http://127.0.0.1:4566");

    let per_service = Config::from_vars(vars(&[
        base[0],
        base[1],
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
        ("AWS_ENDPOINT_URL_IVS", "http://127.0.0.1:1001/"),
        (
            "AWS_ENDPOINT_URL_IVS_REALTIME",
            "http://localhost:1002/base",
        ),
    ]))
    .expect("a config");
    assert_eq!(endpoint(&per_service, &IVS), "http://127.0.0.1:1001");
    assert_eq!(
        endpoint(&per_service, &REALTIME),
        "http://localhost:1002/base"
    );

    let ignored = Config::from_vars(vars(&[
        base[0],
        base[1],
        ("AWS_ENDPOINT_URL_IVS", "http://127.0.0.1:1001"),
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
    ]))
    .expect("a config");
    assert_eq!(
        endpoint(&ignored, &IVS),
        "https://ivs.us-west-2.amazonaws.com"
    );

    // The service id without its space names the RealTime variable too.
    assert_eq!(
        REALTIME.endpoint_variable_compact(),
        "AWS_ENDPOINT_URL_IVSREALTIME"
    );
    let compact = Config::from_vars(vars(&[
        base[0],
        base[1],
        ("AWS_ENDPOINT_URL_IVSREALTIME", "http://127.0.0.1:1003"),
    ]))
    .expect("a config");
    assert_eq!(endpoint(&compact, &REALTIME), "http://127.0.0.1:1003");
    assert_eq!(
        endpoint(&compact, &IVS),
        "https://ivs.us-west-2.amazonaws.com"
    );

    // The program's endpoint wins over the environment's.
    let program = per_service.clone().endpoint_url("http://127.0.0.1:9");
    assert_eq!(endpoint(&program, &REALTIME), "http://127.0.0.1:9");

    let china = Config::new().region("cn-north-1");
    assert_eq!(
        endpoint(&china, &IVS),
        "https://ivs.cn-north-1.amazonaws.com.cn"
    );
}

#[test]
fn requests_join_the_endpoint_with_their_host_prefix() {
    let endpoint = Endpoint::parse("http://localhost:1002/base/").expect("an endpoint");
    let relative: http::Uri = "/tags/arn%3Aaws?tagKeys=a".parse().expect("a URI");
    assert_eq!(
        endpoint.join(&relative, None).expect("a URI").to_string(),
        "http://localhost:1002/base/tags/arn%3Aaws?tagKeys=a"
    );
    assert_eq!(
        endpoint
            .join(&relative, Some("data."))
            .expect("a URI")
            .to_string(),
        "http://data.localhost:1002/base/tags/arn%3Aaws?tagKeys=a"
    );
    for bad in [
        "ftp://host",
        "localhost:80",
        "http://user:pw@host",
        "http://host/?q=1",
        "",
    ] {
        assert!(Endpoint::parse(bad).is_none(), "{bad}");
    }
    let error = Config::from_vars(vars(&[
        ("AWS_ENDPOINT_URL_IVS", "not a url"),
        ("HOME", "/nonexistent"),
    ]))
    .expect("a config")
    .endpoint(&IVS)
    .expect_err("invalid");
    assert_eq!(
        error.to_string(),
        "invalid endpoint URL `not a url` (from AWS_ENDPOINT_URL_IVS): expected http(s)://host[:port][/path]"
    );
}

#[test]
fn profiles_come_from_the_shared_files() {
    let dir = temp_dir("profiles");
    std::fs::write(
        dir.join("config"),
        "# comment\n[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-central-1\n\
         ; another comment\ns3 =\n  max_concurrent_requests = 20\nendpoint_url = http://127.0.0.1:7000\n\n\
         [services dev-services]\nivs =\n  endpoint_url = http://127.0.0.1:7001\n",
    )
    .expect("written");
    std::fs::write(
        dir.join("credentials"),
        format!(
            "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = {SECRET}\n\n\
             [dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = {SECRET}\naws_session_token = TOKENDEV\n"
        ),
    )
    .expect("written");
    let home = dir.to_str().expect("a path");
    let files = [
        ("AWS_CONFIG_FILE", format!("{home}/config")),
        ("AWS_SHARED_CREDENTIALS_FILE", format!("{home}/credentials")),
    ];
    let with = |extra: &[(&str, &str)]| {
        let mut all: Vec<(String, String)> = files
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        all.extend(vars(extra));
        Config::from_vars(all).expect("a config")
    };

    let default = with(&[]);
    assert_eq!(default.get_region(), Some("us-east-1"));
    assert_eq!(
        default
            .get_credentials()
            .expect("credentials")
            .access_key_id(),
        "AKIDDEFAULT"
    );
    assert_eq!(
        endpoint(&default, &IVS),
        "https://ivs.us-east-1.amazonaws.com"
    );

    let dev = with(&[("AWS_PROFILE", "dev")]);
    assert_eq!(dev.get_region(), Some("eu-central-1"));
    let credentials = dev.get_credentials().expect("credentials");
    assert_eq!(
        (
            credentials.access_key_id(),
            credentials.secret_access_key(),
            credentials.session_token()
        ),
        ("AKIDDEV", SECRET, Some("TOKENDEV"))
    );
    assert_eq!(endpoint(&dev, &IVS), "http://127.0.0.1:7000");

    // The environment wins over the profile.
    let env = with(&[
        ("AWS_PROFILE", "dev"),
        ("AWS_REGION", "ap-south-1"),
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
    ]);
    assert_eq!(env.get_region(), Some("ap-south-1"));
    assert_eq!(
        env.get_credentials().expect("credentials").access_key_id(),
        "AKIDENV"
    );

    // The files under $HOME/.aws when no variable names them.
    std::fs::create_dir_all(dir.join(".aws")).expect("a dir");
    std::fs::copy(dir.join("config"), dir.join(".aws/config")).expect("copied");
    std::fs::copy(dir.join("credentials"), dir.join(".aws/credentials")).expect("copied");
    let home_only =
        Config::from_vars(vars(&[("HOME", home), ("AWS_PROFILE", "dev")])).expect("a config");
    assert_eq!(home_only.get_region(), Some("eu-central-1"));

    // A profile no file has: nothing from the files.
    let none = with(&[("AWS_PROFILE", "missing")]);
    assert_eq!(none.get_region(), None);
    assert!(none.get_credentials().is_none());
    let profile = Profile::parse("dev", "[profile dev]\nregion = x\n", "").expect("parsed");
    assert_eq!(profile.get("region"), Some("x"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn what_is_missing_is_named() {
    let nothing = || Config::from_vars(vars(&[("HOME", "/nonexistent")])).expect("a config");
    let error = Client::new(nothing()).expect_err("no region");
    assert!(matches!(error, ConfigError::MissingRegion));
    assert_eq!(
        error.to_string(),
        "no region: set AWS_REGION, `region` in the profile, or Config::region"
    );
    // The environment's configuration finds its credentials at the first call (the default
    // chain, `client_credentials.rs`); a configuration made by the program must be given them.
    Client::new(nothing().region("us-west-2")).expect("a client, credentials to be found later");
    let error = Client::new(Config::new().region("us-west-2")).expect_err("no credentials");
    assert!(matches!(error, ConfigError::MissingCredentials));
    assert!(
        error
            .to_string()
            .starts_with("no credentials: set AWS_ACCESS_KEY_ID")
    );
    let error = Client::new(
        nothing()
            .region("us-west-2/evil")
            .credentials(Credentials::new("a", "b")),
    )
    .expect_err("bad region");
    assert_eq!(error.to_string(), "invalid region `us-west-2/evil`");
}

#[test]
fn secrets_stay_out_of_debug_and_errors() {
    let dir = temp_dir("secrets");
    // A credentials file that is not INI: the error names the file, not its text.
    std::fs::write(
        dir.join("credentials"),
        format!("[dev\naws_secret_access_key = {SECRET}\n"),
    )
    .expect("written");
    let error = Config::from_vars(vars(&[
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("credentials").to_str().expect("a path"),
        ),
        ("HOME", "/nonexistent"),
    ]))
    .expect_err("malformed");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("credentials"), "{shown}");
    assert!(!shown.contains("wJalrXUtnFEMI"), "{shown}");

    let config = Config::new()
        .region("us-west-2")
        .credentials(Credentials::new("AKIDSECRETID", SECRET).with_session_token("TOKENSECRET"));
    let client = Client::new(config.clone()).expect("a client");
    let profile = Profile::parse(
        "default",
        "",
        &format!("[default]\naws_access_key_id = AKIDSECRETID\naws_secret_access_key = {SECRET}\n"),
    )
    .expect("parsed");
    for shown in [
        format!("{config:?}"),
        format!("{client:?}"),
        format!("{profile:?}"),
    ] {
        for secret in ["AKIDSECRETID", "wJalrXUtnFEMI", "TOKENSECRET"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

//! The client's endpoints from the services' rule sets: the built-ins set as the SDKs set them
//! (region, FIPS and dual-stack from the environment, the profile or the program, the configured
//! endpoint URL), parameters set by name and by the operation (what the generator writes for
//! them too), the rules' errors, and what an endpoint adds to a call: its headers, and the
//! signing name and region of its `authSchemes`.

mod client_support;

use ivs_models::client::endpoint::Params;
use ivs_models::client::{Client, Config, ConfigError, ServiceInfo, ServiceOperation};
use ivs_models::ivs::client::SERVICE as IVS;
use ivs_models::ivs::operation::GetChannel;
use ivs_models::ivs::{GetChannelRequest, GetChannelResponse};
use ivs_models::ivs_realtime::client::SERVICE as REALTIME;
use ivs_models::{Operation, RequestError, ResponseError};

use client_support::{ScriptedServer, config, json_reply};

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn url(config: &Config, service: &ServiceInfo) -> Result<String, String> {
    config
        .endpoint(service)
        .map(|e| e.url())
        .map_err(|e| e.to_string())
}

#[test]
fn fips_and_dual_stack_come_from_the_environment_and_the_program() {
    let env = |pairs: &[(&str, &str)]| {
        let mut all = vars(&[("AWS_REGION", "us-east-1"), ("HOME", "/nonexistent")]);
        all.extend(vars(pairs));
        Config::from_vars(all).expect("a config")
    };
    let fips = env(&[("AWS_USE_FIPS_ENDPOINT", "true")]);
    assert_eq!(
        url(&fips, &IVS).as_deref(),
        Ok("https://ivs-fips.us-east-1.amazonaws.com")
    );
    let both = env(&[
        ("AWS_USE_FIPS_ENDPOINT", "TRUE"),
        ("AWS_USE_DUALSTACK_ENDPOINT", "true"),
    ]);
    assert_eq!(
        url(&both, &IVS).as_deref(),
        Ok("https://ivs-fips.us-east-1.api.aws")
    );
    let off = env(&[("AWS_USE_FIPS_ENDPOINT", "false")]);
    assert_eq!(
        url(&off, &REALTIME).as_deref(),
        Ok("https://ivsrealtime.us-east-1.amazonaws.com")
    );

    // The program's settings win.
    let program = both.use_fips_endpoint(false).region("cn-north-1");
    assert_eq!(
        url(&program, &IVS).as_deref(),
        Ok("https://ivs.cn-north-1.api.amazonwebservices.com.cn")
    );

    let bad = Config::from_vars(vars(&[
        ("AWS_USE_DUALSTACK_ENDPOINT", "yes"),
        ("HOME", "/nonexistent"),
    ]))
    .map(|_| ())
    .map_err(|e| e.to_string());
    assert_eq!(
        bad,
        Err("invalid AWS_USE_DUALSTACK_ENDPOINT `yes`: expected `true` or `false`".to_owned())
    );
}

#[test]
fn fips_and_dual_stack_come_from_the_profile() {
    let dir = std::env::temp_dir().join(format!("ivs-client-endpoint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let file = dir.join("config");
    std::fs::write(
        &file,
        "[default]\nregion = us-west-2\nuse_dualstack_endpoint = true\n\n\
         [profile fips]\nregion = us-gov-west-1\nuse_fips_endpoint = true\n\n\
         [profile broken]\nuse_fips_endpoint = maybe\n",
    )
    .expect("written");
    let with = |profile: &str| {
        Config::from_vars(vars(&[
            ("AWS_CONFIG_FILE", file.to_str().expect("a path")),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
            ("AWS_PROFILE", profile),
        ]))
    };
    let default = with("default").expect("a config");
    assert_eq!(
        url(&default, &IVS).as_deref(),
        Ok("https://ivs.us-west-2.api.aws")
    );
    let fips = with("fips").expect("a config");
    assert_eq!(
        url(&fips, &IVS).as_deref(),
        Ok("https://ivs-fips.us-gov-west-1.amazonaws.com")
    );
    // The environment wins over the profile.
    let env = Config::from_vars(vars(&[
        ("AWS_CONFIG_FILE", file.to_str().expect("a path")),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
        ("AWS_USE_DUALSTACK_ENDPOINT", "false"),
    ]))
    .expect("a config");
    assert_eq!(
        url(&env, &IVS).as_deref(),
        Ok("https://ivs.us-west-2.amazonaws.com")
    );
    let broken = with("broken").map(|_| ()).map_err(|e| e.to_string());
    assert_eq!(
        broken,
        Err(
            "invalid `use_fips_endpoint` of profile `broken` `maybe`: expected `true` or `false`"
                .to_owned()
        )
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// The gunzipped text of file `name` of botocore's `service`, newest version, from the pinned
/// botocore the build script unpacks.
fn botocore_file(service: &str, name: &str) -> String {
    let dir = std::path::Path::new(env!("BOTOCORE_DATA")).join(service);
    let mut versions: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    versions.sort();
    let path = versions.last().expect("a version").join(name);
    let gz = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(gz), &mut text).expect("gzip");
    text
}

/// A service with botocore's endpoint rules of `service`.
fn botocore_service(service: &'static str) -> ServiceInfo {
    let rules = botocore_file(service, "endpoint-rule-set-1.json.gz");
    ServiceInfo {
        service_id: service,
        endpoint_prefix: service,
        signing_name: service,
        endpoint_rules: Some(Box::leak(rules.into_boxed_str())),
    }
}

#[test]
fn the_other_built_ins_come_from_the_environment() {
    let env = |pairs: &[(&str, &str)]| {
        let mut all = vars(&[("AWS_REGION", "us-west-2"), ("HOME", "/nonexistent")]);
        all.extend(vars(pairs));
        Config::from_vars(all).map_err(|e| e.to_string())
    };
    let sts = botocore_service("sts");
    let legacy = env(&[("AWS_STS_REGIONAL_ENDPOINTS", "legacy")]).expect("a config");
    let endpoint = legacy.endpoint(&sts).expect("an endpoint");
    assert_eq!(
        (endpoint.url(), endpoint.signing_region()),
        ("https://sts.amazonaws.com".to_owned(), Some("us-east-1"))
    );
    let regional = env(&[("AWS_STS_REGIONAL_ENDPOINTS", "regional")]).expect("a config");
    assert_eq!(
        url(&regional, &sts).as_deref(),
        Ok("https://sts.us-west-2.amazonaws.com")
    );

    let dynamodb = botocore_service("dynamodb");
    let account = env(&[
        ("AWS_ACCOUNT_ID", "111111111111"),
        ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "required"),
        ("AWS_REGION", "us-east-1"),
    ])
    .expect("a config");
    assert_eq!(
        url(&account, &dynamodb).as_deref(),
        Ok("https://111111111111.ddb.us-east-1.amazonaws.com")
    );
    assert_eq!(
        env(&[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes")]).map(|_| ()),
        Err(
            "invalid AWS_ACCOUNT_ID_ENDPOINT_MODE `sometimes`: expected one of `preferred`, \
             `disabled`, `required`"
                .to_owned()
        )
    );
    assert_eq!(
        env(&[("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "global")]).map(|_| ()),
        Err(
            "invalid AWS_S3_US_EAST_1_REGIONAL_ENDPOINT `global`: expected `legacy` or `regional`"
                .to_owned()
        )
    );
}

#[test]
fn the_rules_errors_are_configuration_errors() {
    let custom = Config::new()
        .region("us-east-1")
        .endpoint_url("http://127.0.0.1:9")
        .use_fips_endpoint(true);
    let error = custom.endpoint(&IVS).expect_err("an error");
    assert!(matches!(error, ConfigError::Endpoint(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "no endpoint: Invalid Configuration: FIPS and custom endpoint are not supported"
    );
    let no_region = Config::new();
    assert_eq!(
        url(&no_region, &IVS),
        Err("no endpoint: Invalid Configuration: Missing Region".to_owned())
    );
    // A URL that is not one is named with where it came from, as before.
    let bad = Config::new().region("us-east-1").endpoint_url("not a url");
    assert_eq!(
        url(&bad, &IVS),
        Err(
            "invalid endpoint URL `not a url` (from Config::endpoint_url): expected \
             http(s)://host[:port][/path]"
                .to_owned()
        )
    );
}

/// A made-up service's rules: the configured endpoint, or one by `Stage`, signed as the rules
/// say, with a header; `sigv4a` alone for the stage `global`.
const RULES: &str = r#"{
    "version": "1.0",
    "parameters": {
        "Region": {"type": "string", "builtIn": "AWS::Region"},
        "Endpoint": {"type": "string", "builtIn": "SDK::Endpoint"},
        "Stage": {"type": "string", "required": true, "default": "prod"}
    },
    "rules": [
        {"conditions": [{"fn": "stringEquals", "argv": [{"ref": "Stage"}, "global"]}],
         "endpoint": {"url": "https://global.example.com",
                      "properties": {"authSchemes": [{"name": "sigv4a", "signingRegionSet": ["*"]}]}},
         "type": "endpoint"},
        {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
         "endpoint": {"url": {"ref": "Endpoint"},
                      "properties": {"authSchemes": [
                          {"name": "sigv4a", "signingName": "rerouted", "signingRegionSet": ["*"]},
                          {"name": "sigv4", "signingName": "rerouted", "signingRegion": "{Region}-x"}]},
                      "headers": {"x-stage": ["{Stage}"]}},
         "type": "endpoint"},
        {"conditions": [], "endpoint": {"url": "https://{Stage}.example.com"}, "type": "endpoint"}
    ]
}"#;

const REROUTED: ServiceInfo = ServiceInfo {
    service_id: "Rerouted",
    endpoint_prefix: "rerouted",
    signing_name: "ivs",
    endpoint_rules: Some(RULES),
};

/// `GetChannel`, sent to the made-up service, with the endpoint parameter `Stage` from its
/// input.
struct Rerouted;

impl Operation for Rerouted {
    const NAME: &'static str = GetChannel::NAME;
    const HTTP_METHOD: &'static str = GetChannel::HTTP_METHOD;
    const HTTP_URI: &'static str = GetChannel::HTTP_URI;
    const SUCCESS_STATUS: u16 = GetChannel::SUCCESS_STATUS;
    type Input = GetChannelRequest;
    type Output = GetChannelResponse;
    type Error = <GetChannel as Operation>::Error;

    fn request(input: &Self::Input) -> Result<http::Request<Vec<u8>>, RequestError> {
        GetChannel::request(input)
    }

    fn response(
        response: &http::Response<Vec<u8>>,
    ) -> Result<Self::Output, ResponseError<Self::Error>> {
        GetChannel::response(response)
    }

    fn parse_request(request: &http::Request<Vec<u8>>) -> Result<Self::Input, RequestError> {
        GetChannel::parse_request(request)
    }

    fn write_response(output: &Self::Output) -> http::Response<Vec<u8>> {
        GetChannel::write_response(output)
    }
}

impl ServiceOperation for Rerouted {
    const SERVICE: ServiceInfo = REROUTED;
    const ENDPOINT_PARAMS: bool = true;

    /// `Stage` from the input: the channel ARN's last part.
    fn endpoint_params(
        input: &GetChannelRequest,
        params: &mut Params,
    ) -> Result<(), ivs_models::client::EndpointError> {
        if let Some((_, stage)) = input.arn.rsplit_once('/') {
            params.set("Stage", stage.into());
        }
        Ok(())
    }
}

#[test]
fn parameters_set_by_name_reach_the_rules() {
    let config = Config::new().region("eu-west-1");
    assert_eq!(
        url(&config, &REROUTED).as_deref(),
        Ok("https://prod.example.com")
    );
    let staged = config.endpoint_parameter("Stage", "beta");
    assert_eq!(
        url(&staged, &REROUTED).as_deref(),
        Ok("https://beta.example.com")
    );
    // IVS's rules take no `Stage`: it is left out.
    assert_eq!(
        url(&staged, &IVS).as_deref(),
        Ok("https://ivs.eu-west-1.amazonaws.com")
    );
    // An operation's parameters win over the program's.
    assert_eq!(
        staged
            .endpoint_with(&REROUTED, &Params::new().string("Stage", "gamma"))
            .map(|e| e.url())
            .map_err(|e| e.to_string())
            .as_deref(),
        Ok("https://gamma.example.com")
    );
    let global = staged.endpoint_parameter("Stage", "global");
    assert_eq!(
        url(&global, &REROUTED),
        Err(
            "the endpoint https://global.example.com must be signed with sigv4a, which this \
             client does not sign (it signs with sigv4)"
                .to_owned()
        )
    );
}

#[tokio::test]
async fn a_call_carries_the_endpoints_headers_and_signing_scope() {
    let server = ScriptedServer::start(vec![json_reply(200, &[], r#"{"channel": {}}"#)]).await;
    let client = Client::new(config(&server.endpoint)).expect("a client");
    client
        .send::<Rerouted>(GetChannelRequest::new(
            "arn:aws:ivs:us-west-2:1:channel/canary",
        ))
        .await
        .expect("a response");
    let requests = server.requests();
    let [request] = requests.as_slice() else {
        panic!("one request, not {}", requests.len());
    };
    assert_eq!(
        request.headers().get("x-stage").map(|v| v.as_bytes()),
        Some(&b"canary"[..])
    );
    let authorization = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let region = config(&server.endpoint)
        .get_region()
        .map(str::to_owned)
        .unwrap_or_default();
    assert!(
        authorization.contains(&format!("/{region}-x/rerouted/aws4_request")),
        "{authorization}"
    );
}

/// The client glue the generator writes for operation `operation` of botocore's `service`, with
/// the service's endpoint rules: its `ServiceOperation` impl.
fn glue(service: &str, operation: &str) -> String {
    let files = vec![
        codegen::SourceFile {
            name: format!("{service}.json"),
            text: botocore_file(service, "service-2.json.gz"),
        },
        codegen::SourceFile {
            name: format!("{service}{}", codegen::ENDPOINT_RULES_SUFFIX),
            text: botocore_file(service, "endpoint-rule-set-1.json.gz"),
        },
    ];
    let loaded = codegen::load_files(files).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let identity = codegen::manifest::derived(std::path::Path::new(service), &loaded.ir);
    let files = codegen::generate::crate_files(&loaded.ir, &identity, &[]).expect("files");
    let module = files
        .iter()
        .find(|f| f.path == std::path::Path::new(&format!("src/{service}.rs")))
        .expect("the service module");
    let start =
        format!("    impl crate::client::ServiceOperation for super::operation::{operation} {{");
    let glue: Vec<&str> = module
        .text
        .lines()
        .skip_while(|line| *line != start)
        .take_while(|line| *line != "    }")
        .collect();
    glue.join("\n")
}

/// What the generator writes for operations that set endpoint parameters, on botocore's
/// Kinesis (`OperationType` for itself, `StreamARN` and `StreamId` from its input) and
/// DynamoDB (`ResourceArnList` from a path into its input).
#[test]
fn the_generator_gives_operations_their_endpoint_parameters() {
    insta::assert_snapshot!(glue("kinesis", "AddTagsToStream"), @r#"
    impl crate::client::ServiceOperation for super::operation::AddTagsToStream {
        const SERVICE: crate::client::ServiceInfo = SERVICE;
        const ENDPOINT_PARAMS: bool = true;
        fn endpoint_params(
            input: &super::AddTagsToStreamInput,
            params: &mut crate::client::endpoint::Params,
        ) -> Result<(), crate::client::EndpointError> {
            params.set("OperationType", ::serde_json::Value::from("control"));
            if let Some(value) = input.stream_arn.as_ref() {
                params.set("StreamARN", ::serde_json::Value::from(value.as_str()));
            }
            if let Some(value) = input.stream_id.as_ref() {
                params.set("StreamId", ::serde_json::Value::from(value.as_str()));
            }
            Ok(())
        }
    "#);
    insta::assert_snapshot!(glue("dynamodb", "BatchGetItem"), @r#"
    impl crate::client::ServiceOperation for super::operation::BatchGetItem {
        const SERVICE: crate::client::ServiceInfo = SERVICE;
        const ENDPOINT_PARAMS: bool = true;
        fn endpoint_params(
            input: &super::BatchGetItemInput,
            params: &mut crate::client::endpoint::Params,
        ) -> Result<(), crate::client::EndpointError> {
            params.select("ResourceArnList", input, "keys(RequestItems)")?;
            Ok(())
        }
    "#);
}

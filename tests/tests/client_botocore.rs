//! The client's signatures against an independent signer: for every operation (its wire fixture
//! as input) and for requests with awkward labels and query values, the `Authorization` header
//! the client computes for fixed credentials, region and time equals the one botocore (PyPI,
//! pinned in `tests/python/requirements.txt`) computes for the same request, with and without a
//! session token.

#[macro_use]
mod common;
mod client_support;

use std::path::Path;

use base64::Engine as _;
use ivs_models::client::sigv4::{self, Scope};
use ivs_models::client::{Config, Credentials, ServiceOperation};
use ivs_models::ivs::operation::{ListTagsForResource, TagResource, UntagResource};
use ivs_models::ivs::{ListTagsForResourceRequest, TagResourceRequest, UntagResourceRequest};
use serde_json::{Value, json};

use client_support::{ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY, botocore_script};

const TIME: &str = "2024-10-15T17:30:05Z";
const TOKEN: &str = "FwoGZXIvYXdzEBYaDExampleSessionToken+/=";

struct Signed {
    label: String,
    signing_name: &'static str,
    request: http::Request<Vec<u8>>,
}

/// The request of `input` as the client sends it: at the service's own endpoint for the region,
/// unsigned.
fn prepared<O: ServiceOperation>(label: String, mut input: O::Input) -> Signed {
    if let Some(token) = O::idempotency_token(&mut input) {
        token.get_or_insert_with(|| "0d5c4b5c-2f0e-4d4a-9a5e-4b8f6f0e1a2b".to_owned());
    }
    let request = O::request(&input).unwrap_or_else(|e| panic!("{label}: {e}"));
    let endpoint = Config::new()
        .region(REGION)
        .endpoint(&O::SERVICE)
        .expect("an endpoint");
    let uri = endpoint.join(request.uri(), None).expect("a URI");
    let (mut parts, body) = request.into_parts();
    parts.uri = uri;
    Signed {
        label,
        signing_name: O::SERVICE.signing_name,
        request: http::Request::from_parts(parts, body),
    }
}

fn fixture_case<O: ServiceOperation>(dir: &'static str) -> Signed {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/wire")
        .join(dir)
        .join(format!("{}.request.json", O::NAME));
    let text = std::fs::read_to_string(path).unwrap_or_else(|_| "{}".to_owned());
    let input: O::Input = serde_json::from_str(&text).expect("a fixture");
    prepared::<O>(O::NAME.to_owned(), input)
}

/// Labels and query values that need encoding: spaces, `%`, `/`, unicode, `=` and `&`.
fn awkward_cases() -> Vec<Signed> {
    let arn = "arn:aws:ivs:us-west-2:123456789012:channel/ä b%2F/../x~y";
    vec![
        prepared::<TagResource>(
            "TagResource (awkward ARN)".to_owned(),
            TagResourceRequest::new(
                arn,
                [("k ü".to_owned(), "v/1".to_owned())]
                    .into_iter()
                    .collect::<std::collections::BTreeMap<_, _>>(),
            ),
        ),
        prepared::<UntagResource>(
            "UntagResource (awkward keys)".to_owned(),
            UntagResourceRequest::new(arn, ["b b", "a=1&c", "ü", "~*'()", ""]),
        ),
        prepared::<ListTagsForResource>(
            "ListTagsForResource (awkward ARN)".to_owned(),
            ListTagsForResourceRequest::new(arn)
                .next_token("a+b/c=")
                .max_results(5),
        ),
    ]
}

fn sign_all(cases: &mut [Signed], credentials: &Credentials) -> Vec<String> {
    let time = TIME.parse().expect("a time");
    cases
        .iter_mut()
        .map(|case| {
            let scope = Scope {
                region: REGION,
                service: case.signing_name,
            };
            sigv4::sign(&mut case.request, credentials, &scope, time).expect("signed");
            case.request.headers()["authorization"]
                .to_str()
                .expect("text")
                .to_owned()
        })
        .collect()
}

/// botocore's `Authorization` for each request (as it was before the client signed it).
fn botocore(forms: &[(String, Value)], credentials: &Credentials) -> Vec<String> {
    let requests: Vec<&Value> = forms.iter().map(|(_, request)| request).collect();
    let job = json!({
        "access_key_id": credentials.access_key_id(),
        "secret_access_key": credentials.secret_access_key(),
        "session_token": credentials.session_token(),
        "region": REGION,
        "time": "20241015T173005Z",
        "requests": requests,
    });
    let answer = botocore_script("botocore_sign.py", &job);
    answer["authorizations"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|a| a.as_str().expect("text").to_owned())
        .collect()
}

fn unsigned_form(case: &Signed) -> (String, Value) {
    let request = &case.request;
    let headers: Vec<Value> = request
        .headers()
        .iter()
        .map(|(n, v)| json!([n.as_str(), v.to_str().expect("text header")]))
        .collect();
    (
        case.label.clone(),
        json!({
            "service": case.signing_name,
            "method": request.method().as_str(),
            "url": request.uri().to_string(),
            "headers": headers,
            "body": base64::engine::general_purpose::STANDARD.encode(request.body()),
        }),
    )
}

fn compare(credentials: &Credentials) {
    let mut cases: Vec<Signed> = all_operations!(fixture_case).into_iter().collect();
    cases.extend(awkward_cases());
    let forms: Vec<(String, Value)> = cases.iter().map(unsigned_form).collect();
    let ours = sign_all(&mut cases, credentials);
    let theirs = botocore(&forms, credentials);
    assert_eq!(ours.len(), 31);
    assert_eq!(theirs.len(), 31);
    for ((form, ours), theirs) in forms.iter().zip(&ours).zip(&theirs) {
        assert_eq!(ours, theirs, "{}: {}", form.0, form.1);
    }
}

#[test]
fn signatures_equal_botocores() {
    compare(&Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
}

#[test]
fn signatures_with_a_session_token_equal_botocores() {
    compare(&Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY).with_session_token(TOKEN));
}

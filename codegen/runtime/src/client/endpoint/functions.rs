//! The rule sets' library functions that work on text: `substring`, `uriEncode`, `parseURL`,
//! `isValidHostLabel`, `aws.parseArn` and `aws.isVirtualHostableS3Bucket`, as the Smithy rules
//! engine defines them. Each gives `None` where the engine's gives no value.

use std::net::{Ipv4Addr, Ipv6Addr};

use percent_encoding::utf8_percent_encode;
use serde_json::{Map, Value, json};

use crate::wire::UNRESERVED;

/// `substring(input, start, stop, reverse)`: characters `start..stop` of an ASCII `input`,
/// counted from its end when `reverse`.
pub(super) fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if start >= stop || input.len() < stop || !input.is_ascii() {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    input.get(from..to)
}

/// `uriEncode(value)`: every byte but the unreserved characters percent-encoded.
pub(super) fn uri_encode(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED).to_string()
}

/// `parseURL(url)`: the `scheme`, `authority`, `path`, `normalizedPath` (with a `/` at both
/// ends) and `isIp` of an `http` or `https` URL without a query.
pub(super) fn parse_url(url: &str) -> Option<Value> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let host = if authority.starts_with('[') {
        authority.split_once(']').map(|(h, _)| format!("{h}]"))?
    } else {
        authority.split(':').next().unwrap_or(authority).to_owned()
    };
    let is_ip = host.parse::<Ipv4Addr>().is_ok()
        || host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .is_some_and(|h| h.parse::<Ipv6Addr>().is_ok());
    let normalized = if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    let normalized = if normalized.starts_with('/') {
        normalized
    } else {
        format!("/{normalized}")
    };
    Some(json!({
        "scheme": scheme,
        "authority": authority,
        "path": path,
        "normalizedPath": normalized,
        "isIp": is_ip,
    }))
}

/// `isValidHostLabel(value, allowSubDomains)`: one DNS label (letters, digits and `-`, 1 to 63
/// characters, not starting with `-`), or with `allowSubDomains` several joined by `.`.
pub(super) fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    let label = |label: &str| {
        (1..=63).contains(&label.len())
            && !label.starts_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if allow_sub_domains {
        value.split('.').all(label)
    } else {
        label(value)
    }
}

/// `aws.parseArn(value)`: `arn:partition:service:region:accountId:resource`, the resource split
/// at `:` and `/` into `resourceId`.
pub(super) fn parse_arn(value: &str) -> Option<Value> {
    let mut parts = value.splitn(6, ':');
    let mut next = || parts.next();
    let (arn, partition, service, region, account, resource) =
        (next()?, next()?, next()?, next()?, next()?, next()?);
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id: Vec<Value> = resource
        .split([':', '/'])
        .map(|part| Value::String(part.to_owned()))
        .collect();
    let mut object = Map::new();
    for (key, value) in [
        ("partition", partition),
        ("service", service),
        ("region", region),
        ("accountId", account),
    ] {
        object.insert(key.to_owned(), Value::String(value.to_owned()));
    }
    object.insert("resourceId".to_owned(), Value::Array(resource_id));
    Some(Value::Object(object))
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: a bucket name that can be a host
/// name's first label (or labels, with `allowSubDomains`): 3 to 63 lower-case letters, digits,
/// `-` (and `.`), starting and ending with a letter or digit, no `..`, `.-` or `-.`, and not
/// an IPv4 address.
pub(super) fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    let segment = |segment: &str| {
        let bytes = segment.as_bytes();
        let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        (3..=63).contains(&bytes.len())
            && bytes.first().is_some_and(edge)
            && bytes.last().is_some_and(edge)
            && bytes.iter().all(|b| edge(b) || *b == b'-' || *b == b'.')
            && !bytes
                .windows(2)
                .any(|w| matches!(w, [b'.' | b'-', b'.'] | [b'.', b'-']))
            && segment.parse::<Ipv4Addr>().is_err()
    };
    if allow_sub_domains {
        segment(value)
    } else {
        !value.contains('.') && segment(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substrings_count_from_either_end() {
        assert_eq!(substring("abcdef", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdef", 0, 2, true), Some("ef"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("ab\u{e9}d", 0, 2, false), None);
    }

    #[test]
    fn urls_parse_into_their_parts() {
        let url = parse_url("https://example.com:8443/a/b");
        assert_eq!(
            url,
            Some(
                json!({"scheme": "https", "authority": "example.com:8443", "path": "/a/b",
                        "normalizedPath": "/a/b/", "isIp": false})
            )
        );
        let ip = parse_url("http://[fe80::1]:80").and_then(|u| u.get("isIp").cloned());
        assert_eq!(ip, Some(Value::Bool(true)));
        assert_eq!(parse_url("https://example.com?x=1"), None);
        assert_eq!(parse_url("ftp://example.com"), None);
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-west-2", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("", false));
    }

    #[test]
    fn arns_split_their_resource() {
        let arn = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/my:ap");
        assert_eq!(
            arn.and_then(|a| a.get("resourceId").cloned()),
            Some(json!(["accesspoint", "my", "ap"]))
        );
        assert_eq!(parse_arn("arn:aws:s3:::"), None);
        assert_eq!(parse_arn("nope:aws:s3:::x"), None);
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("bucket-name", false));
        assert!(!is_virtual_hostable_s3_bucket("bucket.name", false));
        assert!(is_virtual_hostable_s3_bucket("bucket.name", true));
        assert!(!is_virtual_hostable_s3_bucket("Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
        assert!(!is_virtual_hostable_s3_bucket("a..b", true));
    }
}

//! botocore's endpoint tests (`tests/functional/endpoint-rules/<service>/endpoint-tests-1.json` of
//! its source distribution, fetched by `protocols/fetch.sh`) for every service, each case run
//! through the client's resolver (`client::endpoint::RuleSet`) on the service's rule set
//! (`<service>/<version>/endpoint-rule-set-1.json.gz` of the models `corpus/fetch.sh` unpacks,
//! the newest version): the case's parameters in, and out the URL, headers and properties it
//! expects, or its error's text. Each case is resolved twice: by the rule set the service's
//! cases share, and by a fresh copy of it, whose rules are specialized for the case's
//! configuration (a rule set specializes its rules for the first configuration it resolves for).
//!
//! A case that fails must be listed, with the reason, in `fixtures/endpoint_rules_skips.txt`; a
//! listed case that passes fails too, so that the list stays true.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ivs_models::client::endpoint::{
    PARTITIONS_JSON, Params, Path as InputPath, ResolvedEndpoint, RuleSet,
};
use serde_json::{Map, Value};

const SKIPS_FILE: &str = "fixtures/endpoint_rules_skips.txt";

fn read_json(path: &Path) -> Value {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let parsed = if path.extension().is_some_and(|e| e == "gz") {
        serde_json::from_reader(flate2::read::GzDecoder::new(file))
    } else {
        serde_json::from_reader(std::io::BufReader::new(file))
    };
    parsed.unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rule set of botocore service `name`: its newest version's.
fn rule_set_path(name: &str) -> PathBuf {
    let dir = Path::new(env!("BOTOCORE_DATA")).join(name);
    let mut versions: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("endpoint-rule-set-1.json.gz").exists())
        .collect();
    versions.sort();
    versions
        .last()
        .unwrap_or_else(|| panic!("no rule set for {name} in {}", dir.display()))
        .join("endpoint-rule-set-1.json.gz")
}

/// The skip list: `(service, case)` to the reason.
fn skips() -> BTreeMap<(String, usize), String> {
    let text = std::fs::read_to_string(SKIPS_FILE).unwrap_or_else(|e| panic!("{SKIPS_FILE}: {e}"));
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut words = line.splitn(3, ' ');
            let (service, case, reason) = (words.next(), words.next(), words.next());
            let case = case.and_then(|c| c.parse().ok());
            match (service, case, reason) {
                (Some(service), Some(case), Some(reason)) => {
                    ((service.to_owned(), case), reason.trim().to_owned())
                }
                _ => panic!("{SKIPS_FILE}: not `<service> <case>  <reason>`: {line}"),
            }
        })
        .collect()
}

/// What the case expects, as `Ok(endpoint)` or `Err(message)`, against what the resolver gave.
fn check(case: &Value, resolved: Result<Arc<ResolvedEndpoint>, String>) -> Result<(), String> {
    let expect = &case["expect"];
    if let Some(message) = expect.get("error") {
        return match resolved {
            Err(error) if Some(error.as_str()) == message.as_str() => Ok(()),
            Err(error) => Err(format!("the error {error:?}, expected {message}")),
            Ok(endpoint) => Err(format!("{endpoint:?}, expected the error {message}")),
        };
    }
    let expected = &expect["endpoint"];
    let endpoint = resolved.map_err(|e| format!("the error {e:?}, expected {expected}"))?;
    let headers: BTreeMap<String, Vec<String>> = expected
        .get("headers")
        .map(|h| serde_json::from_value(h.clone()))
        .transpose()
        .map_err(|e| format!("the case's headers: {e}"))?
        .unwrap_or_default();
    let properties = expected
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_else(Map::new);
    if Some(endpoint.url.as_str()) != expected["url"].as_str()
        || endpoint.headers != headers
        || endpoint.properties != properties
    {
        return Err(format!("{endpoint:?}, expected {expected}"));
    }
    Ok(())
}

#[test]
fn every_service_resolves_as_botocore_expects() {
    let suites = Path::new(env!("BOTOCORE_SUITES")).join("endpoint-rules");
    let mut services: Vec<PathBuf> = std::fs::read_dir(&suites)
        .unwrap_or_else(|e| panic!("{}: {e}", suites.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    services.sort();
    assert!(
        !services.is_empty(),
        "no endpoint tests in {}",
        suites.display()
    );
    let mut skips = skips();
    let (mut passed, mut skipped, mut failures) = (0, 0, Vec::new());
    for dir in &services {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_else(|| panic!("{}: not a UTF-8 name", dir.display()));
        let rules = RuleSet::from_value(&read_json(&rule_set_path(name)))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let tests = read_json(&dir.join("endpoint-tests-1.json"));
        let cases = tests["testCases"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no testCases"));
        for (index, case) in cases.iter().enumerate() {
            let mut params = Params::new();
            for (key, value) in case["params"].as_object().into_iter().flatten() {
                params.set(key, value.clone());
            }
            // Through the rule set all cases share (its rules specialized for the first case's
            // configuration, as they are for a program's first), and through a copy of it
            // specialized for this case's.
            let outcome =
                check(case, rules.resolve(&params).map_err(|e| e.to_string())).and_then(|()| {
                    let fresh = rules.clone().resolve(&params).map_err(|e| e.to_string());
                    check(case, fresh).map_err(|e| format!("specialized: {e}"))
                });
            let skip = skips.remove(&(name.to_owned(), index));
            match (outcome, skip) {
                (Ok(()), None) => passed += 1,
                (Err(_), Some(_)) => skipped += 1,
                (Ok(()), Some(reason)) => failures.push(format!(
                    "{name} {index} passes but {SKIPS_FILE} lists it ({reason}): remove its line"
                )),
                (Err(error), None) => failures.push(format!(
                    "{name} {index} ({}): {error}",
                    case["documentation"].as_str().unwrap_or_default()
                )),
            }
        }
    }
    for (service, case) in skips.keys() {
        failures.push(format!(
            "{SKIPS_FILE} lists {service} {case}, which is not a case"
        ));
    }
    println!(
        "{} services: {passed} cases passed, {skipped} skipped (listed), {} failed",
        services.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The resolver's partitions are the pinned botocore's.
#[test]
fn the_partitions_are_botocores() {
    let embedded: Value = serde_json::from_str(PARTITIONS_JSON).unwrap_or_else(|e| panic!("{e}"));
    let pinned = read_json(&Path::new(env!("BOTOCORE_DATA")).join("partitions.json"));
    assert!(
        embedded == pinned,
        "the embedded partitions.json is not botocore's: copy it again"
    );
}

/// Every path of the models' `operationContextParams` is one the client evaluates.
#[test]
fn every_operation_context_path_parses() {
    let data = Path::new(env!("BOTOCORE_DATA"));
    let mut paths = Vec::new();
    for service in std::fs::read_dir(data).unwrap_or_else(|e| panic!("{}: {e}", data.display())) {
        let service = service.expect("an entry").path();
        for version in std::fs::read_dir(&service).into_iter().flatten() {
            let model = version.expect("an entry").path().join("service-2.json.gz");
            let Ok(file) = std::fs::File::open(&model) else {
                continue;
            };
            let mut text = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(file), &mut text)
                .unwrap_or_else(|e| panic!("{}: {e}", model.display()));
            // Most models have none: read only those that do.
            if !text.contains("operationContextParams") {
                continue;
            }
            let document: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", model.display()));
            for operation in document["operations"].as_object().into_iter().flatten() {
                for (name, param) in operation.1["operationContextParams"]
                    .as_object()
                    .into_iter()
                    .flatten()
                {
                    let path = param["path"].as_str().unwrap_or_default().to_owned();
                    paths.push((format!("{} {} {name}", model.display(), operation.0), path));
                }
            }
        }
    }
    assert!(
        !paths.is_empty(),
        "no operationContextParams in {}",
        data.display()
    );
    let bad: Vec<String> = paths
        .iter()
        .filter_map(|(at, path)| InputPath::parse(path).err().map(|e| format!("{at}: {e}")))
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

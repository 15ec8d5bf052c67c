//! Checks the botocore models in `model/` against what the seed API pages document.
//!
//! `fixtures/seed_coverage/seed_coverage.json` (written by `fixtures/seed_coverage/extract.py`
//! from the seed pages; see the README beside it) lists, for every operation, each request and
//! response path with its kind, enum values and `[REQUIRED]` marker. For every documented path
//! the model must have the member, with a matching kind and every documented enum value; a
//! request member is in its structure's `required` list exactly when the page marks it
//! `[REQUIRED]`. All mismatches are collected and reported at once, one line each.
//!
//! The other tests prove the checker can fail: they remove one documented member, one enum
//! value or one `required` entry from a model in memory (or add one) and assert that exactly the
//! expected problem appears.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

/// The services of the fixture, and the `model/<service>.json` files checked against it.
const SERVICES: [&str; 2] = ["ivs", "ivs-realtime"];

/// Shown in problem lines for the operation's input structure itself.
const INPUT_ROOT: &str = "<input>";

/// A test failure whose `Debug` form is the plain message, so that a test returning
/// `Err(Failure)` prints the problem list line by line.
struct Failure(String);

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure(message)
    }
}

type TestResult = Result<(), Failure>;

// ---------------------------------------------------------------------------------------------
// Loading.
// ---------------------------------------------------------------------------------------------

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Result<Value, Failure> {
    let text = fs::read_to_string(path)
        .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| Failure(format!("cannot parse {} as JSON: {e}", path.display())))
}

fn load_coverage() -> Result<Value, Failure> {
    read_json(
        &crate_dir()
            .join("fixtures")
            .join("seed_coverage")
            .join("seed_coverage.json"),
    )
}

fn load_models() -> Result<BTreeMap<String, Value>, Failure> {
    let model_dir = crate_dir().join("..").join("model");
    SERVICES
        .iter()
        .map(|service| {
            let model = read_json(&model_dir.join(format!("{service}.json")))?;
            Ok(((*service).to_owned(), model))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Paths and shapes.
// ---------------------------------------------------------------------------------------------

/// One step of a documented path: a structure member, a list element (`[]`) or a map value
/// (`{}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step<'a> {
    Member(&'a str),
    Element,
    Value,
}

/// Splits `a.b[].c{}` into its steps; `None` for a malformed path.
fn parse_path(path: &str) -> Option<Vec<Step<'_>>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let name_end = part.find(['[', '{']).unwrap_or(part.len());
        let (name, mut rest) = part.split_at(name_end);
        if name.is_empty() {
            return None;
        }
        steps.push(Step::Member(name));
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("[]") {
                steps.push(Step::Element);
                rest = after;
            } else if let Some(after) = rest.strip_prefix("{}") {
                steps.push(Step::Value);
                rest = after;
            } else {
                return None;
            }
        }
    }
    Some(steps)
}

/// Whether `path` lies below `prefix` (`a.b` and `a[]` lie below `a`; `ab` does not).
fn is_below(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| matches!(c, '.' | '[' | '{'))
}

fn shape_type(shape: &Value) -> &str {
    shape
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("<untyped>")
}

/// The fixture's kind for a model shape: its `type`, or `enum` for a string with an `enum`.
fn model_kind(shape: &Value) -> &str {
    match shape_type(shape) {
        "string" if shape.get("enum").is_some() => "enum",
        other => other,
    }
}

/// The pages render integer and long both as `123`, and float and double both as `123.0`.
fn kinds_match(documented: &str, model: &str) -> bool {
    documented == model
        || (documented == "integer" && model == "long")
        || (documented == "float" && model == "double")
}

fn string_list<'v>(shape: &'v Value, key: &str) -> Vec<&'v str> {
    shape
        .get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn shape_named<'m>(shapes: &'m Map<String, Value>, name: &str) -> Result<&'m Value, String> {
    shapes
        .get(name)
        .ok_or_else(|| format!("shape `{name}` is referenced but not defined"))
}

/// Follows `steps` from the structure shape `root`; the name and body of the shape reached,
/// or what stops the walk.
fn resolve<'m>(
    shapes: &'m Map<String, Value>,
    root: &'m str,
    steps: &[Step<'_>],
) -> Result<(&'m str, &'m Value), String> {
    let mut name = root;
    let mut shape = shape_named(shapes, name)?;
    for step in steps {
        let kind = shape_type(shape);
        let target = match step {
            Step::Member(member) => shape
                .get("members")
                .and_then(|members| members.get(*member))
                .ok_or_else(|| missing_member(member, name, kind))?,
            Step::Element => shape
                .get("member")
                .ok_or_else(|| format!("{kind} shape `{name}` has no list `member`"))?,
            Step::Value => shape
                .get("value")
                .ok_or_else(|| format!("{kind} shape `{name}` has no map `value`"))?,
        };
        name = target
            .get("shape")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("a reference inside {kind} shape `{name}` names no shape"))?;
        shape = shape_named(shapes, name)?;
    }
    Ok((name, shape))
}

// ---------------------------------------------------------------------------------------------
// Problem messages (shared by the checker and by the tests that predict its output).
// ---------------------------------------------------------------------------------------------

fn problem(service: &str, operation: &str, side: &str, path: &str, what: &str) -> String {
    format!("{service} {operation} {side} {path}: {what}")
}

fn missing_member(member: &str, shape: &str, kind: &str) -> String {
    format!("member `{member}` not found in {kind} shape `{shape}`")
}

fn missing_enum_value(value: &str, shape: &str) -> String {
    format!("enum value `{value}` is not in enum shape `{shape}`")
}

fn missing_required(member: &str, shape: &str) -> String {
    format!(
        "documented [REQUIRED], but `{member}` is not in `required` of structure shape `{shape}`"
    )
}

fn unexpected_required(member: &str, shape: &str) -> String {
    format!(
        "not [REQUIRED] on the page, but `{member}` is in `required` of structure shape `{shape}`"
    )
}

fn undocumented_required(member: &str, shape: &str) -> String {
    format!("structure shape `{shape}` requires `{member}`, which the page does not document here")
}

// ---------------------------------------------------------------------------------------------
// The checker.
// ---------------------------------------------------------------------------------------------

/// Every mismatch between the documented coverage and the models, one readable line each:
/// `<service> <Operation> <request|response> <path>: <what is wrong>`.
fn coverage_problems(coverage: &Value, models: &BTreeMap<String, Value>) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(services) = coverage.as_object() else {
        return vec!["the coverage fixture is not a JSON object".to_owned()];
    };
    for (service, operations) in services {
        match models.get(service) {
            Some(model) => check_service(service, operations, model, &mut problems),
            None => problems.push(format!("{service}: no model loaded for this service")),
        }
    }
    problems
}

fn check_service(service: &str, operations: &Value, model: &Value, problems: &mut Vec<String>) {
    let (Some(documented), Some(model_operations), Some(shapes)) = (
        operations.as_object(),
        model.get("operations").and_then(Value::as_object),
        model.get("shapes").and_then(Value::as_object),
    ) else {
        problems.push(format!(
            "{service}: fixture or model lacks an `operations`/`shapes` object"
        ));
        return;
    };
    for (operation, page) in documented {
        let Some(model_operation) = model_operations.get(operation) else {
            problems.push(format!(
                "{service} {operation}: operation missing from the model"
            ));
            continue;
        };
        let check = OperationCheck {
            service,
            operation,
            shapes,
        };
        let input = shape_ref(model_operation, "input");
        let output = shape_ref(model_operation, "output");
        let request = entries(page, "request");
        let response = entries(page, "response");

        match input {
            Some(root) => check.side("request", root, request, problems),
            None if request.is_empty() => {}
            None => problems.push(format!(
                "{service} {operation} request: the page documents parameters, \
                 the model operation has no input shape"
            )),
        }
        let returns_none = page.get("response_none").and_then(Value::as_bool) == Some(true);
        match (returns_none, output) {
            (true, Some(root)) => problems.push(format!(
                "{service} {operation} response: the page returns None, \
                 the model operation has output shape `{root}`"
            )),
            (true, None) => {}
            (false, Some(root)) => check.side("response", root, response, problems),
            (false, None) => problems.push(format!(
                "{service} {operation} response: the page returns a dict, \
                 the model operation has no output shape"
            )),
        }
    }
    for operation in model_operations.keys() {
        if !documented.contains_key(operation) {
            problems.push(format!(
                "{service} {operation}: operation in the model is not documented by any seed page"
            ));
        }
    }
}

fn shape_ref<'v>(operation: &'v Value, key: &str) -> Option<&'v str> {
    operation.get(key)?.get("shape")?.as_str()
}

fn entries<'v>(page: &'v Value, side: &str) -> &'v [Value] {
    page.get(side)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

struct OperationCheck<'a> {
    service: &'a str,
    operation: &'a str,
    shapes: &'a Map<String, Value>,
}

impl OperationCheck<'_> {
    fn side(&self, side: &str, root: &str, entries: &[Value], problems: &mut Vec<String>) {
        let is_request = side == "request";
        let report = |problems: &mut Vec<String>, path: &str, what: &str| {
            problems.push(problem(self.service, self.operation, side, path, what));
        };
        let documented: BTreeSet<&str> = entries
            .iter()
            .filter_map(|entry| entry.get("path").and_then(Value::as_str))
            .collect();
        // Paths with a problem: what lies below them is not checked again.
        let mut broken: Vec<&str> = Vec::new();
        // Request structures reached (path, shape name), for the undocumented-required check.
        let mut structures: Vec<(&str, &str)> = Vec::new();
        if is_request {
            structures.push((INPUT_ROOT, root));
        }

        for entry in entries {
            let Some(path) = entry.get("path").and_then(Value::as_str) else {
                report(problems, "?", "fixture entry without a `path`");
                continue;
            };
            if broken.iter().any(|prefix| is_below(path, prefix)) {
                continue;
            }
            let Some(steps) = parse_path(path) else {
                report(problems, path, "malformed path in the fixture");
                broken.push(path);
                continue;
            };
            let (name, shape) = match resolve(self.shapes, root, &steps) {
                Ok(found) => found,
                Err(what) => {
                    report(problems, path, &what);
                    broken.push(path);
                    continue;
                }
            };
            let documented_kind = entry.get("kind").and_then(Value::as_str).unwrap_or("?");
            let kind = model_kind(shape);
            if !kinds_match(documented_kind, kind) {
                let what = format!(
                    "the page shows {documented_kind}, the model has {kind} shape `{name}`"
                );
                report(problems, path, &what);
                broken.push(path);
                continue;
            }
            if documented_kind == "enum" {
                let allowed = string_list(shape, "enum");
                for value in string_list(entry, "values") {
                    if !allowed.contains(&value) {
                        report(problems, path, &missing_enum_value(value, name));
                    }
                }
            }
            if !is_request {
                continue;
            }
            if documented_kind == "structure" {
                structures.push((path, name));
            }
            if let Some((Step::Member(member), parent_steps)) = steps.split_last()
                && let Ok((parent, parent_shape)) = resolve(self.shapes, root, parent_steps)
            {
                let in_model = string_list(parent_shape, "required").contains(member);
                let on_page = entry.get("required").and_then(Value::as_bool) == Some(true);
                if on_page && !in_model {
                    report(problems, path, &missing_required(member, parent));
                } else if in_model && !on_page {
                    report(problems, path, &unexpected_required(member, parent));
                }
            }
        }

        for (path, name) in structures {
            let Ok(shape) = shape_named(self.shapes, name) else {
                continue;
            };
            for member in string_list(shape, "required") {
                let child = if path == INPUT_ROOT {
                    member.to_owned()
                } else {
                    format!("{path}.{member}")
                };
                if !documented.contains(child.as_str()) {
                    report(problems, path, &undocumented_required(member, name));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The check itself.
// ---------------------------------------------------------------------------------------------

#[test]
fn models_cover_what_the_seed_pages_document() -> TestResult {
    let coverage = load_coverage()?;
    let models = load_models()?;
    let problems = coverage_problems(&coverage, &models);
    if problems.is_empty() {
        return Ok(());
    }
    Err(Failure(format!(
        "{} mismatch(es) between model/*.json and the seed pages \
         (tests/fixtures/seed_coverage/seed_coverage.json):\n{}",
        problems.len(),
        problems.join("\n")
    )))
}

#[test]
fn fixture_is_well_formed() -> TestResult {
    let coverage = load_coverage()?;
    let mut problems = Vec::new();
    let expected_counts = [("ivs", 21), ("ivs-realtime", 7)];
    for (service, count) in expected_counts {
        let found = coverage
            .get(service)
            .and_then(Value::as_object)
            .map_or(0, Map::len);
        if found != count {
            problems.push(format!("{service}: {found} operations, expected {count}"));
        }
    }
    let kinds = [
        "string",
        "enum",
        "integer",
        "long",
        "float",
        "double",
        "boolean",
        "timestamp",
        "blob",
        "list",
        "map",
        "structure",
    ];
    for (service, operation, page) in operations(&coverage) {
        for side in ["request", "response"] {
            let mut seen = BTreeSet::new();
            for entry in entries(page, side) {
                let path = entry.get("path").and_then(Value::as_str).unwrap_or("");
                let Some(steps) = parse_path(path) else {
                    problems.push(problem(service, operation, side, path, "malformed path"));
                    continue;
                };
                let kind = entry.get("kind").and_then(Value::as_str).unwrap_or("");
                if !kinds.contains(&kind) {
                    problems.push(problem(service, operation, side, path, "unknown kind"));
                }
                if (kind == "enum") != entry.get("values").is_some() {
                    problems.push(problem(
                        service,
                        operation,
                        side,
                        path,
                        "enum without values, or values on a non-enum",
                    ));
                }
                if (side == "request") != entry.get("required").is_some_and(Value::is_boolean) {
                    problems.push(problem(
                        service,
                        operation,
                        side,
                        path,
                        "`required` must be a boolean on request paths only",
                    ));
                }
                if steps.len() > 1 {
                    let parent_len = path.len() - step_text_len(&steps[steps.len() - 1]);
                    let parent = path[..parent_len].trim_end_matches('.');
                    if !seen.contains(parent) {
                        problems.push(problem(
                            service,
                            operation,
                            side,
                            path,
                            "listed before (or without) its parent",
                        ));
                    }
                }
                seen.insert(path);
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure(problems.join("\n")))
    }
}

fn step_text_len(step: &Step<'_>) -> usize {
    match step {
        Step::Member(name) => name.len(),
        Step::Element | Step::Value => 2,
    }
}

fn operations(coverage: &Value) -> Vec<(&str, &str, &Value)> {
    let mut found = Vec::new();
    for (service, operations) in coverage.as_object().into_iter().flatten() {
        for (operation, page) in operations.as_object().into_iter().flatten() {
            found.push((service.as_str(), operation.as_str(), page));
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// The checker can fail: mutate a model in memory and predict the exact new problems.
// ---------------------------------------------------------------------------------------------

/// A documented path that resolves in a model.
struct Resolved<'c> {
    service: &'c str,
    operation: &'c str,
    side: &'c str,
    path: &'c str,
    entry: &'c Value,
    depth: usize,
    /// The shape the path reaches.
    shape: String,
    /// The structure holding the last step and the member name, when the last step is a member.
    parent: Option<(String, &'c str)>,
    /// Whether the member is in the parent's `required` list in the model.
    required_in_model: bool,
}

impl Resolved<'_> {
    fn line(&self, what: &str) -> String {
        problem(self.service, self.operation, self.side, self.path, what)
    }

    fn documented_required(&self) -> bool {
        self.entry.get("required").and_then(Value::as_bool) == Some(true)
    }

    /// Whether none of `problems` is about this path (or a longer one sharing its text).
    fn is_clean(&self, problems: &[String]) -> bool {
        let prefix = format!(
            "{} {} {} {}",
            self.service, self.operation, self.side, self.path
        );
        !problems.iter().any(|p| p.starts_with(&prefix))
    }
}

fn resolved_paths<'c>(coverage: &'c Value, models: &BTreeMap<String, Value>) -> Vec<Resolved<'c>> {
    let mut found = Vec::new();
    for (service, operation, page) in operations(coverage) {
        let Some(model) = models.get(service) else {
            continue;
        };
        let Some(shapes) = model.get("shapes").and_then(Value::as_object) else {
            continue;
        };
        let Some(model_operation) = model.get("operations").and_then(|ops| ops.get(operation))
        else {
            continue;
        };
        for side in ["request", "response"] {
            let key = if side == "request" { "input" } else { "output" };
            let Some(root) = shape_ref(model_operation, key) else {
                continue;
            };
            for entry in entries(page, side) {
                let Some(path) = entry.get("path").and_then(Value::as_str) else {
                    continue;
                };
                let Some(steps) = parse_path(path) else {
                    continue;
                };
                let Ok((shape, _)) = resolve(shapes, root, &steps) else {
                    continue;
                };
                let mut parent = None;
                let mut required_in_model = false;
                if let Some((Step::Member(member), parent_steps)) = steps.split_last()
                    && let Ok((name, parent_shape)) = resolve(shapes, root, parent_steps)
                {
                    required_in_model = string_list(parent_shape, "required").contains(member);
                    parent = Some((name.to_owned(), *member));
                }
                found.push(Resolved {
                    service,
                    operation,
                    side,
                    path,
                    entry,
                    depth: steps.len(),
                    shape: shape.to_owned(),
                    parent,
                    required_in_model,
                });
            }
        }
    }
    found
}

/// Mutates a copy of `models`, runs the checker on it and compares the problems it adds to
/// (and removes from) the unmutated baseline with the `expected` lines.
fn assert_mutation_reports(
    coverage: &Value,
    models: &BTreeMap<String, Value>,
    description: &str,
    expected: Vec<String>,
    mutate: impl FnOnce(&mut BTreeMap<String, Value>) -> Option<()>,
) -> Result<(), String> {
    let baseline = coverage_problems(coverage, models);
    let mut mutated = models.clone();
    mutate(&mut mutated).ok_or_else(|| format!("{description}: could not apply the mutation"))?;
    let after = coverage_problems(coverage, &mutated);
    let before: BTreeSet<&String> = baseline.iter().collect();
    let now: BTreeSet<&String> = after.iter().collect();
    let added: BTreeSet<&String> = now.difference(&before).copied().collect();
    let removed: Vec<&String> = before.difference(&now).copied().collect();
    let expected_set: BTreeSet<&String> = expected.iter().collect();
    if added == expected_set && removed.is_empty() && !expected.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{description}:\nexpected the checker to add exactly:\n  {}\nit added:\n  {}\nand removed:\n  {}",
        join_lines(expected.iter()),
        join_lines(added.into_iter()),
        join_lines(removed.into_iter()),
    ))
}

fn join_lines<'a>(lines: impl Iterator<Item = &'a String>) -> String {
    let lines: Vec<&str> = lines.map(String::as_str).collect();
    if lines.is_empty() {
        "(nothing)".to_owned()
    } else {
        lines.join("\n  ")
    }
}

fn shape_mut<'m>(
    models: &'m mut BTreeMap<String, Value>,
    service: &str,
    shape: &str,
) -> Option<&'m mut Map<String, Value>> {
    models
        .get_mut(service)?
        .get_mut("shapes")?
        .get_mut(shape)?
        .as_object_mut()
}

fn remove_string(list: &mut Value, item: &str) -> Option<()> {
    let items = list.as_array_mut()?;
    let before = items.len();
    items.retain(|value| value.as_str() != Some(item));
    (items.len() < before).then_some(())
}

/// Drops a documented member (the deepest one no other documented path reaches) from its
/// structure: exactly one "member not found" problem appears.
fn drop_member_case(coverage: &Value, models: &BTreeMap<String, Value>) -> Result<(), String> {
    let baseline = coverage_problems(coverage, models);
    let resolved = resolved_paths(coverage, models);
    let mut uses: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    for r in &resolved {
        if let Some((parent, member)) = &r.parent {
            *uses
                .entry((r.service, parent.as_str(), member))
                .or_default() += 1;
        }
    }
    let candidate = resolved
        .iter()
        .filter(|r| !r.required_in_model && r.is_clean(&baseline))
        .filter_map(|r| {
            r.parent
                .as_ref()
                .map(|(parent, member)| (r, parent.as_str(), *member))
        })
        .filter(|(r, parent, member)| uses.get(&(r.service, *parent, *member)) == Some(&1))
        .max_by_key(|(r, _, _)| (r.depth, std::cmp::Reverse(r.path)))
        .ok_or("no documented member is reached by a single path only")?;
    let (r, parent, member) = candidate;
    let expected = vec![r.line(&missing_member(member, parent, "structure"))];
    assert_mutation_reports(
        coverage,
        models,
        &format!("dropping member `{member}` of `{parent}`"),
        expected,
        |models| {
            shape_mut(models, r.service, parent)?
                .get_mut("members")?
                .as_object_mut()?
                .remove(member)
                .map(|_| ())
        },
    )
}

/// Drops one documented value from an enum shape: one "enum value" problem appears for each
/// documented path that shows the value on that shape (the candidate with the fewest).
fn drop_enum_value_case(coverage: &Value, models: &BTreeMap<String, Value>) -> Result<(), String> {
    let baseline = coverage_problems(coverage, models);
    let resolved = resolved_paths(coverage, models);
    let mut shows: BTreeMap<(&str, &str, &str), Vec<&Resolved<'_>>> = BTreeMap::new();
    for r in &resolved {
        if r.entry.get("kind").and_then(Value::as_str) == Some("enum") {
            for value in string_list(r.entry, "values") {
                shows
                    .entry((r.service, r.shape.as_str(), value))
                    .or_default()
                    .push(r);
            }
        }
    }
    let ((service, shape, value), paths) = shows
        .iter()
        .filter(|(_, paths)| paths.iter().all(|r| r.is_clean(&baseline)))
        .min_by_key(|(_, paths)| {
            (
                paths.len(),
                std::cmp::Reverse(paths.iter().map(|r| r.depth).max()),
            )
        })
        .ok_or("no documented enum value resolves cleanly")?;
    let expected = paths
        .iter()
        .map(|r| r.line(&missing_enum_value(value, shape)))
        .collect();
    assert_mutation_reports(
        coverage,
        models,
        &format!("dropping enum value `{value}` of `{shape}`"),
        expected,
        |models| remove_string(shape_mut(models, service, shape)?.get_mut("enum")?, value),
    )
}

/// (service, structure, member) of a request member.
type MemberKey<'r, 'c> = (&'c str, &'r str, &'c str);

/// Groups the request paths by the (structure, member) they end on.
fn request_members<'r, 'c>(
    resolved: &'r [Resolved<'c>],
) -> BTreeMap<MemberKey<'r, 'c>, Vec<&'r Resolved<'c>>> {
    let mut groups: BTreeMap<(&str, &str, &str), Vec<&Resolved<'_>>> = BTreeMap::new();
    for r in resolved.iter().filter(|r| r.side == "request") {
        if let Some((parent, member)) = &r.parent {
            groups
                .entry((r.service, parent.as_str(), member))
                .or_default()
                .push(r);
        }
    }
    groups
}

/// How often the request side reaches structure shape `shape`: as an operation's input, or
/// at a documented path.
fn request_occurrences(
    coverage: &Value,
    models: &BTreeMap<String, Value>,
    resolved: &[Resolved<'_>],
    service: &str,
    shape: &str,
) -> usize {
    let as_input = operations(coverage)
        .into_iter()
        .filter(|(s, operation, _)| {
            *s == service
                && models
                    .get(service)
                    .and_then(|model| model.get("operations")?.get(*operation))
                    .and_then(|model_operation| shape_ref(model_operation, "input"))
                    == Some(shape)
        })
        .count();
    let below = resolved
        .iter()
        .filter(|r| r.service == service && r.side == "request" && r.shape == shape)
        .count();
    as_input + below
}

/// The request member (and every documented path ending on it) that a `required` mutation
/// changes: every path satisfies `keep`, its structure has no problem yet and is reached only
/// at documented paths; the one with the fewest, deepest paths wins.
fn pick_request_member<'r, 'c>(
    coverage: &Value,
    models: &BTreeMap<String, Value>,
    resolved: &'r [Resolved<'c>],
    keep: impl Fn(&Resolved<'c>) -> bool,
) -> Option<(MemberKey<'r, 'c>, Vec<&'r Resolved<'c>>)> {
    let baseline = coverage_problems(coverage, models);
    request_members(resolved)
        .into_iter()
        .filter(|(_, paths)| paths.iter().all(|r| keep(r)))
        .filter(|((_, parent, _), _)| !baseline.iter().any(|p| p.contains(&format!("`{parent}`"))))
        .filter(|((service, parent, _), paths)| {
            paths.len() == request_occurrences(coverage, models, resolved, service, parent)
        })
        .min_by_key(|(_, paths)| {
            (
                paths.len(),
                std::cmp::Reverse(paths.iter().map(|r| r.depth).max()),
            )
        })
}

/// Drops a documented `[REQUIRED]` member from its structure's `required` list.
fn drop_required_case(coverage: &Value, models: &BTreeMap<String, Value>) -> Result<(), String> {
    let resolved = resolved_paths(coverage, models);
    let ((service, parent, member), paths) =
        pick_request_member(coverage, models, &resolved, |r| {
            r.documented_required() && r.required_in_model
        })
        .ok_or("no documented [REQUIRED] member is cleanly required in the model")?;
    let expected = paths
        .iter()
        .map(|r| r.line(&missing_required(member, parent)))
        .collect();
    assert_mutation_reports(
        coverage,
        models,
        &format!("dropping `{member}` from `required` of `{parent}`"),
        expected,
        |models| {
            remove_string(
                shape_mut(models, service, parent)?.get_mut("required")?,
                member,
            )
        },
    )
}

/// Adds a member the page does not mark `[REQUIRED]` to its structure's `required` list.
fn add_required_case(coverage: &Value, models: &BTreeMap<String, Value>) -> Result<(), String> {
    let resolved = resolved_paths(coverage, models);
    let ((service, parent, member), paths) =
        pick_request_member(coverage, models, &resolved, |r| {
            !r.documented_required() && !r.required_in_model
        })
        .ok_or("no optional documented request member found")?;
    let expected = paths
        .iter()
        .map(|r| r.line(&unexpected_required(member, parent)))
        .collect();
    assert_mutation_reports(
        coverage,
        models,
        &format!("adding `{member}` to `required` of `{parent}`"),
        expected,
        |models| {
            let shape = shape_mut(models, service, parent)?;
            let required = shape.entry("required").or_insert_with(|| json!([]));
            required.as_array_mut()?.push(json!(member));
            Some(())
        },
    )
}

/// A model built from the fixture alone: every documented path gets its own shape, so the
/// checker must find nothing wrong with it. Used to show the checker has no false positives
/// and to run the mutation cases independently of the state of `model/`.
fn model_from_coverage(coverage: &Value) -> BTreeMap<String, Value> {
    let mut models = BTreeMap::new();
    for (service, operations) in coverage.as_object().into_iter().flatten() {
        let mut model_operations = Map::new();
        let mut shapes = Map::new();
        shapes.insert("MapKey".to_owned(), json!({"type": "string"}));
        for (operation, page) in operations.as_object().into_iter().flatten() {
            let mut model_operation = Map::new();
            model_operation.insert("name".to_owned(), json!(operation));
            for (side, key) in [("request", "input"), ("response", "output")] {
                if side == "response"
                    && page.get("response_none").and_then(Value::as_bool) == Some(true)
                {
                    continue;
                }
                let root = format!(
                    "{operation}{}",
                    if side == "request" {
                        "Request"
                    } else {
                        "Response"
                    }
                );
                model_operation.insert(key.to_owned(), json!({"shape": root}));
                shapes.insert(root.clone(), json!({"type": "structure", "members": {}}));
                for entry in entries(page, side) {
                    add_synthetic_shape(&mut shapes, &root, entry);
                }
            }
            model_operations.insert(operation.clone(), Value::Object(model_operation));
        }
        models.insert(
            service.clone(),
            json!({"operations": model_operations, "shapes": shapes}),
        );
    }
    models
}

fn add_synthetic_shape(shapes: &mut Map<String, Value>, root: &str, entry: &Value) -> Option<()> {
    let path = entry.get("path")?.as_str()?;
    let name = format!("{root}.{path}");
    let shape = match entry.get("kind")?.as_str()? {
        "enum" => json!({"type": "string", "enum": entry.get("values")?}),
        "structure" => json!({"type": "structure", "members": {}}),
        "list" => json!({"type": "list", "member": {"shape": format!("{name}[]")}}),
        "map" => {
            json!({"type": "map", "key": {"shape": "MapKey"}, "value": {"shape": format!("{name}{{}}")}})
        }
        other => json!({"type": other}),
    };
    shapes.insert(name.clone(), shape);
    let steps = parse_path(path)?;
    if let Some((Step::Member(member), _)) = steps.split_last() {
        let parent_path = path[..path.len() - member.len()].trim_end_matches('.');
        let parent = if parent_path.is_empty() {
            root.to_owned()
        } else {
            format!("{root}.{parent_path}")
        };
        let parent = shapes.get_mut(&parent)?.as_object_mut()?;
        parent
            .get_mut("members")?
            .as_object_mut()?
            .insert((*member).to_owned(), json!({"shape": name}));
        if entry.get("required").and_then(Value::as_bool) == Some(true) {
            let required = parent.entry("required").or_insert_with(|| json!([]));
            required.as_array_mut()?.push(json!(member));
        }
    }
    Some(())
}

/// Runs a mutation case on the real models and on the model built from the fixture.
fn run_case(case: fn(&Value, &BTreeMap<String, Value>) -> Result<(), String>) -> TestResult {
    let coverage = load_coverage()?;
    let synthetic = model_from_coverage(&coverage);
    let mut failures = Vec::new();
    if let Err(e) = case(&coverage, &synthetic) {
        failures.push(format!("[model built from the fixture] {e}"));
    }
    match load_models() {
        Ok(models) => {
            if let Err(e) = case(&coverage, &models) {
                failures.push(format!("[model/*.json] {e}"));
            }
        }
        Err(Failure(e)) => failures.push(format!("[model/*.json] {e}")),
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Failure(failures.join("\n")))
    }
}

#[test]
fn checker_accepts_a_model_built_from_the_fixture() -> TestResult {
    let coverage = load_coverage()?;
    let problems = coverage_problems(&coverage, &model_from_coverage(&coverage));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure(problems.join("\n")))
    }
}

#[test]
fn checker_reports_a_dropped_member() -> TestResult {
    run_case(drop_member_case)
}

#[test]
fn checker_reports_a_dropped_enum_value() -> TestResult {
    run_case(drop_enum_value_case)
}

#[test]
fn checker_reports_a_dropped_required_entry() -> TestResult {
    run_case(drop_required_case)
}

#[test]
fn checker_reports_an_added_required_entry() -> TestResult {
    run_case(add_required_case)
}

#[test]
fn checker_reports_a_missing_operation_and_a_missing_model() -> TestResult {
    let coverage = load_coverage()?;
    let mut models = model_from_coverage(&coverage);
    let removed = models
        .get_mut("ivs")
        .and_then(|model| model.get_mut("operations"))
        .and_then(Value::as_object_mut)
        .and_then(|operations| operations.remove("GetStreamSession"));
    models.remove("ivs-realtime");
    let problems = coverage_problems(&coverage, &models);
    let expected = vec![
        "ivs GetStreamSession: operation missing from the model".to_owned(),
        "ivs-realtime: no model loaded for this service".to_owned(),
    ];
    if removed.is_some() && problems == expected {
        Ok(())
    } else {
        Err(Failure(format!(
            "expected:\n  {}\ngot:\n  {}",
            join_lines(expected.iter()),
            join_lines(problems.iter())
        )))
    }
}

#[test]
fn paths_parse_into_steps() {
    assert_eq!(
        parse_path("destinations[].s3.tags{}"),
        Some(vec![
            Step::Member("destinations"),
            Step::Element,
            Step::Member("s3"),
            Step::Member("tags"),
            Step::Value,
        ])
    );
    assert_eq!(parse_path("a..b"), None);
    assert_eq!(parse_path("a[x]"), None);
    assert!(is_below("a[].b", "a"));
    assert!(is_below("a.b", "a"));
    assert!(!is_below("ab", "a"));
    assert!(!is_below("a", "a"));
}

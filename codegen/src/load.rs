//! Stage 1: read a model file into the [raw model](crate::raw), reporting every value of the wrong
//! JSON type and every key that belongs nowhere in the botocore service-2 format.
//!
//! The key lists below are the format's: every key that the ~470 service-2 files botocore ships use
//! at that place. Keys the generator does not read yet are accepted and skipped.

use std::ops::Range;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::diagnostic::{Diagnostic, JsonPath, closest, did_you_mean};
use crate::ir::Literal;
use crate::raw::{
    Acceptor, Entries, Expression, Http, HttpChecksum, Member, Metadata, Model, Operation,
    Paginator, Paginators, Shape, ShapeRef, Spanned, StaticParam, Waiter, Waiters, XmlNamespace,
};

const TOP_KEYS: &[&str] = &[
    "version",
    "metadata",
    "documentation",
    "operations",
    "shapes",
    "examples",
    "clientContextParams",
    "deprecated",
    "deprecatedMessage",
];

const METADATA_KEYS: &[&str] = &[
    "apiVersion",
    "auth",
    "awsQueryCompatible",
    "checksumFormat",
    "endpointPrefix",
    "globalEndpoint",
    "jsonVersion",
    "protocol",
    "protocols",
    "protocolSettings",
    "ripServiceName",
    "serviceAbbreviation",
    "serviceFullName",
    "serviceId",
    "signatureVersion",
    "signingName",
    "targetPrefix",
    "timestampFormat",
    "uid",
    "xmlNamespace",
];

const OPERATION_KEYS: &[&str] = &[
    "name",
    "http",
    "input",
    "output",
    "errors",
    "documentation",
    "documentationUrl",
    "alias",
    "auth",
    "authtype",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
    "endpoint",
    "endpointdiscovery",
    "endpointoperation",
    "httpChecksum",
    "httpChecksumRequired",
    "idempotent",
    "operationContextParams",
    "readonly",
    "requestcompression",
    "staticContextParams",
    "unsignedPayload",
];

/// The keys at the top of a paginators file.
const PAGINATORS_KEYS: &[&str] = &["version", "pagination"];

/// The keys of a paginator: botocore's (`non_aggregate_keys` names what botocore's
/// `build_full_result` keeps of the last page; the generated paginators read whole pages).
const PAGINATOR_KEYS: &[&str] = &[
    "input_token",
    "output_token",
    "more_results",
    "limit_key",
    "result_key",
    "non_aggregate_keys",
];

/// The keys at the top of a waiters file.
const WAITERS_KEYS: &[&str] = &["version", "waiters"];

/// The keys of a waiter.
const WAITER_KEYS: &[&str] = &[
    "operation",
    "description",
    "delay",
    "maxAttempts",
    "acceptors",
];

/// The keys of a waiter's acceptor.
const ACCEPTOR_KEYS: &[&str] = &["matcher", "state", "argument", "expected"];

const XML_NAMESPACE_KEYS: &[&str] = &["uri", "prefix"];

const HTTP_KEYS: &[&str] = &["method", "requestUri", "responseCode"];

const ENDPOINT_KEYS: &[&str] = &["hostPrefix"];

const SHAPE_REF_KEYS: &[&str] = &[
    "shape",
    "documentation",
    "locationName",
    "xmlNamespace",
    "resultWrapper",
    "wrapper",
    "jsonvalue",
];

/// The keys of an operation's error reference: a shape reference's, and the error's code and
/// status and its `exception` and `fault` flags, which older models (SimpleDB, Import/Export)
/// repeat there.
const ERROR_REF_KEYS: &[&str] = &[
    "shape",
    "documentation",
    "locationName",
    "xmlNamespace",
    "resultWrapper",
    "wrapper",
    "jsonvalue",
    "error",
    "exception",
    "fault",
];

const SHAPE_KEYS: &[&str] = &[
    "type",
    "documentation",
    "members",
    "required",
    "member",
    "key",
    "value",
    "enum",
    "min",
    "max",
    "pattern",
    "sensitive",
    "timestampFormat",
    "box",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
    "document",
    "error",
    "event",
    "eventstream",
    "exception",
    "fault",
    "flattened",
    "locationName",
    "payload",
    "requiresLength",
    "retryable",
    "sparse",
    "streaming",
    "synthetic",
    "union",
    "wrapper",
    "xmlNamespace",
    "xmlOrder",
];

const MEMBER_KEYS: &[&str] = &[
    "shape",
    "documentation",
    "location",
    "locationName",
    "idempotencyToken",
    "box",
    "contextParam",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
    "enum",
    "eventpayload",
    "eventheader",
    "flattened",
    "hostLabel",
    "jsonvalue",
    "queryName",
    "streaming",
    "timestampFormat",
    "xmlAttribute",
    "xmlNamespace",
];

/// Reads one model file. Problems are appended to `diagnostics`; the model is returned whenever the
/// text is JSON with an object at the top, with whatever parts of it could be read.
pub fn load(
    file: usize,
    stem: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Model> {
    read(file, text, "a model file", diagnostics, |reader, root| {
        reader.model(root, stem)
    })
}

/// Reads the endpoint rule set of a model (botocore's `endpoint-rule-set-1.json`): strict JSON,
/// an object with `version`, `parameters` (an object) and `rules` (an array). Returns it as
/// compact JSON, which the generated crate embeds; the client reads the rules themselves (and
/// says what is wrong with them) when it first resolves an endpoint.
pub fn endpoint_rules(
    file: usize,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    read(
        file,
        text,
        "an endpoint rule set",
        diagnostics,
        |reader, root| {
            let path = JsonPath::root();
            let top = reader.object(root, &path, "the endpoint rule set", None)?;
            let before = reader.diagnostics.len();
            reader.string(&top, "version");
            for (key, expected) in [("parameters", "an object"), ("rules", "an array")] {
                match top.get(key) {
                    Some((value, path)) => {
                        let fits = match value {
                            Value::Object(_) => expected == "an object",
                            Value::Array(_) => expected == "an array",
                            _ => false,
                        };
                        if !fits {
                            reader.wrong_type(value, &path, expected);
                        }
                    }
                    None => reader.report(
                        top.span.start..top.span.start + 1,
                        &path,
                        &format!("the endpoint rule set has no `{key}`"),
                        "this object",
                    ),
                }
            }
            if reader.diagnostics.len() > before {
                return None;
            }
            // The text is strict JSON, which serde_json reads too.
            let value: serde_json::Value = serde_json::from_str(text).ok()?;
            Some(value.to_string())
        },
    )
}

/// Reads a waiters file (`<stem>.waiters.json`, botocore's `waiters-2.json`), as [`load`] reads
/// a model.
pub fn load_waiters(file: usize, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Waiters> {
    read(file, text, "a waiters file", diagnostics, |reader, root| {
        reader.waiters(root)
    })
}

/// Reads a paginators file (`<stem>.paginators.json`, botocore's `paginators-1.json`), as
/// [`load`] reads a model.
pub fn load_paginators(
    file: usize,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Paginators> {
    read(
        file,
        text,
        "a paginators file",
        diagnostics,
        |reader, root| reader.paginators(root),
    )
}

/// Parses a file (`what` names its kind in the help) and reads its document with `document`.
fn read<T>(
    file: usize,
    text: &str,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
    document: impl FnOnce(&mut Reader<'_>, &Value<'_>) -> Option<T>,
) -> Option<T> {
    let parsed = parse(file, text, what, diagnostics)?;
    let mut reader = Reader { file, diagnostics };
    let root = reader.root(parsed.value.as_ref(), text)?;
    document(&mut reader, root)
}

/// Parses strict JSON, or reports where it is not (`what` names the kind of file in the help).
fn parse<'a>(
    file: usize,
    text: &'a str,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<jsonc_parser::ParseResult<'a>> {
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    match jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options) {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            let range = error.range();
            diagnostics.push(
                Diagnostic::new(
                    file,
                    range.start..range.end.max(range.start + 1),
                    JsonPath::root(),
                    format!(
                        "invalid JSON: {}",
                        lowercase_first(&error.kind().to_string())
                    ),
                )
                .with_label("the JSON parser stopped here")
                .with_help(format!(
                    "{what} is strict JSON: no comments, no trailing commas"
                )),
            );
            None
        }
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn range(value: &Value<'_>) -> Range<usize> {
    let r = match value {
        Value::StringLit(v) => v.range,
        Value::NumberLit(v) => v.range,
        Value::BooleanLit(v) => v.range,
        Value::Object(v) => v.range,
        Value::Array(v) => v.range,
        Value::NullKeyword(v) => v.range,
    };
    r.start..r.end
}

fn type_name(value: &Value<'_>) -> &'static str {
    match value {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

/// The properties of one JSON object, after its keys were checked.
struct Object<'v, 'a> {
    span: Range<usize>,
    path: JsonPath,
    props: Vec<(Spanned<String>, &'v Value<'a>)>,
}

impl<'v, 'a> Object<'v, 'a> {
    fn get(&self, key: &str) -> Option<(&'v Value<'a>, JsonPath)> {
        self.props
            .iter()
            .find(|(name, _)| name.value == key)
            .map(|(_, value)| (*value, self.path.key(key)))
    }
}

struct Reader<'d> {
    file: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The document's value, or a report that the file is empty.
    fn root<'v, 'a>(&mut self, value: Option<&'v Value<'a>>, text: &str) -> Option<&'v Value<'a>> {
        if value.is_none() {
            self.report(
                0..text.len(),
                &JsonPath::root(),
                "the file is empty",
                "expected a JSON object",
            );
        }
        value
    }

    fn report(&mut self, span: Range<usize>, path: &JsonPath, message: &str, label: &str) {
        self.diagnostics
            .push(Diagnostic::new(self.file, span, path.clone(), message).with_label(label));
    }

    fn wrong_type(&mut self, value: &Value<'_>, path: &JsonPath, expected: &str) {
        let found = type_name(value);
        let help = if expected.starts_with("a string") {
            "write the value in double quotes: \"...\""
        } else if expected.starts_with("a boolean") {
            "write `true` or `false`, without quotes"
        } else if expected.starts_with("a number") {
            "write the number without quotes"
        } else if expected.starts_with("an array") {
            "write a JSON array: [\"...\", \"...\"]"
        } else {
            "write a JSON object: {\"key\": ...}"
        };
        self.diagnostics.push(
            Diagnostic::new(
                self.file,
                range(value),
                path.clone(),
                format!("expected {expected}, found {found}"),
            )
            .with_label(format!("this is {found}"))
            .with_help(help),
        );
    }

    /// Reads an object whose keys must be among `allowed`; `what` names it in messages.
    fn object<'v, 'a>(
        &mut self,
        value: &'v Value<'a>,
        path: &JsonPath,
        what: &str,
        allowed: Option<&[&str]>,
    ) -> Option<Object<'v, 'a>> {
        let Value::Object(object) = value else {
            self.wrong_type(value, path, &format!("{what} (an object)"));
            return None;
        };
        let mut props: Vec<(Spanned<String>, &'v Value<'a>)> = Vec::new();
        for prop in &object.properties {
            let (name, name_range) = match &prop.name {
                ObjectPropName::String(s) => (s.value.to_string(), s.range),
                ObjectPropName::Word(w) => (w.value.to_owned(), w.range),
            };
            let span = name_range.start..name_range.end;
            if props.iter().any(|(seen, _)| seen.value == name) {
                self.diagnostics.push(
                    Diagnostic::new(
                        self.file,
                        span,
                        path.key(&name),
                        format!("duplicate key `{name}` in {what}"),
                    )
                    .with_label("this key appears earlier in the same object")
                    .with_help("JSON readers disagree on which duplicate wins; keep one"),
                );
                continue;
            }
            if let Some(allowed) = allowed
                && !allowed.contains(&name.as_str())
            {
                let mut diagnostic = Diagnostic::new(
                    self.file,
                    span.clone(),
                    path.key(&name),
                    format!("unknown key `{name}` in {what}"),
                )
                .with_label("not a key of the service-2 format here");
                let suggestions = closest(&name, allowed.iter().copied(), 1);
                if let Some(hint) = did_you_mean(&suggestions) {
                    diagnostic = diagnostic.with_help(hint);
                } else {
                    diagnostic = diagnostic
                        .with_help(format!("the keys of {what} are: {}", allowed.join(", ")));
                }
                self.diagnostics.push(diagnostic);
                continue;
            }
            props.push((Spanned { value: name, span }, &prop.value));
        }
        Some(Object {
            span: range(value),
            path: path.clone(),
            props,
        })
    }

    fn string(&mut self, object: &Object<'_, '_>, key: &str) -> Option<Spanned<String>> {
        let (value, path) = object.get(key)?;
        match value {
            Value::StringLit(s) => Some(Spanned {
                value: s.value.to_string(),
                span: range(value),
            }),
            _ => {
                self.wrong_type(value, &path, "a string");
                None
            }
        }
    }

    fn bool(&mut self, object: &Object<'_, '_>, key: &str) -> Option<Spanned<bool>> {
        let (value, path) = object.get(key)?;
        match value {
            Value::BooleanLit(b) => Some(Spanned {
                value: b.value,
                span: range(value),
            }),
            _ => {
                self.wrong_type(value, &path, "a boolean (`true` or `false`)");
                None
            }
        }
    }

    fn number(&mut self, object: &Object<'_, '_>, key: &str) -> Option<Spanned<f64>> {
        let (value, path) = object.get(key)?;
        let parsed = match value {
            Value::NumberLit(n) => n.value.parse::<f64>().ok(),
            _ => None,
        };
        match parsed {
            Some(number) => Some(Spanned {
                value: number,
                span: range(value),
            }),
            None => {
                self.wrong_type(value, &path, "a number");
                None
            }
        }
    }

    fn strings(
        &mut self,
        object: &Object<'_, '_>,
        key: &str,
    ) -> Option<Spanned<Vec<Spanned<String>>>> {
        let (value, path) = object.get(key)?;
        let Value::Array(array) = value else {
            self.wrong_type(value, &path, "an array of strings");
            return None;
        };
        let mut items = Vec::new();
        for (index, element) in array.elements.iter().enumerate() {
            match element {
                Value::StringLit(s) => items.push(Spanned {
                    value: s.value.to_string(),
                    span: range(element),
                }),
                _ => self.wrong_type(element, &path.index(index), "a string"),
            }
        }
        Some(Spanned {
            value: items,
            span: range(value),
        })
    }

    /// Reads an object of objects (`operations`, `shapes`, `members`), each with `read`.
    fn entries<T>(
        &mut self,
        object: &Object<'_, '_>,
        key: &str,
        what: &str,
        mut read: impl FnMut(&mut Self, &Value<'_>, &JsonPath) -> Option<T>,
    ) -> Option<Spanned<Entries<T>>> {
        let (value, path) = object.get(key)?;
        let entries = self.object(value, &path, &format!("`{key}`"), None)?;
        let mut out = Vec::new();
        for (name, value) in &entries.props {
            let item_path = path.key(&name.value);
            if let Some(item) = read(self, value, &item_path) {
                out.push((name.clone(), item));
            }
        }
        let _ = what;
        Some(Spanned {
            value: out,
            span: entries.span,
        })
    }

    fn model(&mut self, root: &Value<'_>, stem: &str) -> Option<Model> {
        let path = JsonPath::root();
        let top = self.object(root, &path, "the model", Some(TOP_KEYS))?;
        for key in ["metadata", "operations", "shapes"] {
            if top.get(key).is_none() {
                self.diagnostics.push(
                    Diagnostic::new(self.file, top.span.start..top.span.start + 1, path.clone(), format!("the model has no `{key}`"))
                        .with_label("this object")
                        .with_help(format!("a service-2 model has `metadata`, `operations` and `shapes` at the top; add `\"{key}\": {{...}}`")),
                );
            }
        }
        let metadata = match top.get("metadata") {
            Some((value, path)) => self.metadata(value, &path),
            None => None,
        };
        let documentation = self.string(&top, "documentation");
        let operations = self
            .entries(&top, "operations", "operation", |r, v, p| r.operation(v, p))
            .map(|e| e.value)
            .unwrap_or_default();
        let shapes = self
            .entries(&top, "shapes", "shape", |r, v, p| r.shape(v, p))
            .map(|e| e.value)
            .unwrap_or_default();
        Some(Model {
            file: self.file,
            stem: stem.to_owned(),
            span: top.span,
            metadata,
            documentation,
            operations,
            shapes,
            endpoint_rules: None,
            paginators: None,
            waiters: None,
        })
    }

    fn waiters(&mut self, root: &Value<'_>) -> Option<Waiters> {
        let path = JsonPath::root();
        let top = self.object(root, &path, "a waiters file", Some(WAITERS_KEYS))?;
        let waiters = self
            .entries(&top, "waiters", "waiter", |r, v, p| r.waiter(v, p))
            .map(|e| e.value)
            .unwrap_or_default();
        Some(Waiters {
            file: self.file,
            waiters,
        })
    }

    fn waiter(&mut self, value: &Value<'_>, path: &JsonPath) -> Option<Waiter> {
        let object = self.object(value, path, "a waiter", Some(WAITER_KEYS))?;
        let mut acceptors = Vec::new();
        match object.get("acceptors") {
            Some((Value::Array(array), path)) => {
                for (index, element) in array.elements.iter().enumerate() {
                    if let Some(acceptor) = self.acceptor(element, &path.index(index)) {
                        acceptors.push(acceptor);
                    }
                }
            }
            Some((value, path)) => self.wrong_type(value, &path, "an array of acceptors"),
            None => self.report(
                object.span.start..object.span.start + 1,
                path,
                "a waiter without `acceptors`",
                "this waiter",
            ),
        }
        Some(Waiter {
            span: object.span.clone(),
            operation: self.string(&object, "operation"),
            description: self.string(&object, "description"),
            delay: self.number(&object, "delay"),
            max_attempts: self.number(&object, "maxAttempts"),
            acceptors,
        })
    }

    fn acceptor(&mut self, value: &Value<'_>, path: &JsonPath) -> Option<Acceptor> {
        let object = self.object(value, path, "an acceptor", Some(ACCEPTOR_KEYS))?;
        let expected = object.get("expected").and_then(|(value, path)| {
            let literal = match value {
                Value::StringLit(s) => Literal::String(s.value.to_string()),
                Value::BooleanLit(b) => Literal::Bool(b.value),
                Value::NumberLit(n) => Literal::Integer(n.value.parse().ok()?),
                _ => {
                    self.wrong_type(value, &path, "a string, an integer or a boolean");
                    return None;
                }
            };
            Some(Spanned {
                value: literal,
                span: range(value),
            })
        });
        let argument = object.get("argument").and_then(|(_, path)| {
            Some(Expression {
                text: self.string(&object, "argument")?,
                path,
            })
        });
        Some(Acceptor {
            span: object.span.clone(),
            path: path.clone(),
            matcher: self.string(&object, "matcher"),
            state: self.string(&object, "state"),
            argument,
            expected,
        })
    }

    fn paginators(&mut self, root: &Value<'_>) -> Option<Paginators> {
        let path = JsonPath::root();
        let top = self.object(root, &path, "a paginators file", Some(PAGINATORS_KEYS))?;
        let pagination = self
            .entries(&top, "pagination", "paginator", |r, v, p| r.paginator(v, p))
            .map(|e| e.value)
            .unwrap_or_default();
        Some(Paginators {
            file: self.file,
            pagination,
        })
    }

    fn paginator(&mut self, value: &Value<'_>, path: &JsonPath) -> Option<Paginator> {
        let object = self.object(value, path, "a paginator", Some(PAGINATOR_KEYS))?;
        let required = |reader: &mut Self, key: &str| {
            let found = reader.expressions(&object, key);
            if found.is_none() {
                reader.report(
                    object.span.start..object.span.start + 1,
                    path,
                    &format!("a paginator without `{key}`"),
                    "this paginator",
                );
            }
            found.unwrap_or_default()
        };
        let input_token = required(self, "input_token");
        let output_token = required(self, "output_token");
        let result_key = required(self, "result_key");
        let mut single = |key: &str| {
            let (_, path) = object.get(key)?;
            Some(Expression {
                text: self.string(&object, key)?,
                path,
            })
        };
        Some(Paginator {
            span: object.span.clone(),
            input_token,
            output_token,
            more_results: single("more_results"),
            limit_key: single("limit_key"),
            result_key,
        })
    }

    /// A paginator's expression or list of expressions (`input_token`, `output_token`,
    /// `result_key`), each with its JSON path.
    fn expressions(&mut self, object: &Object<'_, '_>, key: &str) -> Option<Vec<Expression>> {
        let (value, path) = object.get(key)?;
        if let Value::StringLit(_) = value {
            let text = self.string(object, key)?;
            return Some(vec![Expression { text, path }]);
        }
        let list = self.strings(object, key)?;
        Some(
            list.value
                .into_iter()
                .enumerate()
                .map(|(index, text)| Expression {
                    text,
                    path: path.index(index),
                })
                .collect(),
        )
    }

    fn metadata(&mut self, value: &Value<'_>, path: &JsonPath) -> Option<Metadata> {
        let object = self.object(value, path, "`metadata`", Some(METADATA_KEYS))?;
        Some(Metadata {
            span: object.span.clone(),
            api_version: self.string(&object, "apiVersion"),
            endpoint_prefix: self.string(&object, "endpointPrefix"),
            protocol: self.string(&object, "protocol"),
            service_full_name: self.string(&object, "serviceFullName"),
            service_id: self.string(&object, "serviceId"),
            signing_name: self.string(&object, "signingName"),
            uid: self.string(&object, "uid"),
            protocols: self.strings(&object, "protocols"),
            json_version: self.string(&object, "jsonVersion"),
            target_prefix: self.string(&object, "targetPrefix"),
            aws_query_compatible: object.get("awsQueryCompatible").is_some(),
            xml_namespace: self.string(&object, "xmlNamespace"),
        })
    }

    fn operation(&mut self, value: &Value<'_>, path: &JsonPath) -> Option<Operation> {
        let object = self.object(value, path, "an operation", Some(OPERATION_KEYS))?;
        let http = match object.get("http") {
            Some((value, path)) => self.http(value, &path),
            None => None,
        };
        Some(Operation {
            span: object.span.clone(),
            name: self.string(&object, "name"),
            http,
            input: self.shape_ref(&object, "input", "an operation's `input`"),
            output: self.shape_ref(&object, "output", "an operation's `output`"),
            errors: self.shape_refs(&object, "errors", "an operation's error"),
            host_prefix: match object.get("endpoint") {
                Some((value, path)) => self
                    .object(value, &path, "`endpoint`", Some(ENDPOINT_KEYS))
                    .and_then(|endpoint| self.string(&endpoint, "hostPrefix")),
                None => None,
            },
            http_checksum_required: self.bool(&object, "httpChecksumRequired"),
            http_checksum: match object.get("httpChecksum") {
                Some((value, path)) => {
                    self.object(value, &path, "`httpChecksum`", None)
                        .map(|checksum| {
                            HttpChecksum {
                        request_algorithm_member: self.string(&checksum, "requestAlgorithmMember"),
                        request_checksum_required: self.bool(&checksum, "requestChecksumRequired"),
                        response_checksums: checksum.get("responseAlgorithms").is_some_and(
                            |(value, _)| matches!(value, Value::Array(a) if !a.elements.is_empty()),
                        ),
                    }
                        })
                }
                None => None,
            },
            request_compression: match object.get("requestcompression") {
                Some((value, path)) => self
                    .object(value, &path, "`requestcompression`", Some(&["encodings"]))
                    .and_then(|compression| self.strings(&compression, "encodings"))
                    .map(|encodings| encodings.value)
                    .unwrap_or_default(),
                None => Vec::new(),
            },
            static_context_params: self
                .entries(
                    &object,
                    "staticContextParams",
                    "static context parameter",
                    |r, v, p| r.static_param(v, p),
                )
                .map(|e| e.value)
                .unwrap_or_default(),
            operation_context_params: self
                .entries(
                    &object,
                    "operationContextParams",
                    "operation context parameter",
                    |r, v, p| {
                        let param =
                            r.object(v, p, "an operation context parameter", Some(&["path"]))?;
                        r.string(&param, "path")
                    },
                )
                .map(|e| e.value)
                .unwrap_or_default(),
            documentation: self.string(&object, "documentation"),
        })
    }

    /// One of `staticContextParams`: `{"value": "..."}` or `{"value": true}`.
    fn static_param(&mut self, value: &Value<'_>, path: &JsonPath) -> Option<Spanned<StaticParam>> {
        let object = self.object(value, path, "a static context parameter", Some(&["value"]))?;
        let (value, path) = object.get("value")?;
        let param = match value {
            Value::StringLit(s) => StaticParam::String(s.value.to_string()),
            Value::BooleanLit(b) => StaticParam::Bool(b.value),
            _ => {
                self.wrong_type(value, &path, "a string or a boolean");
                return None;
            }
        };
        Some(Spanned {
            value: param,
            span: range(value),
        })
    }

    fn http(&mut self, value: &Value<'_>, path: &JsonPath) -> Option<Http> {
        let object = self.object(value, path, "`http`", Some(HTTP_KEYS))?;
        Some(Http {
            span: object.span.clone(),
            method: self.string(&object, "method"),
            request_uri: self.string(&object, "requestUri"),
            response_code: self.number(&object, "responseCode"),
        })
    }

    fn shape_ref(&mut self, parent: &Object<'_, '_>, key: &str, what: &str) -> Option<ShapeRef> {
        let (value, path) = parent.get(key)?;
        self.read_shape_ref(value, &path, what, SHAPE_REF_KEYS)
    }

    fn read_shape_ref(
        &mut self,
        value: &Value<'_>,
        path: &JsonPath,
        what: &str,
        keys: &[&str],
    ) -> Option<ShapeRef> {
        let object = self.object(value, path, what, Some(keys))?;
        Some(ShapeRef {
            span: object.span.clone(),
            shape: self.string(&object, "shape"),
            documentation: self.string(&object, "documentation"),
            location_name: self.string(&object, "locationName"),
            result_wrapper: self.string(&object, "resultWrapper"),
            xml_namespace: self.xml_namespace(&object),
        })
    }

    /// Reads an operation's array of error references (`errors`).
    fn shape_refs(&mut self, parent: &Object<'_, '_>, key: &str, what: &str) -> Vec<ShapeRef> {
        let Some((value, path)) = parent.get(key) else {
            return Vec::new();
        };
        let Value::Array(array) = value else {
            self.wrong_type(value, &path, "an array of shape references");
            return Vec::new();
        };
        array
            .elements
            .iter()
            .enumerate()
            .filter_map(|(index, element)| {
                self.read_shape_ref(element, &path.index(index), what, ERROR_REF_KEYS)
            })
            .collect()
    }

    fn shape(&mut self, value: &Value<'_>, path: &JsonPath) -> Option<Shape> {
        let object = self.object(value, path, "a shape", Some(SHAPE_KEYS))?;
        let members = self.entries(&object, "members", "member", |r, v, p| r.member(v, p));
        Some(Shape {
            span: object.span.clone(),
            kind: self.string(&object, "type"),
            documentation: self.string(&object, "documentation"),
            members,
            required: self.strings(&object, "required"),
            member: self.shape_ref(&object, "member", "a list's `member`"),
            key: self.shape_ref(&object, "key", "a map's `key`"),
            value: self.shape_ref(&object, "value", "a map's `value`"),
            enum_values: self.strings(&object, "enum"),
            min: self.number(&object, "min"),
            max: self.number(&object, "max"),
            pattern: self.string(&object, "pattern"),
            sensitive: self.bool(&object, "sensitive"),
            timestamp_format: self.string(&object, "timestampFormat"),
            exception: self.bool(&object, "exception"),
            payload: self.string(&object, "payload"),
            union: self.bool(&object, "union"),
            document: self.bool(&object, "document"),
            event_stream: self.bool(&object, "eventstream"),
            streaming: self.bool(&object, "streaming"),
            flattened: self.bool(&object, "flattened"),
            error_code: self.error_code(&object),
            location_name: self.string(&object, "locationName"),
            xml_namespace: self.xml_namespace(&object),
        })
    }

    /// `xmlNamespace`: an object with `uri` and optionally `prefix`, or the URI as a string.
    fn xml_namespace(&mut self, parent: &Object<'_, '_>) -> Option<XmlNamespace> {
        let (value, path) = parent.get("xmlNamespace")?;
        if let Value::StringLit(uri) = value {
            return Some(XmlNamespace {
                uri: uri.value.to_string(),
                prefix: None,
            });
        }
        let object = self.object(value, &path, "`xmlNamespace`", Some(XML_NAMESPACE_KEYS))?;
        Some(XmlNamespace {
            uri: self
                .string(&object, "uri")
                .map(|u| u.value)
                .unwrap_or_default(),
            prefix: self.string(&object, "prefix").map(|p| p.value),
        })
    }

    /// `error.code` of an exception shape.
    fn error_code(&mut self, shape: &Object<'_, '_>) -> Option<Spanned<String>> {
        let (value, path) = shape.get("error")?;
        let error = self.object(value, &path, "`error`", None)?;
        self.string(&error, "code")
    }

    fn member(&mut self, value: &Value<'_>, path: &JsonPath) -> Option<Member> {
        let object = self.object(value, path, "a member", Some(MEMBER_KEYS))?;
        Some(Member {
            span: object.span.clone(),
            shape: self.string(&object, "shape"),
            documentation: self.string(&object, "documentation"),
            location: self.string(&object, "location"),
            location_name: self.string(&object, "locationName"),
            idempotency_token: self.bool(&object, "idempotencyToken"),
            timestamp_format: self.string(&object, "timestampFormat"),
            jsonvalue: self.bool(&object, "jsonvalue"),
            host_label: self.bool(&object, "hostLabel"),
            flattened: self.bool(&object, "flattened"),
            query_name: self.string(&object, "queryName"),
            xml_attribute: self.bool(&object, "xmlAttribute"),
            event_header: self.bool(&object, "eventheader"),
            event_payload: self.bool(&object, "eventpayload"),
            xml_namespace: self.xml_namespace(&object),
            context_param: match object.get("contextParam") {
                Some((value, path)) => self
                    .object(value, &path, "`contextParam`", Some(&["name"]))
                    .and_then(|param| self.string(&param, "name")),
                None => None,
            },
        })
    }
}

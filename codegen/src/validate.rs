//! Stage 2: every semantic problem of the raw models at once: [`validate`] checks the models as
//! written, and after lowering, [`names`] checks the Rust names lowering gave them and
//! [`paginators`] the paginators files against the lowered shapes. When both
//! report nothing, the IR is what the models say.

mod paginators;
mod waiters;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, JsonPath, closest, did_you_mean};
use crate::ir::{self, Ir, ShapeId, ShapeKind};
use crate::protocol::{self, Binding};
use crate::raw::{Member, Model, Shape, ShapeRef, Spanned};

pub use paginators::paginators;
pub use waiters::waiters;

/// The shape types of the service-2 format.
pub const SHAPE_TYPES: &[&str] = &[
    "structure",
    "list",
    "map",
    "string",
    "integer",
    "long",
    "float",
    "double",
    "boolean",
    "timestamp",
    "blob",
];

/// Tells whether a metadata key is present.
type Present = fn(&crate::raw::Metadata) -> bool;

const REQUIRED_METADATA: &[(&str, Present)] = &[
    ("apiVersion", |m| m.api_version.is_some()),
    ("endpointPrefix", |m| m.endpoint_prefix.is_some()),
    ("protocol", |m| m.protocol.is_some()),
    ("serviceFullName", |m| m.service_full_name.is_some()),
    ("serviceId", |m| m.service_id.is_some()),
];

/// Checks every model and returns every problem found, in file order.
pub fn validate(models: &[Model]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for model in models {
        Checker {
            model,
            diagnostics: &mut diagnostics,
        }
        .check();
    }
    diagnostics
}

struct Checker<'m, 'd> {
    model: &'m Model,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl<'m> Checker<'m, '_> {
    fn error(
        &mut self,
        span: Range<usize>,
        path: JsonPath,
        message: String,
        label: &str,
        help: Option<String>,
    ) {
        let mut diagnostic =
            Diagnostic::new(self.model.file, span, path, message).with_label(label);
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        self.diagnostics.push(diagnostic);
    }

    fn shape(&self, name: &str) -> Option<&'m Shape> {
        self.model
            .shapes
            .iter()
            .find(|(key, _)| key.value == name)
            .map(|(_, shape)| shape)
    }

    fn check(&mut self) {
        self.check_metadata();
        for (name, operation) in &self.model.operations {
            self.check_operation(name, operation);
        }
        for (name, shape) in &self.model.shapes {
            self.check_shape(name, shape);
        }
    }

    fn check_metadata(&mut self) {
        let root = JsonPath::root();
        let Some(metadata) = &self.model.metadata else {
            return;
        };
        for (key, present) in REQUIRED_METADATA {
            if !present(metadata) {
                self.error(
                    metadata.span.start..metadata.span.start + 1,
                    root.key("metadata"),
                    format!("`metadata` has no `{key}`"),
                    "this object",
                    Some(format!("add `\"{key}\": \"...\"`; the generator names and documents the service with it")),
                );
            }
        }
    }

    /// Checks that a reference names an existing shape; returns the shape.
    fn resolve(&mut self, reference: &ShapeRef, path: &JsonPath) -> Option<&'m Shape> {
        let Some(target) = &reference.shape else {
            self.error(
                reference.span.clone(),
                path.clone(),
                "a shape reference without `shape`".to_owned(),
                "this reference",
                Some("add `\"shape\": \"<ShapeName>\"`".to_owned()),
            );
            return None;
        };
        self.resolve_name(target, &path.key("shape"))
    }

    fn resolve_name(&mut self, target: &Spanned<String>, path: &JsonPath) -> Option<&'m Shape> {
        if let Some(shape) = self.shape(&target.value) {
            return Some(shape);
        }
        let names = self
            .model
            .shapes
            .iter()
            .map(|(name, _)| name.value.as_str());
        let suggestions = closest(&target.value, names, 3);
        self.error(
            target.span.clone(),
            path.clone(),
            format!("no shape named `{}`", target.value),
            "not a key of `shapes`",
            did_you_mean(&suggestions)
                .or_else(|| Some(format!("add a shape `{}` to `shapes`", target.value))),
        );
        None
    }

    fn check_operation(&mut self, key: &Spanned<String>, operation: &'m crate::raw::Operation) {
        let path = JsonPath::root().key("operations").key(&key.value);
        let input = self.io_structure(operation.input.as_ref(), &path.key("input"), "input");
        self.io_structure(operation.output.as_ref(), &path.key("output"), "output");
        let Some(http) = &operation.http else {
            self.error(
                operation.span.clone(),
                path.clone(),
                format!("operation `{}` has no `http`", key.value),
                "this operation",
                Some("add `\"http\": {\"method\": \"POST\", \"requestUri\": \"/\"}`".to_owned()),
            );
            return;
        };
        for (field, present) in [
            ("method", http.method.is_some()),
            ("requestUri", http.request_uri.is_some()),
        ] {
            if !present {
                self.error(
                    http.span.clone(),
                    path.key("http"),
                    format!("operation `{}` has no `http.{field}`", key.value),
                    "this object",
                    Some(format!("add `\"{field}\"`")),
                );
            }
        }
        if let Some(uri) = &http.request_uri {
            self.check_uri_labels(uri, input, operation, &path.key("http").key("requestUri"));
        }
        if let Some(code) = &http.response_code
            && !((100.0..600.0).contains(&code.value) && code.value.fract() == 0.0)
        {
            self.error(
                code.span.clone(),
                path.key("http").key("responseCode"),
                format!("`responseCode` {} is not an HTTP status", code.value),
                "not a status",
                Some("write a whole number from 100 to 599, e.g. 200".to_owned()),
            );
        }
        if let Some(prefix) = &operation.host_prefix {
            self.check_host_prefix(prefix, input, &path.key("endpoint").key("hostPrefix"));
        }
        for (index, error) in operation.errors.iter().enumerate() {
            self.io_structure(Some(error), &path.key("errors").index(index), "error");
        }
    }

    /// The labels of a URI or host template (`what`), or a located error saying how labels are
    /// written (`form`).
    fn labels(
        &mut self,
        template: &Spanned<String>,
        path: &JsonPath,
        what: &str,
        form: &str,
    ) -> Option<Vec<crate::ir::Label>> {
        protocol::template_labels(&template.value)
            .map_err(|problem| {
                self.error(
                    template.span.clone(),
                    path.clone(),
                    format!("{what} `{}` is malformed: {problem}", template.value),
                    "this template",
                    Some(format!("labels are written {form}")),
                );
            })
            .ok()
    }

    /// Every label of a host prefix must be filled by a `hostLabel` member of the input.
    fn check_host_prefix(
        &mut self,
        prefix: &Spanned<String>,
        input: Option<&'m Shape>,
        path: &JsonPath,
    ) {
        let Some(labels) = self.labels(prefix, path, "the host prefix", "`{name}`") else {
            return;
        };
        let bound = bound_names(input, |name, m| {
            m.host_label
                .as_ref()
                .is_some_and(|h| h.value)
                .then_some(name)
        });
        for label in labels {
            if label.greedy || !bound.contains(&label.name.as_str()) {
                self.error(
                    prefix.span.clone(),
                    path.clone(),
                    format!(
                        "the host prefix label `{{{}}}` is not filled by the operation's input",
                        label.name
                    ),
                    "this prefix",
                    Some(format!(
                        "give the input a member `{}` with `\"hostLabel\": true`",
                        label.name
                    )),
                );
            }
        }
    }

    /// Checks an operation's input or output: it must name a structure.
    fn io_structure(
        &mut self,
        reference: Option<&ShapeRef>,
        path: &JsonPath,
        side: &str,
    ) -> Option<&'m Shape> {
        let reference = reference?;
        let shape = self.resolve(reference, path)?;
        let kind = shape.kind.as_ref().map(|k| k.value.as_str());
        if kind.is_some_and(|k| k != "structure") {
            let target = reference.shape.as_ref()?;
            self.error(
                target.span.clone(),
                path.key("shape"),
                format!(
                    "an operation's {side} must be a structure, and `{}` is a {}",
                    target.value,
                    kind.unwrap_or("?")
                ),
                "not a structure",
                Some(format!(
                    "wrap it: a structure with a member of shape `{}`",
                    target.value
                )),
            );
            return None;
        }
        Some(shape)
    }

    fn check_uri_labels(
        &mut self,
        uri: &Spanned<String>,
        input: Option<&'m Shape>,
        operation: &crate::raw::Operation,
        path: &JsonPath,
    ) {
        let Some(labels) = self.labels(
            uri,
            path,
            "the request URI",
            "`{name}`, or `{name+}` for one that takes the rest of the path",
        ) else {
            return;
        };
        let labels: Vec<&str> = labels.iter().map(|l| l.name.as_str()).collect();
        if labels.is_empty() || (input.is_none() && operation.input.is_some()) {
            return;
        }
        let bound = bound_names(input, |name, m| {
            m.location
                .as_ref()
                .filter(|l| protocol::binding(&l.value) == Some(Binding::Uri))?;
            Some(m.location_name.as_ref().map_or(name, |l| l.value.as_str()))
        });
        for label in labels {
            if !bound.contains(&label) {
                let input_name = operation
                    .input
                    .as_ref()
                    .and_then(|i| i.shape.as_ref())
                    .map_or("(no input)".to_owned(), |s| format!("`{}`", s.value));
                self.error(
                    uri.span.clone(),
                    path.clone(),
                    format!("the URI label `{{{label}}}` is not bound by the operation's input {input_name}"),
                    "this URI",
                    Some(format!(
                        "give the input a member with `\"location\": \"uri\", \"locationName\": \"{label}\"`"
                    )),
                );
            }
        }
    }

    fn check_shape(&mut self, name: &Spanned<String>, shape: &'m Shape) {
        let path = JsonPath::root().key("shapes").key(&name.value);
        let Some(kind) = &shape.kind else {
            self.error(
                shape.span.clone(),
                path,
                format!("shape `{}` has no `type`", name.value),
                "this shape",
                Some(format!(
                    "add `\"type\"`, one of: {}",
                    SHAPE_TYPES.join(", ")
                )),
            );
            return;
        };
        if !SHAPE_TYPES.contains(&kind.value.as_str()) {
            let suggestions = closest(&kind.value, SHAPE_TYPES.iter().copied(), 1);
            let help = did_you_mean(&suggestions)
                .unwrap_or_else(|| format!("the types are: {}", SHAPE_TYPES.join(", ")));
            self.error(
                kind.span.clone(),
                path.key("type"),
                format!("unknown shape type `{}`", kind.value),
                "not a service-2 type",
                Some(help),
            );
            return;
        }
        if let Some(values) = &shape.enum_values
            && kind.value != "string"
        {
            self.error(
                values.span.clone(),
                path.key("enum"),
                format!("`enum` on shape `{}` of type `{}`", name.value, kind.value),
                "only a string shape can have `enum`",
                Some("make the shape `\"type\": \"string\"`, or remove `enum`".to_owned()),
            );
        }
        match kind.value.as_str() {
            "structure" => self.check_structure(name, shape, &path),
            "list" => self.check_part(shape.member.as_ref(), shape, &path, "member", "a list"),
            "map" => {
                self.check_part(shape.key.as_ref(), shape, &path, "key", "a map");
                self.check_part(shape.value.as_ref(), shape, &path, "value", "a map");
            }
            "timestamp" => self.check_timestamp_format(shape.timestamp_format.as_ref(), &path),
            _ => {}
        }
    }

    fn check_part(
        &mut self,
        part: Option<&ShapeRef>,
        shape: &Shape,
        path: &JsonPath,
        key: &str,
        what: &str,
    ) {
        match part {
            Some(reference) => {
                self.resolve(reference, &path.key(key));
            }
            None => self.error(
                shape.span.clone(),
                path.clone(),
                format!("{what} without `{key}`"),
                &format!("{what} needs `{key}`"),
                Some(format!("add `\"{key}\": {{\"shape\": \"<ShapeName>\"}}`")),
            ),
        }
    }

    fn check_structure(&mut self, name: &Spanned<String>, shape: &'m Shape, path: &JsonPath) {
        let Some(members) = &shape.members else {
            self.error(
                shape.span.clone(),
                path.clone(),
                format!("structure `{}` has no `members`", name.value),
                "this structure",
                Some("add `\"members\": {}` (it may be empty)".to_owned()),
            );
            return;
        };
        for (member_name, member) in &members.value {
            let member_path = path.key("members").key(&member_name.value);
            match &member.shape {
                Some(target) => {
                    self.resolve_name(target, &member_path.key("shape"));
                }
                None => self.error(
                    member.span.clone(),
                    member_path.clone(),
                    format!("member `{}` has no `shape`", member_name.value),
                    "this member",
                    Some("add `\"shape\": \"<ShapeName>\"`".to_owned()),
                ),
            }
            self.check_binding(member, &member_path);
        }
        let query_maps: Vec<&Spanned<String>> = members
            .value
            .iter()
            .filter(|(_, m)| {
                m.location
                    .as_ref()
                    .is_some_and(|l| protocol::binding(&l.value) == Some(Binding::Query))
                    && m.shape
                        .as_ref()
                        .and_then(|t| self.shape(&t.value))
                        .and_then(|t| t.kind.as_ref())
                        .is_some_and(|k| k.value == "map")
            })
            .map(|(name, _)| name)
            .collect();
        if let [first, second, ..] = query_maps.as_slice() {
            self.error(
                second.span.clone(),
                path.key("members").key(&second.value),
                format!(
                    "members `{}` and `{}` both take the query parameters no other member binds",
                    first.value, second.value
                ),
                "a second `querystring` map",
                Some("keep one `querystring` map per structure".to_owned()),
            );
        }
        if let Some(payload) = &shape.payload {
            let member = members.value.iter().find(|(m, _)| m.value == payload.value);
            let problem = match member {
                None => Some(format!(
                    "`payload` names `{}`, which is not a member of `{}`",
                    payload.value, name.value
                )),
                Some((_, m)) if m.location.is_some() => Some(format!(
                    "the payload member `{}` is bound elsewhere by `location`",
                    payload.value
                )),
                Some(_) => None,
            };
            if let Some(message) = problem {
                let names = members.value.iter().map(|(m, _)| m.value.as_str());
                let suggestions = closest(&payload.value, names, 3);
                self.error(
                    payload.span.clone(),
                    path.key("payload"),
                    message,
                    "not a body member",
                    did_you_mean(&suggestions)
                        .or_else(|| Some("name a member without `location`".to_owned())),
                );
            }
        }
        if let Some(required) = &shape.required {
            for (index, entry) in required.value.iter().enumerate() {
                if !members.value.iter().any(|(m, _)| m.value == entry.value) {
                    let names = members.value.iter().map(|(m, _)| m.value.as_str());
                    let suggestions = closest(&entry.value, names, 3);
                    self.error(
                        entry.span.clone(),
                        path.key("required").index(index),
                        format!(
                            "`required` names `{}`, which is not a member of `{}`",
                            entry.value, name.value
                        ),
                        "no such member",
                        did_you_mean(&suggestions).or_else(|| {
                            Some(format!(
                                "add a member `{}` or remove it from `required`",
                                entry.value
                            ))
                        }),
                    );
                }
            }
        }
    }

    /// A member's `location` must be one of the HTTP binding's, on a target it can carry, and its
    /// `timestampFormat` one of the format's.
    fn check_binding(&mut self, member: &'m Member, path: &JsonPath) {
        self.check_timestamp_format(member.timestamp_format.as_ref(), path);
        let Some(location) = &member.location else {
            return;
        };
        let Some(binding) = protocol::binding(&location.value) else {
            let names: Vec<&str> = protocol::BINDINGS.iter().map(|(name, _)| *name).collect();
            self.unknown_value(
                location,
                &path.key("location"),
                "location",
                "not an HTTP binding",
                &names,
            );
            return;
        };
        let Some(target) = member.shape.as_ref().and_then(|t| self.shape(&t.value)) else {
            return;
        };
        fn kind(shape: Option<&Shape>) -> &str {
            shape
                .and_then(|s| s.kind.as_ref())
                .map_or("", |k| k.value.as_str())
        }
        let element = |reference: Option<&ShapeRef>| {
            reference
                .and_then(|r| r.shape.as_ref())
                .and_then(|n| self.shape(&n.value))
        };
        let scalar = |k: &str| {
            matches!(
                k,
                "string"
                    | "integer"
                    | "long"
                    | "float"
                    | "double"
                    | "boolean"
                    | "timestamp"
                    | "blob"
            )
        };
        let target_kind = kind(Some(target));
        let list_of_scalars =
            target_kind == "list" && scalar(kind(element(target.member.as_ref())));
        let string_keys = kind(element(target.key.as_ref())) == "string";
        let value_kind = kind(element(target.value.as_ref()));
        let value_strings = value_kind == "string"
            || (value_kind == "list"
                && element(target.value.as_ref())
                    .is_some_and(|v| kind(element(v.member.as_ref())) == "string"));
        let (fits, expected) = match binding {
            Binding::Uri => (
                scalar(target_kind),
                "a string, number, boolean or timestamp",
            ),
            Binding::Header => (
                scalar(target_kind) || list_of_scalars,
                "a string, number, boolean, timestamp or a list of them",
            ),
            Binding::Query => (
                scalar(target_kind)
                    || list_of_scalars
                    || (target_kind == "map" && string_keys && value_strings),
                "a string, number, boolean, timestamp, a list of them, or a map of strings",
            ),
            Binding::Headers => (
                target_kind == "map" && string_keys && value_kind == "string",
                "a map of strings to strings",
            ),
            Binding::StatusCode => (matches!(target_kind, "integer" | "long"), "an integer"),
        };
        if !fits {
            self.error(
                location.span.clone(),
                path.key("location"),
                format!(
                    "a `{}` member must be {expected}, and its shape is a {target_kind}",
                    location.value
                ),
                "cannot carry this shape",
                Some(
                    "bind the member elsewhere, or remove `location` to send it in the body"
                        .to_owned(),
                ),
            );
        }
    }

    /// A value that is none of `allowed`: `what` names it, with a did-you-mean or the list.
    fn unknown_value(
        &mut self,
        value: &Spanned<String>,
        path: &JsonPath,
        what: &str,
        label: &str,
        allowed: &[&str],
    ) {
        let suggestions = closest(&value.value, allowed.iter().copied(), 1);
        let plural = if what.ends_with('s') { "es" } else { "s" };
        self.error(
            value.span.clone(),
            path.clone(),
            format!("unknown {what} `{}`", value.value),
            label,
            did_you_mean(&suggestions)
                .or_else(|| Some(format!("the {what}{plural} are: {}", allowed.join(", ")))),
        );
    }

    fn check_timestamp_format(&mut self, format: Option<&Spanned<String>>, path: &JsonPath) {
        let Some(format) = format else {
            return;
        };
        if protocol::timestamp_format(&format.value).is_none() {
            self.unknown_value(
                format,
                &path.key("timestampFormat"),
                "timestamp format",
                "not a timestamp format",
                &protocol::TIMESTAMP_FORMATS
                    .iter()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>(),
            );
        }
    }
}

/// The names `bind` gives the members of `input` it binds (to a URI label, a host label).
fn bound_names<'m>(
    input: Option<&'m Shape>,
    bind: impl Fn(&'m str, &'m Member) -> Option<&'m str>,
) -> Vec<&'m str> {
    input
        .and_then(|shape| shape.members.as_ref())
        .map(|members| {
            members
                .value
                .iter()
                .filter_map(|(name, m)| bind(name.value.as_str(), m))
                .collect()
        })
        .unwrap_or_default()
}

fn is_identifier(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

/// Checks the Rust names lowering gave ([`lower`](crate::lower)): each is an identifier, and no
/// two items of one namespace share one (modules, the service module's types, the `operation`
/// module's types, the service trait's methods, a structure's fields and setters, a union's or an
/// enum's variants). Each problem points at the model text the name comes from.
pub fn names(models: &[Model], ir: &Ir) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut modules: BTreeMap<&str, &Model> = BTreeMap::new();
    for model in models {
        let Some(service) = ir.services.iter().find(|s| s.stem == model.stem) else {
            continue;
        };
        if let Some(first) = modules.get(service.module.as_str()) {
            diagnostics.push(
                Diagnostic::new(
                    model.file,
                    model.span.start..model.span.start + 1,
                    JsonPath::root(),
                    format!(
                        "model files `{}.json` and `{}.json` would both be the Rust module `{}`",
                        first.stem, model.stem, service.module
                    ),
                )
                .with_label("this file")
                .with_help("rename one of the files; a file's stem names its module"),
            );
        } else {
            modules.insert(&service.module, model);
        }
        Names {
            model,
            service,
            diagnostics: &mut diagnostics,
        }
        .check();
    }
    diagnostics
}

/// The names of one service, against the model they came from.
struct Names<'m, 'd> {
    model: &'m Model,
    service: &'m ir::Service,
    diagnostics: &'d mut Vec<Diagnostic>,
}

/// The first item that took each name of a namespace, by its name in the model.
type Taken<'m> = BTreeMap<&'m str, &'m str>;

impl<'m> Names<'m, '_> {
    fn check(&mut self) {
        self.check_operations();
        self.check_types();
        for (name, shape) in &self.model.shapes {
            let path = JsonPath::root().key("shapes").key(&name.value);
            match self
                .service
                .shape(&ShapeId(name.value.clone()))
                .map(|s| &s.kind)
            {
                Some(ShapeKind::Structure(structure)) => {
                    self.check_members(shape, structure, &path);
                }
                Some(ShapeKind::Enum(values)) => self.check_enum(shape, values, &path),
                _ => {}
            }
        }
    }

    /// Records `rust` as taken by `wire` in `taken`, or reports what took it first (`clash` says
    /// how). False when it clashed.
    fn take(
        &mut self,
        taken: &mut Taken<'m>,
        rust: &'m str,
        wire: &'m Spanned<String>,
        path: &JsonPath,
        clash: impl FnOnce(&str) -> (String, &'static str, String),
    ) -> bool {
        match taken.get(rust) {
            Some(first) => {
                let (message, label, help) = clash(first);
                self.diagnostics.push(
                    Diagnostic::new(self.model.file, wire.span.clone(), path.clone(), message)
                        .with_label(label)
                        .with_help(help),
                );
                false
            }
            None => {
                taken.insert(rust, &wire.value);
                true
            }
        }
    }

    /// Reports `rust` when it is no identifier; `what` names the item.
    fn identifier(
        &mut self,
        rust: &str,
        wire: &Spanned<String>,
        path: &JsonPath,
        what: &str,
    ) -> bool {
        let valid = is_identifier(rust);
        if !valid {
            self.diagnostics.push(
                Diagnostic::new(
                    self.model.file,
                    wire.span.clone(),
                    path.clone(),
                    format!(
                        "the {what} name `{}` gives no valid Rust identifier",
                        wire.value
                    ),
                )
                .with_label("not usable as a Rust name")
                .with_help("use letters, digits and underscores"),
            );
        }
        valid
    }

    /// Operations: their unit types and error enums share the `operation` module; their methods
    /// the service trait.
    fn check_operations(&mut self) {
        let mut types = Taken::new();
        let mut methods = Taken::new();
        for (key, _) in &self.model.operations {
            let Some(op) = self
                .service
                .operations
                .iter()
                .find(|o| o.wire_name == key.value)
            else {
                continue;
            };
            let path = JsonPath::root().key("operations").key(&key.value);
            if !self.identifier(&op.rust_name, key, &path, "operation") {
                continue;
            }
            for rust in std::iter::once(&op.rust_name).chain(&op.error_enum) {
                self.take(&mut types, rust, key, &path, |first| {
                    (
                        format!("operations `{first}` and `{}` would both give the Rust type `{rust}`", key.value),
                        "collides with an earlier operation",
                        "rename one of them; an operation `X` that lists errors also takes the name `XError`".to_owned(),
                    )
                });
            }
            self.take(&mut methods, &op.method, key, &path, |first| {
                (
                    format!("operations `{first}` and `{}` would both be the trait method `{}`", key.value, op.method),
                    "collides with an earlier operation",
                    "rename one of them; operation names differing only in case or punctuation cannot both be methods".to_owned(),
                )
            });
        }
    }

    /// Shapes that become Rust types (structures and enums) get distinct type names, none the
    /// service trait's.
    fn check_types(&mut self) {
        let trait_name = self.service.trait_name.as_str();
        let mut types = Taken::new();
        for (name, _) in &self.model.shapes {
            let Some(shape) = self.service.shape(&ShapeId(name.value.clone())) else {
                continue;
            };
            if !matches!(shape.kind, ShapeKind::Structure(_) | ShapeKind::Enum(_)) {
                continue;
            }
            let path = JsonPath::root().key("shapes").key(&name.value);
            let rust = shape.rust_name.as_str();
            if !self.identifier(rust, name, &path, "shape") {
                continue;
            }
            if rust == trait_name {
                self.diagnostics.push(
                    Diagnostic::new(self.model.file, name.span.clone(), path,
                        format!("shape `{}` would be the Rust type `{rust}`, the name of the service's trait", name.value))
                    .with_label("collides with the service trait")
                    .with_help(format!("rename the shape, or the model file (`{}.json` names the trait)", self.model.stem)),
                );
                continue;
            }
            self.take(&mut types, rust, name, &path, |first| {
                (
                    format!("shapes `{first}` and `{}` would both be the Rust type `{rust}`", name.value),
                    "collides with an earlier shape",
                    "rename one of them; shape names differing only in case or punctuation cannot both be types".to_owned(),
                )
            });
        }
    }

    /// A structure's fields, its optional members' setters and, for a union, its variants.
    fn check_members(&mut self, shape: &'m Shape, structure: &'m ir::Structure, path: &JsonPath) {
        let Some(members) = &shape.members else {
            return;
        };
        let mut fields = Taken::new();
        let mut setters = Taken::new();
        let mut variants = Taken::new();
        for (name, _) in &members.value {
            let Some(member) = structure.members.iter().find(|m| m.wire_name == name.value) else {
                continue;
            };
            let path = path.key("members").key(&name.value);
            if !self.identifier(&member.rust_name, name, &path, "member") {
                continue;
            }
            let field_free = self.take(&mut fields, &member.rust_name, name, &path, |first| {
                (
                    format!("members `{first}` and `{}` would both be the Rust field `{}`", name.value, member.rust_name),
                    "collides with an earlier member",
                    "rename one of them; members differing only in case or punctuation cannot both be fields".to_owned(),
                )
            });
            // Setters and variants are named after the field: one clash is reported once.
            if !field_free {
                continue;
            }
            if !member.required {
                self.take(&mut setters, &member.setter, name, &path, |first| {
                    (
                        format!("members `{first}` and `{}` would both have the setter `{}`", name.value, member.setter),
                        "collides with an earlier member's setter",
                        "rename one of them; a member named like a method every type has gets a setter named `set_` and its name".to_owned(),
                    )
                });
            }
            if structure.union {
                if !self.identifier(&member.variant, name, &path, "member") {
                    continue;
                }
                self.take(&mut variants, &member.variant, name, &path, |first| {
                    (
                        format!("members `{first}` and `{}` would both be the Rust variant `{}`", name.value, member.variant),
                        "collides with an earlier member",
                        "rename one of them; members differing only in case or punctuation (or `unknown` and `UnknownValue`: `Unknown` keeps the members this crate does not know) cannot both be variants".to_owned(),
                    )
                });
            }
        }
    }

    fn check_enum(&mut self, shape: &'m Shape, values: &'m ir::Enum, path: &JsonPath) {
        let Some(raw) = &shape.enum_values else {
            return;
        };
        let mut variants = Taken::new();
        for (index, (value, lowered)) in raw.value.iter().zip(&values.values).enumerate() {
            let path = path.key("enum").index(index);
            let variant = lowered.rust_name.as_str();
            if !self.identifier(variant, value, &path, "enum value") {
                continue;
            }
            self.take(&mut variants, variant, value, &path, |first| {
                (
                    format!(
                        "enum values `{first}` and `{}` would both be the Rust variant `{variant}`",
                        value.value
                    ),
                    "collides with an earlier value",
                    "remove the duplicate, or rename one of the values".to_owned(),
                )
            });
        }
    }
}

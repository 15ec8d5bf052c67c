//! Stage 3: turn raw models into the [IR](crate::ir): resolved references, and every fact the
//! later stages read, decided here once: Rust names beside wire names (types, fields, setters,
//! variants, error enums), where each member travels and how its timestamps are written, which
//! members are secret, idempotency tokens, paginators, and boxes where structures contain
//! themselves.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Acceptor, AcceptorState, Enum, EnumValue, EventBinding, Expr, Ir, Literal, Location, Matcher,
    Member, MemberPath, Operation, Paginator, PathStep, Reached, RequestChecksum, Service, Shape,
    ShapeId, ShapeKind, Side, Streaming, Structure, Timestamps, Ty, UrlEncoded, Waiter,
    XmlElementName, XmlNames, XmlNamespace,
};
use crate::protocol::{self, Binding, Protocol};
use crate::raw::{self, Spanned};
use crate::{jmespath, naming};

/// Lowers models, whether or not validation found problems in them: a part that validation
/// rejects is skipped rather than guessed at, and the names given to the rest are checked
/// afterwards (`validate::names`).
pub fn lower(models: &[raw::Model]) -> Ir {
    let mut services: Vec<Service> = models.iter().map(lower_service).collect();
    services.sort_by(|a, b| a.module.cmp(&b.module));
    Ir { services }
}

fn text(value: Option<&Spanned<String>>) -> String {
    value.map(|v| v.value.clone()).unwrap_or_default()
}

/// The raw shapes of one model by name, for what a member needs to know of its target.
struct RawShapes<'m>(BTreeMap<&'m str, &'m raw::Shape>);

impl<'m> RawShapes<'m> {
    fn new(model: &'m raw::Model) -> Self {
        Self(
            model
                .shapes
                .iter()
                .map(|(name, shape)| (name.value.as_str(), shape))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&'m raw::Shape> {
        self.0.get(name).copied()
    }

    /// The shape a reference names.
    fn target(&self, reference: Option<&raw::ShapeRef>) -> Option<&'m raw::Shape> {
        self.get(&reference?.shape.as_ref()?.value)
    }
}

/// A raw shape's `type`.
fn kind(shape: &raw::Shape) -> &str {
    shape.kind.as_ref().map_or("", |k| k.value.as_str())
}

fn flag(value: Option<&Spanned<bool>>) -> bool {
    value.is_some_and(|v| v.value)
}

fn lower_service(model: &raw::Model) -> Service {
    let metadata = model.metadata.clone().unwrap_or_default();
    let endpoint_prefix = text(metadata.endpoint_prefix.as_ref());
    let protocols: Vec<&str> = metadata
        .protocols
        .iter()
        .flat_map(|p| p.value.iter().map(|s| s.value.as_str()))
        .collect();
    let api_version = text(metadata.api_version.as_ref());
    let wire = protocol::wire_protocol(&protocol::ProtocolMetadata {
        protocol: metadata.protocol.as_ref().map_or("", |p| p.value.as_str()),
        protocols: &protocols,
        api_version: &api_version,
        json_version: metadata.json_version.as_ref().map(|v| v.value.as_str()),
        target_prefix: metadata.target_prefix.as_ref().map(|v| v.value.as_str()),
        query_compatible: metadata.aws_query_compatible,
        endpoint_prefix: &endpoint_prefix,
        xml_namespace: metadata.xml_namespace.as_ref().map(|v| v.value.as_str()),
    });
    let raw_shapes = RawShapes::new(model);
    let mut shapes: BTreeMap<ShapeId, Shape> = model
        .shapes
        .iter()
        .filter_map(|(name, shape)| {
            Some((
                ShapeId(name.value.clone()),
                lower_shape(&name.value, shape, &raw_shapes, protocol::of(&wire))?,
            ))
        })
        .collect();
    mark_boxes(&mut shapes);
    mark_secrets(&mut shapes);
    let mut operations: Vec<Operation> = model
        .operations
        .iter()
        .map(|(name, operation)| {
            let mut lowered = lower_operation(&name.value, operation);
            lowered.input_xml = message_xml(&raw_shapes, operation.input.as_ref());
            lowered.output_xml = message_xml(&raw_shapes, operation.output.as_ref());
            lowered.request_checksum = request_checksum(&shapes, &lowered, operation);
            if let Some((method, uri)) = protocol::of(&wire).route(&name.value) {
                lowered.http_method = method.to_owned();
                lowered.http_uri = uri;
                lowered.uri_labels = Vec::new();
            }
            lowered
        })
        .collect();
    let paginators = model
        .paginators
        .as_ref()
        .map_or(&[][..], |p| &p.pagination[..]);
    for operation in &mut operations {
        operation.streaming = streaming(&raw_shapes, operation);
        operation.paginator = paginators
            .iter()
            .find(|(name, _)| name.value == operation.wire_name)
            .and_then(|(_, raw)| paginator(&shapes, raw, operation));
    }
    if let Some(waiters) = &model.waiters {
        for (name, raw) in &waiters.waiters {
            let operation = raw
                .operation
                .as_ref()
                .and_then(|o| operations.iter_mut().find(|op| op.wire_name == o.value));
            if let Some(operation) = operation
                && let Ok(waiter) = waiter(&shapes, &name.value, raw, operation)
            {
                operation.waiters.push(waiter);
            }
        }
    }
    if metadata
        .service_id
        .as_ref()
        .is_some_and(|id| id.value == "S3")
    {
        for operation in &mut operations {
            operation.url_encoded = url_encoded(&shapes, operation);
        }
    }
    operations.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
    let members_in_place = protocol::of(&wire).body_codec() == protocol::BodyCodec::Xml;
    mark_reached(&mut shapes, &operations, members_in_place);
    Service {
        stem: model.stem.clone(),
        module: naming::module_name(&model.stem),
        trait_name: naming::type_name(&model.stem),
        service_id: text(metadata.service_id.as_ref()),
        full_name: text(metadata.service_full_name.as_ref()),
        api_version,
        signing_name: metadata
            .signing_name
            .as_ref()
            .map_or_else(|| endpoint_prefix.clone(), |s| s.value.clone()),
        endpoint_prefix,
        endpoint_rules: model.endpoint_rules.clone(),
        protocol: text(metadata.protocol.as_ref()),
        wire,
        docs: text(model.documentation.as_ref()),
        operations,
        shapes,
    }
}

fn target(reference: Option<&raw::ShapeRef>) -> Option<ShapeId> {
    reference
        .and_then(|r| r.shape.as_ref())
        .map(|s| ShapeId(s.value.clone()))
}

fn lower_operation(name: &str, operation: &raw::Operation) -> Operation {
    let http = operation.http.clone().unwrap_or_default();
    let http_uri = text(http.request_uri.as_ref());
    let rust_name = naming::type_name(name);
    // A model may list an error twice (appstream, glue, ...): the enum has one variant.
    let errors = operation
        .errors
        .iter()
        .filter_map(|e| target(Some(e)))
        .fold(Vec::new(), |mut errors, error| {
            if !errors.contains(&error) {
                errors.push(error);
            }
            errors
        });
    Operation {
        wire_name: name.to_owned(),
        error_enum: (!errors.is_empty()).then(|| format!("{rust_name}Error")),
        rust_name,
        method: naming::method_name(name),
        http_method: text(http.method.as_ref()),
        uri_labels: protocol::template_labels(&http_uri).unwrap_or_default(),
        http_uri,
        success_status: http
            .response_code
            .map(|c| c.value)
            .filter(|c| (100.0..600.0).contains(c) && c.fract() == 0.0)
            .map_or(200, |c| c as u16),
        host_prefix: operation.host_prefix.as_ref().map(|p| p.value.clone()),
        streaming: Streaming::None,
        paginator: None,
        waiters: Vec::new(),
        request_checksum: RequestChecksum::None,
        response_checksum: operation
            .http_checksum
            .as_ref()
            .is_some_and(|c| c.response_checksums),
        request_compression: operation
            .request_compression
            .iter()
            .map(|encoding| encoding.value.clone())
            .collect(),
        url_encoded: None,
        errors,
        input: target(operation.input.as_ref()),
        output: target(operation.output.as_ref()),
        input_xml: None,
        output_xml: None,
        result_wrapper: operation
            .output
            .as_ref()
            .and_then(|o| o.result_wrapper.as_ref())
            .map(|w| w.value.clone()),
        static_endpoint_params: operation
            .static_context_params
            .iter()
            .map(|(name, value)| (name.value.clone(), value.value.clone()))
            .collect(),
        path_endpoint_params: operation
            .operation_context_params
            .iter()
            .map(|(name, path)| (name.value.clone(), path.value.clone()))
            .collect(),
        docs: text(operation.documentation.as_ref()),
    }
}

/// The checksum `operation`'s request carries: a flexible one where the model gives
/// `httpChecksum` (the SDKs send CRC32 by default wherever it is supported), else `Content-MD5`
/// where it gives `httpChecksumRequired`.
fn request_checksum(
    shapes: &BTreeMap<ShapeId, Shape>,
    lowered: &Operation,
    operation: &raw::Operation,
) -> RequestChecksum {
    if let Some(checksum) = &operation.http_checksum {
        let members = lowered
            .input
            .as_ref()
            .and_then(|id| shapes.get(id))
            .and_then(|shape| match &shape.kind {
                ShapeKind::Structure(structure) => Some(&structure.members),
                _ => None,
            });
        let algorithm_member = checksum.request_algorithm_member.as_ref().and_then(|name| {
            members?
                .iter()
                .find(|m| m.wire_name == name.value)
                .map(|m| m.rust_name.clone())
        });
        return RequestChecksum::Flexible { algorithm_member };
    }
    if flag(operation.http_checksum_required.as_ref()) {
        RequestChecksum::Md5
    } else {
        RequestChecksum::None
    }
}

/// The root element of an XML body holding the members of the input or output `reference` names:
/// the shape's `locationName` (Smithy's `xmlName`, which the SDKs follow), else the reference's,
/// else the shape's name; with the reference's namespace, else the shape's.
fn message_xml(
    shapes: &RawShapes<'_>,
    reference: Option<&raw::ShapeRef>,
) -> Option<XmlElementName> {
    let reference = reference?;
    let name = &reference.shape.as_ref()?.value;
    let shape = shapes.get(name);
    Some(XmlElementName {
        name: shape
            .and_then(|s| s.location_name.as_ref())
            .or(reference.location_name.as_ref())
            .map_or_else(|| name.clone(), |n| n.value.clone()),
        namespace: xml_namespace(
            reference
                .xml_namespace
                .as_ref()
                .or_else(|| shape.and_then(|s| s.xml_namespace.as_ref())),
        ),
    })
}

/// How an operation streams: an input or output member that is an event stream, or a payload
/// member that is a streaming blob.
fn streaming(shapes: &RawShapes<'_>, operation: &Operation) -> Streaming {
    let side = |id: Option<&ShapeId>, events: Streaming, payload: Streaming| {
        let structure = shapes.get(&id?.0)?;
        structure
            .members
            .iter()
            .flat_map(|m| m.value.iter())
            .find_map(|(name, member)| {
                let target = shapes.get(&member.shape.as_ref()?.value)?;
                if flag(target.event_stream.as_ref()) {
                    Some(events)
                } else if flag(target.streaming.as_ref())
                    && structure
                        .payload
                        .as_ref()
                        .is_some_and(|p| p.value == name.value)
                {
                    Some(payload)
                } else {
                    None
                }
            })
    };
    side(
        operation.input.as_ref(),
        Streaming::InputEvents,
        Streaming::InputPayload,
    )
    .or_else(|| {
        side(
            operation.output.as_ref(),
            Streaming::OutputEvents,
            Streaming::OutputPayload,
        )
    })
    .unwrap_or_default()
}

/// The members of S3's listings that botocore asks for URL-encoded and decodes (its
/// `decode_list_object*` handlers), by operation: top-level members, and `(list, member)` pairs.
const URL_ENCODED: &[UrlEncodedNames] = &[
    (
        "ListObjects",
        &["Delimiter", "Marker", "NextMarker"],
        &[("Contents", "Key"), ("CommonPrefixes", "Prefix")],
    ),
    (
        "ListObjectsV2",
        &["Delimiter", "Prefix", "StartAfter"],
        &[("Contents", "Key"), ("CommonPrefixes", "Prefix")],
    ),
    (
        "ListObjectVersions",
        &["KeyMarker", "NextKeyMarker", "Prefix", "Delimiter"],
        &[
            ("Versions", "Key"),
            ("DeleteMarkers", "Key"),
            ("CommonPrefixes", "Prefix"),
        ],
    ),
];

/// An operation's name, its URL-encoded top-level members, and its `(list, member)` pairs.
type UrlEncodedNames = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

/// The URL-encoded members of one of S3's listings ([`URL_ENCODED`]); `None` for another
/// operation, or when the model lacks one of the members (a model cut down, or changed).
fn url_encoded(shapes: &BTreeMap<ShapeId, Shape>, operation: &Operation) -> Option<UrlEncoded> {
    let (_, fields, nested) = URL_ENCODED
        .iter()
        .find(|(name, _, _)| *name == operation.wire_name)?;
    let structure = |id: Option<&ShapeId>| shapes.get(id?)?.structure();
    let member = |structure: &Structure, name: &str| {
        structure
            .members
            .iter()
            .find(|m| m.wire_name == name)
            .cloned()
    };
    let input = structure(operation.input.as_ref())?;
    let output = structure(operation.output.as_ref())?;
    let request = member(input, "EncodingType")?;
    if !matches!(request.location, Location::Query(_)) {
        return None;
    }
    let list_member = |list: &str, name: &str| {
        let list = member(output, list)?;
        let ShapeKind::List { member: element } = &shapes.get(&list.target)?.kind else {
            return None;
        };
        let element = member(structure(Some(element))?, name)?;
        Some((list, element))
    };
    Some(UrlEncoded {
        request,
        response: member(output, "EncodingType")?,
        fields: fields
            .iter()
            .map(|name| member(output, name))
            .collect::<Option<_>>()?,
        nested: nested
            .iter()
            .map(|(list, name)| list_member(list, name))
            .collect::<Option<_>>()?,
    })
}

/// An operation's paginator, as the service's paginators file gives it: `None` without one, or
/// when an expression of it does not resolve (validation reports that).
fn paginator(
    shapes: &BTreeMap<ShapeId, Shape>,
    raw: &raw::Paginator,
    operation: &Operation,
) -> Option<Paginator> {
    let input = operation.input.as_ref()?;
    let output = operation.output.as_ref()?;
    let paths = |start: &ShapeId, expression: &raw::Expression| -> Option<Vec<MemberPath>> {
        jmespath::parse(&expression.text.value)
            .ok()?
            .alternatives
            .iter()
            .map(|path| {
                let resolved = jmespath::resolve(shapes, start, path).ok()?;
                Some(MemberPath {
                    text: expression.text.value.clone(),
                    steps: resolved.steps,
                    target: resolved.target,
                })
            })
            .collect()
    };
    let single = |start: &ShapeId, expression: &raw::Expression| {
        paths(start, expression).and_then(|mut paths| (paths.len() == 1).then(|| paths.remove(0)))
    };
    let member = |expression: &raw::Expression| match single(input, expression)?.steps.as_slice() {
        [PathStep::Field(member)] => Some((**member).clone()),
        _ => None,
    };
    Some(Paginator {
        input_tokens: raw.input_token.iter().map(member).collect::<Option<_>>()?,
        output_tokens: raw
            .output_token
            .iter()
            .map(|e| paths(output, e))
            .collect::<Option<_>>()?,
        more_results: match &raw.more_results {
            Some(e) => Some(single(output, e)?),
            None => None,
        },
        limit_key: match &raw.limit_key {
            Some(e) => Some(member(e)?),
            None => None,
        },
        result_keys: raw
            .result_key
            .iter()
            .map(|e| single(output, e))
            .collect::<Option<_>>()?,
    })
}

/// A problem with a waiter: where it is, and what is wrong.
pub(crate) type WaiterProblem = (std::ops::Range<usize>, crate::diagnostic::JsonPath, String);

/// A waiter of `operation`, or the first problem that keeps it from being one (validation
/// reports them all, [`acceptor`] by acceptor).
pub(crate) fn waiter(
    shapes: &BTreeMap<ShapeId, Shape>,
    name: &str,
    raw: &raw::Waiter,
    operation: &Operation,
) -> Result<Waiter, WaiterProblem> {
    let (delay, max_attempts) = waiter_counts(name, raw)?;
    let acceptors = raw
        .acceptors
        .iter()
        .map(|a| acceptor(shapes, a, operation))
        .collect::<Result<_, _>>()?;
    Ok(Waiter {
        wire_name: name.to_owned(),
        rust_name: naming::type_name(name),
        docs: text(raw.description.as_ref()),
        delay,
        max_attempts,
        acceptors,
    })
}

/// A waiter's `delay` and `maxAttempts`, whole numbers of at least 1, or what is wrong with them.
pub(crate) fn waiter_counts(name: &str, raw: &raw::Waiter) -> Result<(u64, u32), WaiterProblem> {
    let path = crate::diagnostic::JsonPath::root().key("waiters").key(name);
    let count = |value: Option<&Spanned<f64>>, key: &str| match value {
        Some(v) if v.value >= 1.0 && v.value.fract() == 0.0 && v.value <= f64::from(u32::MAX) => {
            Ok(v.value as u32)
        }
        Some(v) => Err((
            v.span.clone(),
            path.key(key),
            format!(
                "`{key}` is {}, where a whole number of at least 1 is needed",
                v.value
            ),
        )),
        None => Err((
            raw.span.clone(),
            path.clone(),
            format!("a waiter without `{key}`"),
        )),
    };
    let delay = count(raw.delay.as_ref(), "delay")?;
    Ok((
        u64::from(delay),
        count(raw.max_attempts.as_ref(), "maxAttempts")?,
    ))
}

/// One acceptor of a waiter of `operation`, or what is wrong with it.
pub(crate) fn acceptor(
    shapes: &BTreeMap<ShapeId, Shape>,
    raw: &raw::Acceptor,
    operation: &Operation,
) -> Result<Acceptor, WaiterProblem> {
    let problem = |span: &std::ops::Range<usize>, key: &str, message: String| {
        (span.clone(), raw.path.key(key), message)
    };
    let whole = |message: String| (raw.span.clone(), raw.path.clone(), message);
    let state = match raw.state.as_ref().map(|s| (s.value.as_str(), &s.span)) {
        Some(("success", _)) => AcceptorState::Success,
        Some(("failure", _)) => AcceptorState::Failure,
        Some(("retry", _)) => AcceptorState::Retry,
        Some((other, span)) => {
            return Err(problem(
                span,
                "state",
                format!("the state `{other}` is none of `success`, `failure`, `retry`"),
            ));
        }
        None => return Err(whole("an acceptor without `state`".to_owned())),
    };
    let Some(expected) = &raw.expected else {
        return Err(whole("an acceptor without `expected`".to_owned()));
    };
    let Some(matcher_name) = &raw.matcher else {
        return Err(whole("an acceptor without `matcher`".to_owned()));
    };
    let wrong_expected = |what: &str| {
        Err(problem(
            &expected.span,
            "expected",
            format!("`expected` of a `{}` matcher is {what}", matcher_name.value),
        ))
    };
    let matcher = match matcher_name.value.as_str() {
        "status" => match expected.value {
            Literal::Integer(status) if (100..600).contains(&status) => {
                Matcher::Status(status as u16)
            }
            _ => return wrong_expected("an HTTP status"),
        },
        "error" => match &expected.value {
            Literal::String(code) => Matcher::ErrorCode(code.clone()),
            Literal::Bool(any) => Matcher::AnyError(*any),
            _ => return wrong_expected("an error code or a boolean"),
        },
        kind @ ("path" | "pathAll" | "pathAny") => {
            let Some(argument) = &raw.argument else {
                return Err(whole(format!("a `{kind}` matcher without `argument`")));
            };
            let span = &argument.text.span;
            let fail = |error: String| {
                Err((
                    span.clone(),
                    argument.path.clone(),
                    format!("`{}` {error}", argument.text.value),
                ))
            };
            let Some(output) = &operation.output else {
                return fail(format!(
                    "reads the output of `{}`, which has none",
                    operation.wire_name
                ));
            };
            let compiled = match jmespath::expression::parse(&argument.text.value) {
                Ok(node) => jmespath::expression::compile(shapes, output, &node),
                Err(error) => {
                    return fail(format!(
                        "is not an expression the generator compiles: {error}"
                    ));
                }
            };
            let compiled = match compiled {
                Ok(compiled) => compiled,
                Err(error) => return fail(format!("does not resolve: {error}")),
            };
            // What `expected` is compared with: the value, or each value of a projection.
            let each = match (kind, compiled.ty()) {
                ("path", Ty::Many(_)) => {
                    return fail("is a projection: a `path` matcher compares one value (`pathAll` and `pathAny` compare each)".to_owned());
                }
                ("path", _) => compiled.clone(),
                (_, Ty::Many(id)) => Expr::Current {
                    ty: Ty::Value(id),
                    root: false,
                },
                _ => {
                    return fail(format!(
                        "is no projection (`[]`, `.*`, `[?...]`), which a `{kind}` matcher needs"
                    ));
                }
            };
            if !jmespath::expression::comparable(shapes, &each) {
                return fail(
                    "is no string, number or boolean, which `expected` could equal".to_owned(),
                );
            }
            let (text, expected) = (argument.text.value.clone(), expected.value.clone());
            match kind {
                "path" => Matcher::Path {
                    argument: compiled,
                    text,
                    expected,
                },
                "pathAll" => Matcher::PathAll {
                    argument: compiled,
                    text,
                    expected,
                },
                _ => Matcher::PathAny {
                    argument: compiled,
                    text,
                    expected,
                },
            }
        }
        other => {
            return Err(problem(
                &matcher_name.span,
                "matcher",
                format!(
                    "the matcher `{other}` is none of `path`, `pathAll`, `pathAny`, `status`, `error`"
                ),
            ));
        }
    };
    Ok(Acceptor { state, matcher })
}

fn lower_shape(
    name: &str,
    shape: &raw::Shape,
    shapes: &RawShapes<'_>,
    protocol: &dyn Protocol,
) -> Option<Shape> {
    let kind = match shape.kind.as_ref()?.value.as_str() {
        "structure" if flag(shape.document.as_ref()) => ShapeKind::Document,
        "structure" => ShapeKind::Structure(lower_structure(name, shape, shapes, protocol)),
        "string" => match &shape.enum_values {
            Some(values) => ShapeKind::Enum(Enum {
                values: values
                    .value
                    .iter()
                    .map(|v| EnumValue {
                        wire_name: v.value.clone(),
                        rust_name: naming::variant_name(&v.value),
                    })
                    .collect(),
            }),
            None => ShapeKind::String,
        },
        "list" => ShapeKind::List {
            member: target(shape.member.as_ref())?,
        },
        "map" => ShapeKind::Map {
            key: target(shape.key.as_ref())?,
            value: target(shape.value.as_ref())?,
        },
        "integer" => ShapeKind::Integer,
        "long" => ShapeKind::Long,
        "float" => ShapeKind::Float,
        "double" => ShapeKind::Double,
        "boolean" => ShapeKind::Boolean,
        "timestamp" => ShapeKind::Timestamp {
            format: shape
                .timestamp_format
                .as_ref()
                .and_then(|f| protocol::timestamp_format(&f.value)),
        },
        "blob" => ShapeKind::Blob,
        _ => return None,
    };
    Some(Shape {
        wire_name: name.to_owned(),
        rust_name: naming::type_name(name),
        docs: text(shape.documentation.as_ref()),
        sensitive: shape.sensitive.as_ref().is_some_and(|s| s.value),
        kind,
        xml: XmlNames {
            name: shape.location_name.as_ref().map(|n| n.value.clone()),
            namespace: xml_namespace(shape.xml_namespace.as_ref()),
            member_namespace: part_namespace(shape.member.as_ref()),
            key_namespace: part_namespace(shape.key.as_ref()),
            value_namespace: part_namespace(shape.value.as_ref()),
            flattened: flag(shape.flattened.as_ref()),
            member: part_name(shape.member.as_ref()),
            key: part_name(shape.key.as_ref()),
            value: part_name(shape.value.as_ref()),
        },
        reached: Reached::default(),
    })
}

/// A model's `xmlNamespace` as the attribute that declares it.
fn xml_namespace(namespace: Option<&raw::XmlNamespace>) -> Option<XmlNamespace> {
    let namespace = namespace?;
    Some(XmlNamespace {
        attribute: match &namespace.prefix {
            Some(prefix) if !prefix.is_empty() => format!("xmlns:{prefix}"),
            _ => "xmlns".to_owned(),
        },
        uri: namespace.uri.clone(),
    })
}

/// The namespace of a list's member or a map's key or value: its reference's, else its shape's.
fn part_namespace(part: Option<&raw::ShapeRef>) -> Option<XmlNamespace> {
    xml_namespace(part?.xml_namespace.as_ref())
}

/// The `locationName` of a list's member or a map's key or value.
fn part_name(part: Option<&raw::ShapeRef>) -> Option<String> {
    part?.location_name.as_ref().map(|n| n.value.clone())
}

fn lower_structure(
    name: &str,
    shape: &raw::Shape,
    shapes: &RawShapes<'_>,
    protocol: &dyn Protocol,
) -> Structure {
    let required: BTreeSet<&str> = shape
        .required
        .iter()
        .flat_map(|r| r.value.iter().map(|s| s.value.as_str()))
        .collect();
    let payload = shape.payload.as_ref().map(|p| p.value.as_str());
    let members = shape
        .members
        .iter()
        .flat_map(|m| m.value.iter())
        .filter_map(|(name, member)| {
            let target = ShapeId(member.shape.as_ref()?.value.clone());
            let target_shape = shapes.get(&target.0);
            let rust_name = naming::field_name(&name.value);
            // A stream of events is never a value the caller gives beside the others: the
            // stream travels on its own (the client's `send_event_stream`, the response's
            // events), so no constructor asks for one.
            let event_stream = target_shape.is_some_and(|t| flag(t.event_stream.as_ref()));
            let required = required.contains(name.value.as_str()) && !event_stream;
            let location = location(
                member,
                &name.value,
                payload == Some(name.value.as_str()),
                target_shape,
                protocol,
            );
            let flattened = flag(member.flattened.as_ref())
                || target_shape.is_some_and(|t| flag(t.flattened.as_ref()));
            let xml_name = member
                .location_name
                .as_ref()
                .map_or_else(|| name.value.clone(), |n| n.value.clone());
            let query_name = protocol.form_key(
                &name.value,
                member.location_name.as_ref().map(|n| n.value.as_str()),
                member.query_name.as_ref().map(|n| n.value.as_str()),
            );
            Some(Member {
                wire_name: name.value.clone(),
                xml_name,
                query_name,
                flattened,
                xml_attribute: flag(member.xml_attribute.as_ref()),
                event_binding: if flag(member.event_header.as_ref()) {
                    EventBinding::Header
                } else if flag(member.event_payload.as_ref()) {
                    EventBinding::Payload
                } else {
                    EventBinding::Body
                },
                xml_namespace: xml_namespace(
                    member
                        .xml_namespace
                        .as_ref()
                        .or_else(|| target_shape.and_then(|t| t.xml_namespace.as_ref())),
                ),
                setter: naming::setter_name(&rust_name),
                variant: naming::variant_name(&name.value),
                rust_name,
                timestamps: timestamps(member, target_shape, shapes, &location, protocol),
                floats: target_shape.is_some_and(|t| holds_floats(t, shapes)),
                null_entries_skipped: target_shape.is_some_and(|t| is_map_of_lists(t, shapes)),
                idempotency_token: flag(member.idempotency_token.as_ref())
                    && !required
                    && target_shape.is_some_and(|t| kind(t) == "string" && t.enum_values.is_none()),
                target,
                required,
                secret: false,
                boxed: false,
                json_name: match &member.location_name {
                    Some(location_name)
                        if member.location.is_none() && protocol.location_name_is_json_key() =>
                    {
                        location_name.value.clone()
                    }
                    _ => name.value.clone(),
                },
                location,
                jsonvalue: flag(member.jsonvalue.as_ref()),
                host_label: flag(member.host_label.as_ref()),
                context_param: member.context_param.as_ref().map(|p| p.value.clone()),
                docs: text(member.documentation.as_ref()),
            })
        })
        .collect();
    let mut structure = Structure {
        members,
        exception: flag(shape.exception.as_ref()),
        error_code: shape
            .error_code
            .as_ref()
            .filter(|_| protocol.declared_error_codes())
            .map_or_else(|| name.to_owned(), |code| code.value.clone()),
        payload: payload.map(str::to_owned),
        union: flag(shape.union.as_ref()) || flag(shape.event_stream.as_ref()),
        event_stream: flag(shape.event_stream.as_ref()),
    };
    unique_json_names(&mut structure);
    structure
}

/// Where a member travels: where the model binds it, as the protocol has it (awsJson sends every
/// member in the body); a `querystring` map spreads its keys over the query string.
fn location(
    member: &raw::Member,
    wire_name: &str,
    is_payload: bool,
    target: Option<&raw::Shape>,
    protocol: &dyn Protocol,
) -> Location {
    let name = member
        .location_name
        .as_ref()
        .map_or_else(|| wire_name.to_owned(), |n| n.value.clone());
    let binding = member
        .location
        .as_ref()
        .map(|l| protocol::binding(&l.value));
    let modeled = match binding {
        None if is_payload => Location::Payload,
        Some(Some(Binding::Uri)) => Location::Uri(name),
        Some(Some(Binding::Query)) if target.is_some_and(|t| kind(t) == "map") => {
            Location::QueryMap
        }
        Some(Some(Binding::Query)) => Location::Query(name),
        Some(Some(Binding::Header)) => Location::Header(name),
        Some(Some(Binding::Headers)) => Location::Headers(name),
        Some(Some(Binding::StatusCode)) => Location::StatusCode,
        None | Some(None) => Location::Body,
    };
    protocol.location(modeled)
}

/// How a member's timestamps are written, when it holds them: its own `timestampFormat`, else its
/// target's (for a list, its element's), else the protocol's default where it travels.
fn timestamps(
    member: &raw::Member,
    target: Option<&raw::Shape>,
    shapes: &RawShapes<'_>,
    location: &Location,
    protocol: &dyn Protocol,
) -> Option<Timestamps> {
    let target = target?;
    let scalar = match kind(target) {
        "timestamp" => target,
        "list" => shapes
            .target(target.member.as_ref())
            .filter(|element| kind(element) == "timestamp")?,
        _ => return None,
    };
    let format = [&member.timestamp_format, &scalar.timestamp_format]
        .into_iter()
        .find_map(|f| protocol::timestamp_format(&f.as_ref()?.value));
    Some(Timestamps {
        document: format.unwrap_or(protocol::DOCUMENT_TIMESTAMP_FORMAT),
        body: format.unwrap_or_else(|| protocol.default_timestamp_format(&Location::Body)),
        bound: format.unwrap_or_else(|| protocol.default_timestamp_format(location)),
    })
}

/// Whether a member's target holds floats: it is a float or a double, or a list whose elements or
/// a map whose values hold floats (a structure's floats are its own members').
fn holds_floats(target: &raw::Shape, shapes: &RawShapes<'_>) -> bool {
    let mut shape = target;
    // A list or map of itself never ends in a float; the bound stops the walk there.
    for _ in 0..shapes.0.len().max(1) {
        let next = match kind(shape) {
            "float" | "double" => return true,
            "list" => shape.member.as_ref(),
            "map" => shape.value.as_ref(),
            _ => return false,
        };
        match shapes.target(next) {
            Some(next) => shape = next,
            None => return false,
        }
    }
    false
}

/// Whether a member's target is a map whose values are lists.
fn is_map_of_lists(target: &raw::Shape, shapes: &RawShapes<'_>) -> bool {
    kind(target) == "map"
        && shapes
            .target(target.value.as_ref())
            .is_some_and(|v| kind(v) == "list")
}

/// Gives every member of a structure its own name in the serde form. A body member's JSON name is
/// its name on the wire and is kept; a member bound elsewhere (URI, query, headers) whose name a
/// body member's `locationName` takes (apigateway's `httpMethod` label beside
/// `integrationHttpMethod`, sent as `httpMethod`) is named by its binding's name, or its own name
/// with `_` appended until it is free.
fn unique_json_names(structure: &mut Structure) {
    let body = |m: &Member| matches!(m.location, Location::Body | Location::Payload);
    let mut taken: BTreeSet<String> = structure
        .members
        .iter()
        .filter(|m| body(m))
        .map(|m| m.json_name.clone())
        .collect();
    for member in structure.members.iter_mut().filter(|m| !body(m)) {
        if taken.insert(member.json_name.clone()) {
            continue;
        }
        let bound = match &member.location {
            Location::Uri(name) | Location::Query(name) | Location::Header(name) => Some(name),
            Location::Headers(prefix) => Some(prefix),
            _ => None,
        };
        let mut name = bound
            .filter(|name| !taken.contains(*name))
            .cloned()
            .unwrap_or_else(|| member.json_name.clone());
        while taken.contains(&name) {
            name.push('_');
        }
        taken.insert(name.clone());
        member.json_name = name;
    }
}

/// Marks the shapes each side of the operations reaches: from inputs, the request; from outputs
/// and errors, the response. Where the operations' wire code reads and writes a message's members
/// in place (`members_in_place`: restXml's), a message reaches its members' targets, and itself
/// only when it has members in its body, which are written as one element.
fn mark_reached(
    shapes: &mut BTreeMap<ShapeId, Shape>,
    operations: &[Operation],
    members_in_place: bool,
) {
    let roots = |messages: Vec<&ShapeId>, side: Side| -> Vec<ShapeId> {
        let mut roots = Vec::new();
        for id in messages {
            match shapes.get(id).and_then(Shape::structure) {
                Some(message) if members_in_place => {
                    roots.extend(message.members.iter().map(|m| m.target.clone()));
                    let written_whole = message.payload.is_none()
                        && message.members.iter().any(|m| {
                            protocol::effective_location(&m.location, side) == Location::Body
                        });
                    if written_whole {
                        roots.push(id.clone());
                    }
                }
                _ => roots.push(id.clone()),
            }
        }
        roots
    };
    let request_roots = roots(
        operations
            .iter()
            .filter_map(|op| op.input.as_ref())
            .collect(),
        Side::Request,
    );
    let output_roots = roots(
        operations
            .iter()
            .filter_map(|op| op.output.as_ref())
            .collect(),
        Side::Response,
    );
    let reach = |roots: Vec<ShapeId>| {
        let mut seen: BTreeSet<ShapeId> = BTreeSet::new();
        let mut stack = roots;
        while let Some(id) = stack.pop() {
            let Some(shape) = shapes.get(&id) else {
                continue;
            };
            if !seen.insert(id) {
                continue;
            }
            match &shape.kind {
                ShapeKind::Structure(structure) => {
                    stack.extend(structure.members.iter().map(|m| m.target.clone()));
                }
                ShapeKind::List { member } => stack.push(member.clone()),
                ShapeKind::Map { key, value } => stack.extend([key.clone(), value.clone()]),
                _ => {}
            }
        }
        seen
    };
    let request = reach(request_roots);
    let response = reach(
        output_roots
            .into_iter()
            .chain(operations.iter().flat_map(|op| op.errors.iter().cloned()))
            .collect(),
    );
    for (id, shape) in shapes.iter_mut() {
        shape.reached = Reached {
            request: request.contains(id),
            response: response.contains(id),
        };
    }
}

/// Marks the members whose values must not be printed: every member of a sensitive structure,
/// and each member whose target holds sensitive values.
fn mark_secrets(shapes: &mut BTreeMap<ShapeId, Shape>) {
    // Through lists and maps only; `seen` ends a cycle a broken model may have.
    fn holds_secrets<'s>(
        shapes: &'s BTreeMap<ShapeId, Shape>,
        id: &'s ShapeId,
        seen: &mut BTreeSet<&'s ShapeId>,
    ) -> bool {
        if !seen.insert(id) {
            return false;
        }
        shapes.get(id).is_some_and(|shape| {
            shape.sensitive
                || match &shape.kind {
                    ShapeKind::List { member } => holds_secrets(shapes, member, seen),
                    ShapeKind::Map { key, value } => {
                        holds_secrets(shapes, key, seen) || holds_secrets(shapes, value, seen)
                    }
                    _ => false,
                }
        })
    }
    let secrets: BTreeSet<ShapeId> = shapes
        .keys()
        .filter(|id| holds_secrets(shapes, id, &mut BTreeSet::new()))
        .cloned()
        .collect();
    for shape in shapes.values_mut() {
        let sensitive = shape.sensitive;
        if let ShapeKind::Structure(structure) = &mut shape.kind {
            for member in &mut structure.members {
                member.secret = sensitive || secrets.contains(&member.target);
            }
        }
    }
}

/// Boxes every member whose target structure can reach the member's own structure again through
/// structure members (lists and maps already allocate, so they break the cycle).
fn mark_boxes(shapes: &mut BTreeMap<ShapeId, Shape>) {
    let edges: BTreeMap<ShapeId, Vec<ShapeId>> = shapes
        .iter()
        .filter_map(|(id, shape)| match &shape.kind {
            ShapeKind::Structure(s) => Some((
                id.clone(),
                s.members
                    .iter()
                    .filter(|m| {
                        matches!(
                            shapes.get(&m.target).map(|t| &t.kind),
                            Some(ShapeKind::Structure(_))
                        )
                    })
                    .map(|m| m.target.clone())
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    for (id, shape) in shapes.iter_mut() {
        if let ShapeKind::Structure(structure) = &mut shape.kind {
            for member in &mut structure.members {
                member.boxed =
                    edges.contains_key(&member.target) && reaches(&edges, &member.target, id);
            }
        }
    }
}

fn reaches(edges: &BTreeMap<ShapeId, Vec<ShapeId>>, from: &ShapeId, to: &ShapeId) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(next) = stack.pop() {
        if next == to {
            return true;
        }
        if seen.insert(next) {
            stack.extend(edges.get(next).into_iter().flatten());
        }
    }
    false
}

//! Stage 3: turn validated raw models into the [IR](crate::ir): resolved references, Rust names
//! beside wire names, and boxes where structures contain themselves.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Enum, EnumValue, Ir, Location, Member, Operation, Service, Shape, ShapeId, ShapeKind,
    Streaming, Structure, WireProtocol,
};
use crate::naming;
use crate::protocol::{self, Binding};
use crate::raw::{self, Spanned};

/// Lowers models that [`validate`](crate::validate::validate) found no problem in. A part that
/// validation would have rejected is skipped rather than guessed at.
pub fn lower(models: &[raw::Model]) -> Ir {
    let mut services: Vec<Service> = models.iter().map(lower_service).collect();
    services.sort_by(|a, b| a.module.cmp(&b.module));
    Ir { services }
}

fn text(value: Option<&Spanned<String>>) -> String {
    value.map(|v| v.value.clone()).unwrap_or_default()
}

fn lower_service(model: &raw::Model) -> Service {
    let metadata = model.metadata.clone().unwrap_or_default();
    let endpoint_prefix = text(metadata.endpoint_prefix.as_ref());
    let mut shapes: BTreeMap<ShapeId, Shape> = model
        .shapes
        .iter()
        .filter_map(|(name, shape)| {
            Some((
                ShapeId(name.value.clone()),
                lower_shape(&name.value, shape)?,
            ))
        })
        .collect();
    mark_boxes(&mut shapes);
    let protocols: Vec<&str> = metadata
        .protocols
        .iter()
        .flat_map(|p| p.value.iter().map(|s| s.value.as_str()))
        .collect();
    let wire = protocol::wire_protocol(
        &text(metadata.protocol.as_ref()),
        &protocols,
        metadata.json_version.as_ref().map(|v| v.value.as_str()),
        metadata.target_prefix.as_ref().map(|v| v.value.as_str()),
    );
    resolve_bindings(&mut shapes, &wire);
    let mut operations: Vec<Operation> = model
        .operations
        .iter()
        .map(|(name, operation)| lower_operation(&name.value, operation))
        .collect();
    for operation in &mut operations {
        operation.streaming = streaming(model, operation);
    }
    operations.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
    Service {
        stem: model.stem.clone(),
        module: naming::module_name(&model.stem),
        trait_name: naming::type_name(&model.stem),
        service_id: text(metadata.service_id.as_ref()),
        full_name: text(metadata.service_full_name.as_ref()),
        api_version: text(metadata.api_version.as_ref()),
        signing_name: metadata
            .signing_name
            .as_ref()
            .map_or_else(|| endpoint_prefix.clone(), |s| s.value.clone()),
        endpoint_prefix,
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
    Operation {
        wire_name: name.to_owned(),
        rust_name: naming::type_name(name),
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
        // A model may list an error twice (appstream, glue, ...): the enum has one variant.
        errors: operation
            .errors
            .iter()
            .filter_map(|e| target(Some(e)))
            .fold(Vec::new(), |mut errors, error| {
                if !errors.contains(&error) {
                    errors.push(error);
                }
                errors
            }),
        input: target(operation.input.as_ref()),
        output: target(operation.output.as_ref()),
        docs: text(operation.documentation.as_ref()),
    }
}

/// How an operation streams: an input or output member that is an event stream, or a payload
/// member that is a streaming blob.
fn streaming(model: &raw::Model, operation: &Operation) -> Streaming {
    let shape = |name: &str| {
        model
            .shapes
            .iter()
            .find(|(key, _)| key.value == name)
            .map(|(_, shape)| shape)
    };
    let flag = |value: &Option<Spanned<bool>>| value.as_ref().is_some_and(|v| v.value);
    let side = |id: Option<&ShapeId>, events: Streaming, payload: Streaming| {
        let structure = shape(&id?.0)?;
        structure
            .members
            .iter()
            .flat_map(|m| m.value.iter())
            .find_map(|(name, member)| {
                let target = shape(&member.shape.as_ref()?.value)?;
                if flag(&target.event_stream) {
                    Some(events)
                } else if flag(&target.streaming)
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

fn lower_shape(name: &str, shape: &raw::Shape) -> Option<Shape> {
    let kind = match shape.kind.as_ref()?.value.as_str() {
        "structure" if shape.document.as_ref().is_some_and(|d| d.value) => ShapeKind::Document,
        "structure" => ShapeKind::Structure(lower_structure(shape)),
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
    })
}

fn lower_structure(shape: &raw::Shape) -> Structure {
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
            let rust_name = naming::field_name(&name.value);
            let is_payload = payload == Some(name.value.as_str());
            Some(Member {
                wire_name: name.value.clone(),
                setter: naming::setter_name(&rust_name),
                rust_name,
                target: ShapeId(member.shape.as_ref()?.value.clone()),
                required: required.contains(name.value.as_str()),
                boxed: false,
                location: location(member, &name.value, is_payload),
                json_name: member
                    .location_name
                    .as_ref()
                    .filter(|_| member.location.is_none())
                    .map_or_else(|| name.value.clone(), |n| n.value.clone()),
                timestamp_format: member
                    .timestamp_format
                    .as_ref()
                    .and_then(|f| protocol::timestamp_format(&f.value)),
                jsonvalue: member.jsonvalue.as_ref().is_some_and(|j| j.value),
                host_label: member.host_label.as_ref().is_some_and(|h| h.value),
                idempotency_token: member.idempotency_token.as_ref().is_some_and(|t| t.value),
                docs: text(member.documentation.as_ref()),
            })
        })
        .collect();
    Structure {
        members,
        exception: shape.exception.as_ref().is_some_and(|e| e.value),
        payload: payload.map(str::to_owned),
        union: [&shape.union, &shape.event_stream]
            .iter()
            .any(|flag| flag.as_ref().is_some_and(|f| f.value)),
        event_stream: shape.event_stream.as_ref().is_some_and(|e| e.value),
    }
}

/// Where a member travels. A `querystring` map becomes [`Location::QueryMap`] once targets are
/// known ([`resolve_bindings`]).
fn location(member: &raw::Member, wire_name: &str, is_payload: bool) -> Location {
    let name = member
        .location_name
        .as_ref()
        .map_or_else(|| wire_name.to_owned(), |n| n.value.clone());
    let Some(location) = &member.location else {
        return if is_payload {
            Location::Payload
        } else {
            Location::Body
        };
    };
    match protocol::binding(&location.value) {
        Some(Binding::Uri) => Location::Uri(name),
        Some(Binding::Query) => Location::Query(name),
        Some(Binding::Header) => Location::Header(name),
        Some(Binding::Headers) => Location::Headers(name),
        Some(Binding::StatusCode) => Location::StatusCode,
        None => Location::Body,
    }
}

/// What needs the member's target or the protocol: a `querystring` map spreads its keys, a
/// timestamp member without a format of its own takes its target's (or its list element's), and
/// awsJson puts every member in the body.
fn resolve_bindings(shapes: &mut BTreeMap<ShapeId, Shape>, wire: &WireProtocol) {
    let kinds: BTreeMap<ShapeId, ShapeKind> = shapes
        .iter()
        .map(|(id, shape)| (id.clone(), shape.kind.clone()))
        .collect();
    let format_of = |id: &ShapeId| match kinds.get(id) {
        Some(ShapeKind::Timestamp { format }) => *format,
        Some(ShapeKind::List { member }) => match kinds.get(member) {
            Some(ShapeKind::Timestamp { format }) => *format,
            _ => None,
        },
        _ => None,
    };
    for shape in shapes.values_mut() {
        if let ShapeKind::Structure(structure) = &mut shape.kind {
            for member in &mut structure.members {
                match wire {
                    // awsJson sends every member in the body, whatever the model binds.
                    WireProtocol::AwsJson { .. } => member.location = Location::Body,
                    // Elsewhere `locationName` is no JSON name (rest-xml's element names): the
                    // serde form keeps the member's name.
                    WireProtocol::Unsupported(_) => member.json_name = member.wire_name.clone(),
                    WireProtocol::RestJson => {}
                }
                if matches!(member.location, Location::Query(_))
                    && matches!(kinds.get(&member.target), Some(ShapeKind::Map { .. }))
                {
                    member.location = Location::QueryMap;
                }
                member.timestamp_format = member.timestamp_format.or(format_of(&member.target));
            }
            unique_json_names(structure);
        }
    }
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

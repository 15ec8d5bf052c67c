//! Stage 3: turn validated raw models into the [IR](crate::ir): resolved references, Rust names
//! beside wire names, and boxes where structures contain themselves.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Enum, EnumValue, Ir, Location, Member, Operation, Service, Shape, ShapeId, ShapeKind, Structure,
};
use crate::naming;
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
    let mut operations: Vec<Operation> = model
        .operations
        .iter()
        .map(|(name, operation)| lower_operation(&name.value, operation))
        .collect();
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
    Operation {
        wire_name: name.to_owned(),
        rust_name: naming::type_name(name),
        method: naming::method_name(name),
        http_method: text(http.method.as_ref()),
        http_uri: text(http.request_uri.as_ref()),
        input: target(operation.input.as_ref()),
        output: target(operation.output.as_ref()),
        docs: text(operation.documentation.as_ref()),
    }
}

fn lower_shape(name: &str, shape: &raw::Shape) -> Option<Shape> {
    let kind = match shape.kind.as_ref()?.value.as_str() {
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
            format: shape.timestamp_format.as_ref().map(|f| f.value.clone()),
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
    let members = shape
        .members
        .iter()
        .flat_map(|m| m.value.iter())
        .filter_map(|(name, member)| {
            let rust_name = naming::field_name(&name.value);
            Some(Member {
                wire_name: name.value.clone(),
                setter: naming::setter_name(&rust_name),
                rust_name,
                target: ShapeId(member.shape.as_ref()?.value.clone()),
                required: required.contains(name.value.as_str()),
                boxed: false,
                location: location(member, &name.value),
                idempotency_token: member.idempotency_token.as_ref().is_some_and(|t| t.value),
                docs: text(member.documentation.as_ref()),
            })
        })
        .collect();
    Structure {
        members,
        exception: shape.exception.as_ref().is_some_and(|e| e.value),
    }
}

fn location(member: &raw::Member, wire_name: &str) -> Location {
    let name = member
        .location_name
        .as_ref()
        .map_or_else(|| wire_name.to_owned(), |n| n.value.clone());
    match member.location.as_ref().map(|l| l.value.as_str()) {
        None => Location::Body,
        Some("uri") => Location::Uri(name),
        Some("querystring") => Location::Query(name),
        Some("header") => Location::Header(name),
        Some(other) => Location::Other(other.to_owned()),
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

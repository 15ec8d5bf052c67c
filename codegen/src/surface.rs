//! The public API surface of a generated service as short text, one line per item: what a
//! reviewer reads to see how a model change reaches the crate's users.

use std::fmt::Write;

use crate::ir::{Location, Service, ShapeKind};

/// The surface of one service: its operations with their trait methods, structures and enums.
pub fn surface(service: &Service) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "mod {} // {} ({})",
        service.module, service.full_name, service.service_id
    );
    for op in &service.operations {
        let _ = writeln!(
            out,
            "operation {}: {} {} => {}::{}({}) -> {}",
            op.rust_name,
            op.http_method,
            op.http_uri,
            service.trait_name,
            op.method,
            service.io_type(op.input.as_ref()),
            service.io_type(op.output.as_ref())
        );
    }
    for shape in service.shapes.values() {
        match &shape.kind {
            ShapeKind::Structure(structure) => {
                let required: Vec<&str> = structure
                    .members
                    .iter()
                    .filter(|m| m.required)
                    .map(|m| m.rust_name.as_str())
                    .collect();
                let _ = writeln!(
                    out,
                    "struct {} (new: {})",
                    shape.rust_name,
                    required.join(", ")
                );
                for m in &structure.members {
                    let ty = service.field_type(m);
                    let mut notes = String::new();
                    match &m.location {
                        Location::Body if m.json_name == m.wire_name => {}
                        Location::Body => notes.push_str(&format!(" in body {}", m.json_name)),
                        Location::Payload => notes.push_str(" payload"),
                        Location::Uri(name) => notes.push_str(&format!(" in uri {{{name}}}")),
                        Location::Query(name) => notes.push_str(&format!(" in query {name}")),
                        Location::QueryMap => notes.push_str(" in query (map)"),
                        Location::Header(name) => notes.push_str(&format!(" in header {name}")),
                        Location::Headers(prefix) => {
                            notes.push_str(&format!(" in headers {prefix}*"));
                        }
                        Location::StatusCode => notes.push_str(" in status code"),
                    }
                    if m.secret {
                        notes.push_str(" sensitive");
                    }
                    if m.idempotency_token {
                        notes.push_str(" idempotency-token");
                    }
                    let _ = writeln!(out, "  {}: {ty} = \"{}\"{notes}", m.rust_name, m.wire_name);
                }
            }
            ShapeKind::Enum(values) => {
                let _ = writeln!(out, "enum {}", shape.rust_name);
                for v in &values.values {
                    let _ = writeln!(out, "  {} = \"{}\"", v.rust_name, v.wire_name);
                }
                let _ = writeln!(out, "  Unknown(UnknownValue)");
            }
            _ => {}
        }
    }
    out
}

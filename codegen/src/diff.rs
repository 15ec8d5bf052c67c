//! What changed between two versions of the models, and whether each change breaks code that
//! compiled against the crate generated from the old version.
//!
//! Changes are found per named shape (a structure or an enum), so a shape shared by several
//! operations is reported once, with every operation and side that reaches it; and per
//! operation, in the nested notation of the API reference's release notes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Serialize;

use crate::ir::{Ir, Operation, Service, ShapeId, ShapeKind, Side};

/// What kind of change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case", tag = "change")]
pub enum ChangeKind {
    /// A new operation.
    OperationAdded,
    /// An operation that is gone.
    OperationRemoved,
    /// An operation's HTTP method or URI changed.
    RouteChanged {
        /// `METHOD URI` before.
        old: String,
        /// `METHOD URI` after.
        new: String,
    },
    /// An operation's input or output is another type.
    IoChanged {
        /// The type before.
        old: String,
        /// The type after.
        new: String,
    },
    /// A member was added to a structure.
    MemberAdded {
        /// Whether it is required.
        required: bool,
        /// Its Rust type.
        rust_type: String,
    },
    /// A member is gone.
    MemberRemoved,
    /// An optional member became required.
    MemberNowRequired,
    /// A required member became optional.
    MemberNowOptional,
    /// A member's type changed.
    MemberTypeChanged {
        /// The Rust type before.
        old: String,
        /// The Rust type after.
        new: String,
    },
    /// A member's secrecy changed (only `Debug` output is affected).
    MemberSensitivityChanged {
        /// Whether it is secret now.
        sensitive: bool,
    },
    /// A value was added to an enum.
    EnumValueAdded {
        /// The value.
        value: String,
    },
    /// A value is gone from an enum.
    EnumValueRemoved {
        /// The value.
        value: String,
    },
    /// The operation pages now (botocore's paginators file lists it).
    PaginatorAdded,
    /// The operation no longer pages.
    PaginatorRemoved,
    /// Where the operation's pages hold their results changed (`result_key`).
    PaginatorResultsChanged {
        /// The result keys before, joined with `, `.
        old: String,
        /// The result keys after.
        new: String,
    },
    /// A waiter of the operation was added.
    WaiterAdded {
        /// The waiter's name.
        waiter: String,
    },
    /// A waiter of the operation is gone.
    WaiterRemoved {
        /// The waiter's name.
        waiter: String,
    },
}

impl ChangeKind {
    /// Whether the change is to the client's view of an operation: its paginator or waiters.
    fn is_client(&self) -> bool {
        matches!(
            self,
            Self::PaginatorAdded
                | Self::PaginatorRemoved
                | Self::PaginatorResultsChanged { .. }
                | Self::WaiterAdded { .. }
                | Self::WaiterRemoved { .. }
        )
    }
}

/// Where an operation reaches a changed shape.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Reach {
    /// The operation.
    pub operation: String,
    /// Its request or response.
    pub side: Side,
    /// The member path from the operation's input or output to the change
    /// (list elements and map values are transparent, as in the release notes).
    pub path: String,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// The model file's stem, e.g. `ivs-realtime`.
    pub service: String,
    /// The changed shape (`Stage`), or the operation for operation-level changes.
    pub subject: String,
    /// The member within the shape, if the change is about one.
    pub member: Option<String>,
    /// What changed.
    pub kind: ChangeKind,
    /// Every operation and side that reaches the change (empty for operation-level changes).
    pub reached_by: Vec<Reach>,
}

impl Change {
    /// Whether code compiled against the old crate may stop compiling (or behave differently).
    pub fn breaking(&self) -> bool {
        !matches!(
            self.kind,
            ChangeKind::MemberAdded {
                required: false,
                ..
            } | ChangeKind::EnumValueAdded { .. }
                | ChangeKind::MemberSensitivityChanged { .. }
                | ChangeKind::OperationAdded
                | ChangeKind::PaginatorAdded
                | ChangeKind::WaiterAdded { .. }
        )
    }

    /// Why, for a user of the generated crate.
    pub fn reason(&self) -> String {
        let subject = &self.subject;
        let member = self.member.as_deref().unwrap_or_default();
        match &self.kind {
            ChangeKind::OperationAdded => {
                "a new operation adds a service-trait method with a default \
                 body (returning `NotImplemented`): implementations still compile"
                    .to_owned()
            }
            ChangeKind::OperationRemoved => {
                "the operation's type and its service-trait method are gone".to_owned()
            }
            ChangeKind::RouteChanged { .. } => {
                "the HTTP route changed: a client built on the old crate sends requests elsewhere"
                    .to_owned()
            }
            ChangeKind::IoChanged { .. } => {
                "the operation's Input or Output is another type".to_owned()
            }
            ChangeKind::MemberAdded {
                required: false, ..
            } => format!(
                "`{subject}` is #[non_exhaustive] and built through its constructor, which does not \
                 take optional members"
            ),
            ChangeKind::MemberAdded { required: true, .. } => format!(
                "`{subject}::new` takes the new required member: existing calls no longer compile"
            ),
            ChangeKind::MemberRemoved => {
                format!("the field `{member}` of `{subject}` and its setter are gone")
            }
            ChangeKind::MemberNowRequired => format!(
                "the field is no longer an Option, and `{subject}::new` takes it as an argument"
            ),
            ChangeKind::MemberNowOptional => {
                format!("the field becomes an Option, and `{subject}::new` no longer takes it")
            }
            ChangeKind::MemberTypeChanged { .. } => "the field has another type".to_owned(),
            ChangeKind::MemberSensitivityChanged { .. } => {
                "only what Debug prints of the field changes".to_owned()
            }
            ChangeKind::EnumValueAdded { .. } => format!(
                "`{subject}` is #[non_exhaustive] (every match has a wildcard arm) and keeps values \
                 it does not know"
            ),
            ChangeKind::EnumValueRemoved { .. } => {
                format!("the variant is gone from `{subject}`")
            }
            ChangeKind::PaginatorAdded => {
                "the operation gains a `Paginated` impl: `Client::pages` works for it".to_owned()
            }
            ChangeKind::PaginatorRemoved => {
                "the operation's `Paginated` impl is gone: `Client::pages` of it no longer compiles"
                    .to_owned()
            }
            ChangeKind::PaginatorResultsChanged { .. } => {
                "a page's results are elsewhere: `Client::items` gives other items, or none"
                    .to_owned()
            }
            ChangeKind::WaiterAdded { waiter } => {
                format!("a new waiter type, `{waiter}`; nothing else changes")
            }
            ChangeKind::WaiterRemoved { waiter } => {
                format!(
                    "the waiter type `{waiter}` is gone: `Client::wait` of it no longer compiles"
                )
            }
        }
    }

    fn describe(&self) -> String {
        let at = |what: &str| match &self.member {
            Some(member) => format!("{}.{member}: {what}", self.subject),
            None => format!("{}: {what}", self.subject),
        };
        match &self.kind {
            ChangeKind::OperationAdded => format!("operation {}: added", self.subject),
            ChangeKind::OperationRemoved => format!("operation {}: removed", self.subject),
            ChangeKind::RouteChanged { old, new } => {
                format!("operation {}: route {old} -> {new}", self.subject)
            }
            ChangeKind::IoChanged { old, new } => at(&format!("type {old} -> {new}")),
            ChangeKind::MemberAdded {
                required,
                rust_type,
            } => {
                let which = if *required { "required" } else { "optional" };
                at(&format!("member added ({which}, {rust_type})"))
            }
            ChangeKind::MemberRemoved => at("member removed"),
            ChangeKind::MemberNowRequired => at("member now required"),
            ChangeKind::MemberNowOptional => at("member now optional"),
            ChangeKind::MemberTypeChanged { old, new } => at(&format!("type {old} -> {new}")),
            ChangeKind::MemberSensitivityChanged { sensitive: true } => at("now sensitive"),
            ChangeKind::MemberSensitivityChanged { sensitive: false } => at("no longer sensitive"),
            ChangeKind::EnumValueAdded { value } => at(&format!("enum value {value} added")),
            ChangeKind::EnumValueRemoved { value } => at(&format!("enum value {value} removed")),
            ChangeKind::PaginatorAdded => format!("operation {}: paginator added", self.subject),
            ChangeKind::PaginatorRemoved => {
                format!("operation {}: paginator removed", self.subject)
            }
            ChangeKind::PaginatorResultsChanged { old, new } => format!(
                "operation {}: paginator results [{old}] -> [{new}]",
                self.subject
            ),
            ChangeKind::WaiterAdded { waiter } => {
                format!("operation {}: waiter {waiter} added", self.subject)
            }
            ChangeKind::WaiterRemoved { waiter } => {
                format!("operation {}: waiter {waiter} removed", self.subject)
            }
        }
    }
}

/// Every change from `old` to `new`, services matched by file stem.
pub fn diff(old: &Ir, new: &Ir) -> Vec<Change> {
    let mut changes = Vec::new();
    let stems: BTreeSet<&str> = old
        .services
        .iter()
        .chain(&new.services)
        .map(|s| s.stem.as_str())
        .collect();
    for stem in stems {
        let find = |ir: &'_ Ir| ir.services.iter().find(|s| s.stem == stem).cloned();
        let empty = |other: &Service| Service {
            operations: Vec::new(),
            shapes: BTreeMap::new(),
            ..other.clone()
        };
        let (old, new) = match (find(old), find(new)) {
            (Some(o), Some(n)) => (o, n),
            (Some(o), None) => (o.clone(), empty(&o)),
            (None, Some(n)) => (empty(&n), n),
            (None, None) => continue,
        };
        diff_service(&old, &new, &mut changes);
    }
    changes.sort();
    changes
}

fn diff_service(old: &Service, new: &Service, changes: &mut Vec<Change>) {
    let change = |subject: &str, member: Option<&str>, kind: ChangeKind| Change {
        service: new.stem.clone(),
        subject: subject.to_owned(),
        member: member.map(str::to_owned),
        kind,
        reached_by: Vec::new(),
    };
    let old_ops: BTreeMap<&str, &Operation> = old
        .operations
        .iter()
        .map(|o| (o.wire_name.as_str(), o))
        .collect();
    let new_ops: BTreeMap<&str, &Operation> = new
        .operations
        .iter()
        .map(|o| (o.wire_name.as_str(), o))
        .collect();
    for (name, op) in &new_ops {
        let Some(before) = old_ops.get(name) else {
            changes.push(change(name, None, ChangeKind::OperationAdded));
            continue;
        };
        let route = |o: &Operation| format!("{} {}", o.http_method, o.http_uri);
        if route(before) != route(op) {
            let kind = ChangeKind::RouteChanged {
                old: route(before),
                new: route(op),
            };
            changes.push(change(name, None, kind));
        }
        for (side, was, is) in [
            (Side::Request, &before.input, &op.input),
            (Side::Response, &before.output, &op.output),
        ] {
            let (was, is) = (
                old.io_type(was.as_ref()).to_string(),
                new.io_type(is.as_ref()).to_string(),
            );
            if was != is {
                let mut c = change(
                    name,
                    Some(side.as_str()),
                    ChangeKind::IoChanged { old: was, new: is },
                );
                c.reached_by.push(Reach {
                    operation: name.to_string(),
                    side,
                    path: String::new(),
                });
                changes.push(c);
            }
        }
    }
    for name in old_ops.keys().filter(|n| !new_ops.contains_key(*n)) {
        changes.push(change(name, None, ChangeKind::OperationRemoved));
    }
    // Paginators and waiters of the operations both versions have.
    for (name, op) in &new_ops {
        let Some(before) = old_ops.get(name) else {
            continue;
        };
        let results = |o: &Operation| {
            o.paginator.as_ref().map(|p| {
                p.result_keys
                    .iter()
                    .map(|k| k.text.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        };
        match (results(before), results(op)) {
            (None, Some(_)) => changes.push(change(name, None, ChangeKind::PaginatorAdded)),
            (Some(_), None) => changes.push(change(name, None, ChangeKind::PaginatorRemoved)),
            (Some(old), Some(new)) if old != new => changes.push(change(
                name,
                None,
                ChangeKind::PaginatorResultsChanged { old, new },
            )),
            _ => {}
        }
        let waiters = |o: &Operation| -> BTreeSet<String> {
            o.waiters.iter().map(|w| w.wire_name.clone()).collect()
        };
        let (was, is) = (waiters(before), waiters(op));
        for waiter in is.difference(&was) {
            let kind = ChangeKind::WaiterAdded {
                waiter: waiter.clone(),
            };
            changes.push(change(name, None, kind));
        }
        for waiter in was.difference(&is) {
            let kind = ChangeKind::WaiterRemoved {
                waiter: waiter.clone(),
            };
            changes.push(change(name, None, kind));
        }
    }

    let old_reach = reaches(old);
    let new_reach = reaches(new);
    for (id, before) in &old.shapes {
        let Some(after) = new.shapes.get(id) else {
            continue;
        };
        let mut found = Vec::new();
        match (&before.kind, &after.kind) {
            (ShapeKind::Structure(b), ShapeKind::Structure(a)) => {
                for m in &a.members {
                    let Some(was) = b.members.iter().find(|x| x.wire_name == m.wire_name) else {
                        let rust_type = new.rust_type(&m.target).to_string();
                        found.push((
                            Some(m.wire_name.clone()),
                            ChangeKind::MemberAdded {
                                required: m.required,
                                rust_type,
                            },
                            true,
                        ));
                        continue;
                    };
                    let (t_was, t_is) = (
                        old.rust_type(&was.target).to_string(),
                        new.rust_type(&m.target).to_string(),
                    );
                    if t_was != t_is {
                        found.push((
                            Some(m.wire_name.clone()),
                            ChangeKind::MemberTypeChanged {
                                old: t_was,
                                new: t_is,
                            },
                            true,
                        ));
                    }
                    if was.required != m.required {
                        let kind = if m.required {
                            ChangeKind::MemberNowRequired
                        } else {
                            ChangeKind::MemberNowOptional
                        };
                        found.push((Some(m.wire_name.clone()), kind, true));
                    }
                    let (s_was, s_is) = (was.secret, m.secret);
                    if s_was != s_is {
                        found.push((
                            Some(m.wire_name.clone()),
                            ChangeKind::MemberSensitivityChanged { sensitive: s_is },
                            true,
                        ));
                    }
                }
                for m in b
                    .members
                    .iter()
                    .filter(|m| !a.members.iter().any(|x| x.wire_name == m.wire_name))
                {
                    found.push((Some(m.wire_name.clone()), ChangeKind::MemberRemoved, false));
                }
            }
            (ShapeKind::Enum(b), ShapeKind::Enum(a)) => {
                for v in a
                    .values
                    .iter()
                    .filter(|v| !b.values.iter().any(|x| x.wire_name == v.wire_name))
                {
                    found.push((
                        None,
                        ChangeKind::EnumValueAdded {
                            value: v.wire_name.clone(),
                        },
                        true,
                    ));
                }
                for v in b
                    .values
                    .iter()
                    .filter(|v| !a.values.iter().any(|x| x.wire_name == v.wire_name))
                {
                    found.push((
                        None,
                        ChangeKind::EnumValueRemoved {
                            value: v.wire_name.clone(),
                        },
                        false,
                    ));
                }
            }
            _ => {}
        }
        for (member, kind, in_new) in found {
            let reach = if in_new { &new_reach } else { &old_reach };
            let reached_by = reach
                .get(id)
                .into_iter()
                .flatten()
                .map(|r| Reach {
                    path: join(&r.path, member.as_deref()),
                    ..r.clone()
                })
                .collect();
            changes.push(Change {
                service: new.stem.clone(),
                subject: after.rust_name.clone(),
                member,
                kind,
                reached_by,
            });
        }
    }
}

fn join(path: &str, member: Option<&str>) -> String {
    match (path.is_empty(), member) {
        (_, None) => path.to_owned(),
        (true, Some(m)) => m.to_owned(),
        (false, Some(m)) => format!("{path}.{m}"),
    }
}

/// For every named shape, where each operation reaches it: a structure at the path of the member
/// holding it (`""` for an operation's input or output itself), an enum at the path of the member
/// using it.
fn reaches(service: &Service) -> BTreeMap<ShapeId, BTreeSet<Reach>> {
    let mut out: BTreeMap<ShapeId, BTreeSet<Reach>> = BTreeMap::new();
    for op in &service.operations {
        for (side, root) in [(Side::Request, &op.input), (Side::Response, &op.output)] {
            if let Some(root) = root {
                let mut stack = Vec::new();
                walk(
                    service,
                    root,
                    String::new(),
                    &op.wire_name,
                    side,
                    &mut stack,
                    &mut out,
                );
            }
        }
    }
    out
}

fn walk(
    service: &Service,
    id: &ShapeId,
    path: String,
    operation: &str,
    side: Side,
    stack: &mut Vec<ShapeId>,
    out: &mut BTreeMap<ShapeId, BTreeSet<Reach>>,
) {
    let Some(shape) = service.shape(id) else {
        return;
    };
    match &shape.kind {
        ShapeKind::Structure(structure) => {
            if stack.contains(id) {
                return;
            }
            out.entry(id.clone()).or_default().insert(Reach {
                operation: operation.to_owned(),
                side,
                path: path.clone(),
            });
            stack.push(id.clone());
            for m in &structure.members {
                walk(
                    service,
                    &m.target,
                    join(&path, Some(&m.wire_name)),
                    operation,
                    side,
                    stack,
                    out,
                );
            }
            stack.pop();
        }
        ShapeKind::Enum(_) => {
            out.entry(id.clone()).or_default().insert(Reach {
                operation: operation.to_owned(),
                side,
                path,
            });
        }
        ShapeKind::List { member } => walk(service, member, path, operation, side, stack, out),
        ShapeKind::Map { key, value } => {
            walk(service, key, path.clone(), operation, side, stack, out);
            walk(service, value, path, operation, side, stack, out);
        }
        _ => {}
    }
}

/// A node of the release-notes notation: a value, or members by name.
enum Note {
    Leaf(String),
    Values(BTreeSet<String>),
    Members(BTreeMap<String, Note>),
}

impl Note {
    fn insert(&mut self, segments: &[&str], leaf: Note) {
        let Note::Members(members) = self else {
            return;
        };
        match segments {
            [] => {}
            [last] => match (members.get_mut(*last), leaf) {
                (Some(Note::Values(values)), Note::Values(more)) => values.extend(more),
                (_, leaf) => {
                    members.insert((*last).to_owned(), leaf);
                }
            },
            [first, rest @ ..] => {
                let child = members
                    .entry((*first).to_owned())
                    .or_insert_with(|| Note::Members(BTreeMap::new()));
                if !matches!(child, Note::Members(_)) {
                    *child = Note::Members(BTreeMap::new());
                }
                child.insert(rest, leaf);
            }
        }
    }

    fn render(&self, out: &mut String) {
        match self {
            Note::Leaf(text) => out.push_str(text),
            Note::Values(values) => {
                let quoted: Vec<String> = values.iter().map(|v| quote(v)).collect();
                let _ = write!(out, "{{{}}}", quoted.join(", "));
            }
            Note::Members(members) => {
                out.push('{');
                for (i, (name, note)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{}: ", quote(name));
                    note.render(out);
                }
                out.push('}');
            }
        }
    }
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A shape in the release notes' notation: `'string'`, `'A | B'`, `['A | B']`, `{...}`.
fn notation(service: &Service, id: &ShapeId, stack: &mut Vec<ShapeId>) -> String {
    let Some(shape) = service.shape(id) else {
        return quote(&id.0);
    };
    match &shape.kind {
        ShapeKind::Structure(structure) => {
            if stack.contains(id) {
                return format!("{{...{}}}", shape.wire_name);
            }
            stack.push(id.clone());
            let mut members: Vec<(&str, String)> = structure
                .members
                .iter()
                .map(|m| (m.wire_name.as_str(), notation(service, &m.target, stack)))
                .collect();
            stack.pop();
            members.sort();
            let parts: Vec<String> = members
                .iter()
                .map(|(n, v)| format!("{}: {v}", quote(n)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        ShapeKind::Enum(values) => {
            let names: Vec<&str> = values.values.iter().map(|v| v.wire_name.as_str()).collect();
            quote(&names.join(" | "))
        }
        ShapeKind::List { member } => format!("[{}]", notation(service, member, stack)),
        ShapeKind::Map { key, value } => {
            format!(
                "{{{}: {}}}",
                notation(service, key, stack),
                notation(service, value, stack)
            )
        }
        ShapeKind::String => quote("string"),
        ShapeKind::Integer => quote("integer"),
        ShapeKind::Long => quote("long"),
        ShapeKind::Float => quote("float"),
        ShapeKind::Double => quote("double"),
        ShapeKind::Boolean => quote("boolean"),
        ShapeKind::Timestamp { .. } => quote("timestamp"),
        ShapeKind::Blob => quote("blob"),
        ShapeKind::Document => quote("document"),
    }
}

/// The release-notes form: per service and operation, `Op (updated|new|removed)`, the sides that
/// changed, and the nested summary of what changed on each.
pub fn render_notes(changes: &[Change], new: &Ir) -> String {
    let mut out = String::new();
    let services: BTreeSet<&str> = changes.iter().map(|c| c.service.as_str()).collect();
    for stem in services {
        let service = new.services.iter().find(|s| s.stem == stem);
        let _ = writeln!(out, "{stem}");
        let mut ops: BTreeMap<&str, (&str, BTreeMap<Side, Note>)> = BTreeMap::new();
        for c in changes.iter().filter(|c| c.service == stem) {
            match c.kind {
                ChangeKind::OperationAdded => {
                    ops.entry(&c.subject).or_insert(("new", BTreeMap::new())).0 = "new";
                    continue;
                }
                ChangeKind::OperationRemoved => {
                    ops.entry(&c.subject)
                        .or_insert(("removed", BTreeMap::new()))
                        .0 = "removed";
                    continue;
                }
                ChangeKind::RouteChanged { .. } => {
                    ops.entry(&c.subject)
                        .or_insert(("updated", BTreeMap::new()));
                    continue;
                }
                _ if c.kind.is_client() => {
                    ops.entry(&c.subject)
                        .or_insert(("updated", BTreeMap::new()));
                    continue;
                }
                _ => {}
            }
            for reach in &c.reached_by {
                let entry = ops
                    .entry(&reach.operation)
                    .or_insert(("updated", BTreeMap::new()));
                let note = entry
                    .1
                    .entry(reach.side)
                    .or_insert_with(|| Note::Members(BTreeMap::new()));
                let leaf = leaf(c, service);
                let segments: Vec<&str> = reach.path.split('.').filter(|s| !s.is_empty()).collect();
                if segments.is_empty() {
                    *note = leaf;
                } else {
                    note.insert(&segments, leaf);
                }
            }
        }
        for (name, (status, sides)) in &ops {
            let _ = writeln!(out, "\n{name} ({status})");
            if let Some(c) = changes.iter().find(|c| {
                c.service == stem
                    && c.subject == *name
                    && matches!(c.kind, ChangeKind::RouteChanged { .. })
            }) {
                let _ = writeln!(out, "Changes (route)\n{}", c.describe());
            }
            let client: Vec<String> = changes
                .iter()
                .filter(|c| c.service == stem && c.subject == *name && c.kind.is_client())
                .map(Change::describe)
                .collect();
            if !client.is_empty() {
                let _ = writeln!(out, "Changes (paginators, waiters)\n{}", client.join("\n"));
            }
            if sides.is_empty() {
                continue;
            }
            let names: Vec<&str> = sides.keys().map(|s| s.as_str()).collect();
            let _ = writeln!(out, "Changes ({})", names.join(", "));
            for (side, note) in sides {
                let title = match side {
                    Side::Request => "Request",
                    Side::Response => "Response",
                };
                let mut text = String::new();
                note.render(&mut text);
                let _ = writeln!(out, "{title}\n{text}");
            }
        }
        out.push('\n');
    }
    out
}

fn leaf(change: &Change, service: Option<&Service>) -> Note {
    match &change.kind {
        ChangeKind::EnumValueAdded { value } => Note::Values(BTreeSet::from([value.clone()])),
        ChangeKind::MemberAdded { .. } => {
            let target = service.and_then(|s| {
                let shape = s.shapes.values().find(|x| x.rust_name == change.subject)?;
                let ShapeKind::Structure(structure) = &shape.kind else {
                    return None;
                };
                let member = structure
                    .members
                    .iter()
                    .find(|m| Some(&m.wire_name) == change.member.as_ref())?;
                Some(notation(s, &member.target, &mut Vec::new()))
            });
            Note::Leaf(target.unwrap_or_else(|| quote("?")))
        }
        _ => Note::Leaf(quote(&format!("<{}>", change.describe()))),
    }
}

/// The verdict form: a line per change, breaking or compatible, with the reason and the
/// operations that reach it; then a count.
pub fn render_verdicts(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let verdict = if c.breaking() {
            "breaking"
        } else {
            "compatible"
        };
        let _ = writeln!(out, "{verdict:<10}  {} {}", c.service, c.describe());
        let _ = writeln!(out, "            because {}", c.reason());
        if !c.reached_by.is_empty() {
            let mut by: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for r in &c.reached_by {
                let sides = by.entry(&r.operation).or_default();
                if !sides.contains(&r.side.as_str()) {
                    sides.push(r.side.as_str());
                }
            }
            let list: Vec<String> = by
                .iter()
                .map(|(op, sides)| format!("{op} ({})", sides.join(", ")))
                .collect();
            let _ = writeln!(out, "            reached by {}", list.join(", "));
        }
    }
    let breaking = changes.iter().filter(|c| c.breaking()).count();
    let _ = writeln!(
        out,
        "{} change{}, {breaking} breaking",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    );
    out
}

/// One row of the JSON form.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    /// The model file's stem.
    pub service: &'a str,
    /// The operation (for shape changes, one row per operation and side that reaches it).
    pub operation: Option<&'a str>,
    /// `request`, `response`, or absent for operation-level changes.
    pub side: Option<Side>,
    /// The member path from the operation's input or output.
    pub path: &'a str,
    /// The changed shape, for shape changes.
    pub shape: Option<&'a str>,
    /// What changed, with its details.
    #[serde(flatten)]
    pub change: &'a ChangeKind,
    /// Whether it breaks users of the generated crate.
    pub breaking: bool,
    /// Why.
    pub reason: String,
}

/// The JSON form: an array of rows, one per change and operation side that reaches it.
pub fn render_json(changes: &[Change]) -> Result<String, serde_json::Error> {
    let mut rows = Vec::new();
    for c in changes {
        let operation_level = matches!(
            c.kind,
            ChangeKind::OperationAdded
                | ChangeKind::OperationRemoved
                | ChangeKind::RouteChanged { .. }
        ) || c.kind.is_client();
        if operation_level || c.reached_by.is_empty() {
            rows.push(Row {
                service: &c.service,
                operation: operation_level.then_some(c.subject.as_str()),
                side: None,
                path: c.member.as_deref().unwrap_or_default(),
                shape: (!operation_level).then_some(c.subject.as_str()),
                change: &c.kind,
                breaking: c.breaking(),
                reason: c.reason(),
            });
            continue;
        }
        for r in &c.reached_by {
            rows.push(Row {
                service: &c.service,
                operation: Some(&r.operation),
                side: Some(r.side),
                path: &r.path,
                shape: (!matches!(c.kind, ChangeKind::IoChanged { .. }))
                    .then_some(c.subject.as_str()),
                change: &c.kind,
                breaking: c.breaking(),
                reason: c.reason(),
            });
        }
    }
    serde_json::to_string_pretty(&rows).map(|mut s| {
        s.push('\n');
        s
    })
}

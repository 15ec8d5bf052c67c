//! Merges what a page says of an operation into a model document, keeping what the page cannot
//! know: the routes of existing operations, `sensitive`, shape names already chosen, and the
//! documentation of what the page does not document.
//!
//! - A member, enum value or `[REQUIRED]` on the page and not in the model is added; a member the
//!   model has and the page (which shows each operation in full) lacks is removed; a request
//!   member the page does not mark `[REQUIRED]` is no longer required.
//! - A new structure reuses the shape its member name leads to (a shape of that name, or one
//!   that members of the same name use) when it has the same members; otherwise it gets the
//!   member's name, or the one a names file gives.
//! - A new operation gets `POST /<Operation>` and `<Operation>Request`/`<Operation>Response`.

use std::collections::BTreeSet;

use super::docs::Docs;
use super::json::Json;
use super::literal::Node;
use super::names::{Names, owner, pascal, singular};
use super::page::PageOperation;
use crate::ir::Side;

/// What merging one operation did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Merged {
    /// One line per change: `Stage.endpoints: member added`.
    pub notes: Vec<String>,
    /// Operations added, which need a review (route, errors, secrets).
    pub review: Vec<String>,
    /// New shapes that need a name: a names-file line each.
    pub unnamed: Vec<String>,
}

/// Where a value is: for names, reuse and documentation.
#[derive(Clone)]
struct Place<'p> {
    /// `a.b.c` below the operation's input or output.
    path: String,
    /// The structure holding the member.
    parent: &'p str,
    /// The member's name.
    member: &'p str,
    /// Whether the value is a list element or map value of the member.
    element: bool,
}

impl Place<'_> {
    /// The same place, for the list element or map value of the member.
    fn element(&self) -> Self {
        Place {
            element: true,
            ..self.clone()
        }
    }
}

struct Merger<'a> {
    shapes: Json,
    names: &'a Names,
    operation: &'a str,
    side: Side,
    docs: &'a Docs,
    merged: Merged,
    /// Shapes this merge created: their members are not listed one by one.
    created: BTreeSet<String>,
}

/// Merges `operation` into `model`.
pub fn merge_operation(model: &mut Json, operation: &PageOperation, names: &Names) -> Merged {
    let name = operation.name.as_str();
    let mut merged = Merged::default();
    let empty = || Json::Object(Vec::new());
    let mut operations = model.get("operations").cloned().unwrap_or_else(empty);
    let shapes = model.get("shapes").cloned().unwrap_or_else(empty);
    let existing = operations.get(name).cloned();
    let mut op = existing.clone().unwrap_or_else(|| {
        merged
            .notes
            .push(format!("{name}: new operation, POST /{name}"));
        merged.review.push(name.to_owned());
        Json::object([
            ("name", Json::str(name)),
            (
                "http",
                Json::object([
                    ("method", Json::str("POST")),
                    ("requestUri", Json::str(&format!("/{name}"))),
                    ("responseCode", Json::Number(200.into())),
                ]),
            ),
        ])
    });
    let mut merger = Merger {
        shapes,
        names,
        operation: name,
        side: Side::Request,
        docs: &operation.request_docs,
        merged,
        created: BTreeSet::new(),
    };
    let input = merger.io_shape(&mut op, "input", "Request", "The input of");
    merger.merge_structure(&input, &operation.request, "");
    match &operation.response {
        Some((members, docs)) => {
            merger.side = Side::Response;
            merger.docs = docs;
            let output = merger.io_shape(&mut op, "output", "Response", "The output of");
            merger.merge_structure(&output, members, "");
        }
        None => {
            if op.remove("output").is_some() {
                merger
                    .merged
                    .notes
                    .push(format!("{name}: output removed (the page returns None)"));
            }
        }
    }
    if !operation.documentation.is_empty()
        && op.get("documentation").and_then(Json::as_str) != Some(&operation.documentation)
    {
        op.set("documentation", Json::str(&operation.documentation), &[]);
        if existing.is_some() {
            merger
                .merged
                .notes
                .push(format!("{name}: documentation updated"));
        }
    }
    operations.set_sorted(name, op);
    let Merger {
        shapes: merged_shapes,
        merged,
        ..
    } = merger;
    model.set("operations", operations, &["shapes"]);
    model.set("shapes", merged_shapes, &[]);
    merged
}

/// Removes the shapes no operation reaches any more that `before` reached, and the new ones
/// nothing reaches (`existed` are the shapes there were); says so for the former.
pub fn remove_unreached(
    model: &mut Json,
    before: &BTreeSet<String>,
    existed: &BTreeSet<String>,
    notes: &mut Vec<String>,
) {
    let reached = reached(model);
    let Some(Json::Object(shapes)) = model.get_mut("shapes") else {
        return;
    };
    shapes.retain(|(name, _)| {
        let remove = !reached.contains(name) && (before.contains(name) || !existed.contains(name));
        if remove && before.contains(name) {
            notes.push(format!(
                "{name}: shape removed (no operation uses it any more)"
            ));
        }
        !remove
    });
}

/// Every shape an operation reaches.
pub fn reached(model: &Json) -> BTreeSet<String> {
    let empty = Json::Null;
    let shapes = model.get("shapes").unwrap_or(&empty);
    let mut stack: Vec<String> = Vec::new();
    for (_, op) in model.get("operations").map_or(&[][..], Json::entries) {
        for key in ["input", "output"] {
            if let Some(name) = op
                .get(key)
                .and_then(|r| r.get("shape"))
                .and_then(Json::as_str)
            {
                stack.push(name.to_owned());
            }
        }
        for error in op.get("errors").map_or(&[][..], Json::items) {
            if let Some(name) = error.get("shape").and_then(Json::as_str) {
                stack.push(name.to_owned());
            }
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(shape) = shapes.get(&name) else {
            continue;
        };
        for (_, member) in shape.get("members").map_or(&[][..], Json::entries) {
            stack.extend(target(member));
        }
        for key in ["member", "key", "value"] {
            stack.extend(shape.get(key).and_then(target));
        }
    }
    seen
}

fn target(reference: &Json) -> Option<String> {
    reference
        .get("shape")
        .and_then(Json::as_str)
        .map(str::to_owned)
}

impl Merger<'_> {
    fn note(&mut self, line: String) {
        self.merged.notes.push(line);
    }

    /// A note about structure `shape`, unless this merge created it.
    fn note_on(&mut self, shape: &str, line: String) {
        if !self.created.contains(shape) {
            self.merged.notes.push(line);
        }
    }

    fn shape(&self, name: &str) -> Option<&Json> {
        self.shapes.get(name)
    }

    fn kind(&self, name: &str) -> &str {
        self.shape(name)
            .and_then(|s| s.get("type"))
            .and_then(Json::as_str)
            .unwrap_or_default()
    }

    /// `Operation.side.path`, as a names file names a place.
    fn place_name(&self, path: &str) -> String {
        let side = match self.side {
            Side::Request => "request",
            Side::Response => "response",
        };
        format!("{}.{side}.{path}", self.operation)
    }

    /// The operation's input or output structure, created when it has none.
    fn io_shape(&mut self, op: &mut Json, key: &str, suffix: &str, doc: &str) -> String {
        if let Some(name) = op.get(key).and_then(target)
            && self.shape(&name).is_some()
        {
            return name;
        }
        let name = format!("{}{suffix}", self.operation);
        op.set(
            key,
            Json::object([("shape", Json::str(&name))]),
            &["output", "errors", "documentation"],
        );
        if self.shape(&name).is_none() {
            let shape = Json::object([
                ("type", Json::str("structure")),
                ("members", Json::Object(Vec::new())),
                (
                    "documentation",
                    Json::str(&format!("{doc} {}.", self.operation)),
                ),
            ]);
            self.shapes.set_sorted(&name, shape);
            self.created.insert(name.clone());
        }
        name
    }

    /// Merges the page's `members` into structure `name`.
    fn merge_structure(&mut self, name: &str, members: &[(String, Node)], prefix: &str) {
        for (member, node) in members {
            let path = if prefix.is_empty() {
                member.clone()
            } else {
                format!("{prefix}.{member}")
            };
            let doc = self.docs.get(&path).cloned().unwrap_or_default();
            let place = Place {
                path: path.clone(),
                parent: name,
                member,
                element: false,
            };
            let current = self
                .shape(name)
                .and_then(|s| s.get("members"))
                .and_then(|m| m.get(member))
                .and_then(target);
            match current {
                Some(current) => {
                    if let Some(retarget) = self.merge_value(&current, node, &place) {
                        self.note(format!(
                            "{name}.{member}: now a {} ({retarget}, was {current})",
                            node.doc_type()
                        ));
                        self.edit_member(name, member, |m| {
                            m.set("shape", Json::str(&retarget), &[]);
                        });
                    }
                    let old = self
                        .shape(name)
                        .and_then(|s| s.get("members"))
                        .and_then(|m| m.get(member))
                        .and_then(|m| m.get("documentation"))
                        .and_then(Json::as_str);
                    if !doc.text.is_empty() && old != Some(&doc.text) {
                        let text = doc.text.clone();
                        self.edit_member(name, member, |m| {
                            m.set("documentation", Json::String(text), &[]);
                        });
                    }
                }
                None => {
                    let target = self.shape_for(node, &place, &doc.text);
                    let mut entry = vec![("shape".to_owned(), Json::str(&target))];
                    if !doc.text.is_empty() {
                        entry.push(("documentation".to_owned(), Json::str(&doc.text)));
                    }
                    if let Some(Json::Object(list)) =
                        self.shapes.get_mut(name).and_then(|s| s.get_mut("members"))
                    {
                        list.push((member.clone(), Json::Object(entry)));
                    }
                    self.note_on(name, format!("{name}.{member}: member added"));
                }
            }
            if self.side == Side::Request {
                self.set_required(name, member, doc.required);
            }
        }
        let on_page: BTreeSet<&str> = members.iter().map(|(m, _)| m.as_str()).collect();
        let gone: Vec<String> = self
            .shape(name)
            .and_then(|s| s.get("members"))
            .map_or(&[][..], Json::entries)
            .iter()
            .map(|(m, _)| m.clone())
            .filter(|m| !on_page.contains(m.as_str()))
            .collect();
        for member in gone {
            if let Some(list) = self.shapes.get_mut(name).and_then(|s| s.get_mut("members")) {
                list.remove(&member);
            }
            self.set_required(name, &member, false);
            self.note(format!(
                "{name}.{member}: member removed (the page shows the {} without it)",
                match self.side {
                    Side::Request => "request",
                    Side::Response => "response",
                }
            ));
        }
    }

    fn edit_member(&mut self, shape: &str, member: &str, edit: impl FnOnce(&mut Json)) {
        if let Some(m) = self
            .shapes
            .get_mut(shape)
            .and_then(|s| s.get_mut("members"))
            .and_then(|m| m.get_mut(member))
        {
            edit(m);
        }
    }

    fn set_required(&mut self, shape: &str, member: &str, required: bool) {
        let Some(structure) = self.shapes.get_mut(shape) else {
            return;
        };
        let mut list: Vec<Json> = structure
            .get("required")
            .map_or(&[][..], Json::items)
            .to_vec();
        let listed = list.iter().any(|m| m.as_str() == Some(member));
        if listed == required {
            return;
        }
        if required {
            list.push(Json::str(member));
        } else {
            list.retain(|m| m.as_str() != Some(member));
        }
        if list.is_empty() {
            structure.remove("required");
        } else {
            structure.set("required", Json::Array(list), &["members"]);
        }
        let now = if required {
            "now required"
        } else {
            "no longer required"
        };
        self.note_on(shape, format!("{shape}.{member}: {now}"));
    }

    /// Merges a page value into the model's shape `current`; when the shape cannot hold it (its
    /// kind differs), the shape the member must use instead.
    fn merge_value(&mut self, current: &str, node: &Node, place: &Place<'_>) -> Option<String> {
        let shape = self.shape(current).cloned().unwrap_or(Json::Null);
        let is_enum = shape.get("enum").is_some();
        match (node, self.kind(current)) {
            (Node::Structure(members), "structure") => {
                self.merge_structure(current, members, &place.path);
                None
            }
            (Node::List(inner), "list") => {
                let element = shape.get("member").and_then(target).unwrap_or_default();
                let replaced = self.merge_value(&element, inner, &place.element())?;
                Some(self.list_of(&replaced, place))
            }
            (Node::Map(inner), "map") => {
                let value = shape.get("value").and_then(target).unwrap_or_default();
                let replaced = self.merge_value(&value, inner, &place.element())?;
                Some(self.map_of(&replaced, place))
            }
            (Node::Enum(values), "string") if is_enum => {
                let known: Vec<String> = shape
                    .get("enum")
                    .map_or(&[][..], Json::items)
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                for value in values.iter().filter(|v| !known.contains(v)) {
                    if let Some(Json::Array(list)) =
                        self.shapes.get_mut(current).and_then(|s| s.get_mut("enum"))
                    {
                        list.push(Json::str(value));
                    }
                    self.note(format!("{current}: enum value {value} added"));
                }
                None
            }
            (Node::String, "string") if !is_enum => None,
            (Node::Integer, "integer" | "long")
            | (Node::Float, "float" | "double")
            | (Node::Boolean, "boolean")
            | (Node::Timestamp, "timestamp")
            | (Node::Blob, "blob") => None,
            _ => Some(self.shape_for(node, place, "")),
        }
    }

    /// The shape for a value the model does not have yet: reused or new.
    fn shape_for(&mut self, node: &Node, place: &Place<'_>, doc: &str) -> String {
        let (definition, default, doc) = match node {
            Node::List(inner) => {
                let element = self.shape_for(inner, &place.element(), doc);
                return self.list_of(&element, place);
            }
            Node::Map(inner) => {
                let value = self.shape_for(inner, &place.element(), doc);
                return self.map_of(&value, place);
            }
            Node::Structure(members) => {
                let name = self.structure_for(members, place, doc);
                // A structure still to be named is not merged anywhere.
                if !name.starts_with('?') {
                    self.merge_structure(&name, members, &place.path);
                }
                return name;
            }
            Node::Enum(values) => {
                let member = if place.element {
                    singular(place.member)
                } else {
                    place.member.to_owned()
                };
                let definition = Json::object([
                    ("type", Json::str("string")),
                    (
                        "enum",
                        Json::Array(values.iter().map(|v| Json::str(v)).collect()),
                    ),
                ]);
                let default = format!("{}{}", owner(place.parent), pascal(&member));
                let candidates = self.led_to(place.member);
                return self.find_or_create(definition, &default, candidates, place, doc);
            }
            Node::String => primitive("string", "String", "A string."),
            Node::Integer => primitive("integer", "Integer", "An integer."),
            Node::Float => primitive("float", "Float", "A float."),
            Node::Boolean => primitive("boolean", "Boolean", "A boolean."),
            Node::Blob => primitive("blob", "Blob", "Binary data."),
            Node::Timestamp => {
                let (mut definition, name, doc) =
                    primitive("timestamp", "Timestamp", "A point in time.");
                definition.set("timestampFormat", Json::str("iso8601"), &[]);
                (definition, name, doc)
            }
        };
        let candidates = self.identical(&definition);
        self.find_or_create(definition, default, candidates, place, doc)
    }

    fn list_of(&mut self, element: &str, place: &Place<'_>) -> String {
        let definition = Json::object([
            ("type", Json::str("list")),
            ("member", Json::object([("shape", Json::str(element))])),
        ]);
        let candidates = self.identical(&definition);
        let doc = format!("A list of {element}.");
        self.find_or_create(
            definition,
            &format!("{element}List"),
            candidates,
            place,
            &doc,
        )
    }

    fn map_of(&mut self, value: &str, place: &Place<'_>) -> String {
        let key = self.shape_for(&Node::String, place, "");
        let definition = Json::object([
            ("type", Json::str("map")),
            ("key", Json::object([("shape", Json::str(&key))])),
            ("value", Json::object([("shape", Json::str(value))])),
        ]);
        let mut candidates = self.identical(&definition);
        let led: BTreeSet<String> = self.led_to(place.member);
        candidates.retain(|c| led.contains(c));
        let doc = format!("A map of {key} to {value}.");
        self.find_or_create(definition, &pascal(place.member), candidates, place, &doc)
    }

    /// The structure a new structure value goes to: chosen in the names file, or an existing
    /// shape with the same members that its member name leads to, or a new one named after the
    /// member.
    fn structure_for(
        &mut self,
        members: &[(String, Node)],
        place: &Place<'_>,
        doc: &str,
    ) -> String {
        let wanted: BTreeSet<&str> = members.iter().map(|(m, _)| m.as_str()).collect();
        let member = if place.element {
            singular(place.member)
        } else {
            place.member.to_owned()
        };
        let default = pascal(&member);
        let mut candidates = self.led_to(place.member);
        candidates.insert(default.clone());
        candidates.retain(|c| {
            self.kind(c) == "structure"
                && self
                    .shape(c)
                    .and_then(|s| s.get("members"))
                    .map(|m| {
                        m.entries()
                            .iter()
                            .map(|(k, _)| k.as_str())
                            .collect::<BTreeSet<_>>()
                    })
                    .is_some_and(|have| have == wanted)
        });
        let definition = Json::object([
            ("type", Json::str("structure")),
            ("members", Json::Object(Vec::new())),
        ]);
        self.find_or_create(definition, &default, candidates, place, doc)
    }

    /// Every shape that members named `member` use, looking through lists and maps.
    fn led_to(&self, member: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        for (_, shape) in self.shapes.entries() {
            let Some(start) = shape
                .get("members")
                .and_then(|m| m.get(member))
                .and_then(target)
            else {
                continue;
            };
            let mut next = Some(start);
            while let Some(name) = next.take() {
                if !found.insert(name.clone()) {
                    break;
                }
                next = self
                    .shape(&name)
                    .and_then(|s| s.get("member").or_else(|| s.get("value")))
                    .and_then(target);
            }
        }
        found
    }

    /// Shapes defined exactly as `definition` (documentation aside; enum values as a set).
    fn identical(&self, definition: &Json) -> BTreeSet<String> {
        self.shapes
            .entries()
            .iter()
            .filter(|(_, shape)| same_definition(shape, definition))
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// Reuses the one candidate, or the names file's choice, or creates `default`; a taken or
    /// ambiguous name is recorded for the names file.
    fn find_or_create(
        &mut self,
        definition: Json,
        default: &str,
        candidates: BTreeSet<String>,
        place: &Place<'_>,
        doc: &str,
    ) -> String {
        let at = self.place_name(&place.path);
        let structural = matches!(
            definition.get("type").and_then(Json::as_str),
            Some("structure")
        ) || definition.get("enum").is_some();
        if structural && let Some(chosen) = self.names.get(&at) {
            let chosen = chosen.to_owned();
            if self.shape(&chosen).is_none() {
                self.create(&chosen, definition, doc);
            } else if !same_kind(self.shape(&chosen), &definition) {
                self.merged.unnamed.push(format!(
                    "{at} = ?  # the names file chose `{chosen}`, which is another kind of shape"
                ));
            } else if let Some(values) = definition.get("enum") {
                let values: Vec<String> = values
                    .items()
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                let _ = self.merge_value(&chosen, &Node::Enum(values), place);
            }
            return chosen;
        }
        let matching: Vec<&String> = candidates
            .iter()
            .filter(|c| same_definition_or_structure(self.shape(c), &definition))
            .collect();
        if let Some(first) = matching.first() {
            let exact = matching.iter().any(|c| *c == default);
            if matching.len() == 1 || exact || !structural {
                let chosen = if exact {
                    default.to_owned()
                } else {
                    (*first).clone()
                };
                return chosen;
            }
            let listed: Vec<String> = matching.iter().map(|c| format!("`{c}`")).collect();
            self.merged.unnamed.push(format!(
                "{at} = ?  # ambiguous: {} have the same members",
                listed.join(", ")
            ));
            return format!("?{default}");
        }
        if self.shape(default).is_none() {
            self.create(default, definition, doc);
            return default.to_owned();
        }
        self.merged.unnamed.push(format!(
            "{at} = ?  # `{default}` is taken by a shape with other contents"
        ));
        // Not a shape name, so that nothing merges into or reuses it; the import fails anyway.
        format!("?{default}")
    }

    fn create(&mut self, name: &str, mut definition: Json, doc: &str) {
        if !doc.is_empty() {
            definition.set("documentation", Json::str(doc), &[]);
        }
        self.shapes.set_sorted(name, definition);
        self.created.insert(name.to_owned());
        self.note(format!("{name}: new shape"));
    }
}

/// A primitive shape's definition, name and documentation.
fn primitive(
    kind: &str,
    name: &'static str,
    doc: &'static str,
) -> (Json, &'static str, &'static str) {
    (Json::object([("type", Json::str(kind))]), name, doc)
}

fn same_kind(shape: Option<&Json>, definition: &Json) -> bool {
    let kind = |s: &Json| {
        (
            s.get("type").and_then(Json::as_str).map(str::to_owned),
            s.get("enum").is_some(),
        )
    };
    shape.is_some_and(|s| kind(s) == kind(definition))
}

/// Structures match by member names (checked by the caller); other shapes by definition.
fn same_definition_or_structure(shape: Option<&Json>, definition: &Json) -> bool {
    let Some(shape) = shape else {
        return false;
    };
    if definition.get("type").and_then(Json::as_str) == Some("structure") {
        return shape.get("type").and_then(Json::as_str) == Some("structure");
    }
    same_definition(shape, definition)
}

/// Whether `shape` is defined as `definition`: same keys and values, documentation aside, enum
/// values as a set.
fn same_definition(shape: &Json, definition: &Json) -> bool {
    let keys = |j: &Json| -> BTreeSet<String> {
        j.entries()
            .iter()
            .map(|(k, _)| k.clone())
            .filter(|k| k != "documentation")
            .collect()
    };
    if keys(shape) != keys(definition) {
        return false;
    }
    definition
        .entries()
        .iter()
        .all(|(key, value)| match key.as_str() {
            "enum" => {
                let set = |j: &Json| -> BTreeSet<String> {
                    j.items()
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                };
                shape.get("enum").is_some_and(|e| set(e) == set(value))
            }
            _ => shape.get(key) == Some(value),
        })
}

//! A crate generated with only some operations is a subset of the whole one: every item it has
//! is in the whole crate, with the same name, docs and body, and the shapes only the other
//! operations reach are gone. Also: the errors a wrong choice gets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::LoadError;
use codegen::select::Selection;
use quote::ToTokens;

/// The operations of `ivs.json` the subset keeps: a paginated one, one with a structure list
/// in its output, one that creates a resource, one without output members.
const CHOSEN: &[&str] = &[
    "BatchGetChannel",
    "CreateStreamKey",
    "DeleteChannel",
    "ListChannels",
];

fn model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../model")
}

/// The generated crate's Rust files (its text by path) from `model/` with `selection`, and the
/// lowered models.
fn generate(selection: &Selection) -> (BTreeMap<PathBuf, String>, codegen::ir::Ir) {
    let files = codegen::read_dir(&model()).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let loaded =
        codegen::load_selected(files, selection).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let identity =
        codegen::manifest::for_dir(&model(), &loaded.ir).expect("model/crate.toml reads");
    let files = codegen::generate::crate_files(&loaded.ir, &identity, &[])
        .expect("the crate generates")
        .into_iter()
        .filter(|file| file.path.extension().is_some_and(|e| e == "rs"))
        .map(|file| (file.path, file.text))
        .collect();
    (files, loaded.ir)
}

/// An item as text: the item without its parts, and the parts. The parts of a trait or an impl
/// are its items, those of a constant array its elements (a list over the operations, which a
/// selection makes shorter); an inline module is without its items, which are items of their
/// own; any other item is whole, without parts.
#[derive(Debug, PartialEq)]
struct Entry {
    shell: String,
    parts: Vec<String>,
}

/// The items of a file, at any depth of inline modules, by module path and a key that names
/// them (kind and name; for an impl, its header, which several may share): what a user reaches
/// by name.
fn items(text: &str) -> BTreeMap<(String, String), Vec<Entry>> {
    fn texts<T: ToTokens>(parts: impl IntoIterator<Item = T>) -> Vec<String> {
        parts
            .into_iter()
            .map(|part| part.to_token_stream().to_string())
            .collect()
    }
    fn walk(module: &str, items: Vec<syn::Item>, out: &mut BTreeMap<(String, String), Vec<Entry>>) {
        for mut item in items {
            let key = key(&item);
            let parts = match &mut item {
                syn::Item::Mod(syn::ItemMod {
                    ident,
                    content: Some((_, inner)),
                    ..
                }) => {
                    let inner = std::mem::take(inner);
                    walk(&format!("{module}::{ident}"), inner, out);
                    Vec::new()
                }
                syn::Item::Trait(item) => texts(std::mem::take(&mut item.items)),
                syn::Item::Impl(item) => texts(std::mem::take(&mut item.items)),
                syn::Item::Const(item) => match &mut *item.expr {
                    syn::Expr::Reference(syn::ExprReference { expr, .. }) => match &mut **expr {
                        syn::Expr::Array(array) => texts(std::mem::take(&mut array.elems)),
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            let entry = Entry {
                shell: item.to_token_stream().to_string(),
                parts,
            };
            out.entry((module.to_owned(), key)).or_default().push(entry);
        }
    }
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("generated Rust parses: {e}"));
    let mut out = BTreeMap::new();
    walk("", file.items, &mut out);
    out
}

fn key(item: &syn::Item) -> String {
    let named = |kind: &str, ident: &syn::Ident| format!("{kind} {ident}");
    match item {
        syn::Item::Struct(i) => named("struct", &i.ident),
        syn::Item::Enum(i) => named("enum", &i.ident),
        syn::Item::Type(i) => named("type", &i.ident),
        syn::Item::Const(i) => named("const", &i.ident),
        syn::Item::Static(i) => named("static", &i.ident),
        syn::Item::Fn(i) => named("fn", &i.sig.ident),
        syn::Item::Trait(i) => named("trait", &i.ident),
        syn::Item::Mod(i) => named("mod", &i.ident),
        syn::Item::Impl(i) => {
            let of = i.trait_.as_ref().map(|(path, _)| quote::quote!(#path for));
            format!(
                "impl {} {} {} {}",
                i.generics.to_token_stream(),
                of.unwrap_or_default(),
                i.self_ty.to_token_stream(),
                i.generics.where_clause.to_token_stream()
            )
        }
        other => other.to_token_stream().to_string(),
    }
}

#[test]
fn a_selected_crate_is_a_subset_of_the_whole() {
    let (whole, whole_ir) = generate(&Selection::all());
    let selection = Selection::all().operations("select_operations.rs", "ivs", CHOSEN);
    let (subset, subset_ir) = generate(&selection);
    assert_eq!(
        whole.keys().collect::<Vec<_>>(),
        subset.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let mut compared = 0;
    for (path, text) in &subset {
        let whole_items = items(&whole[path]);
        for (key, entries) in items(text) {
            let (module, name) = &key;
            let at = format!("{}: {name} in `{module}`", path.display());
            let Some(full) = whole_items.get(&key) else {
                panic!("{at} is not in the whole crate");
            };
            for item in entries {
                let same = full.iter().any(|full| {
                    full.shell == item.shell && item.parts.iter().all(|p| full.parts.contains(p))
                });
                assert!(same, "{at} differs from the whole crate's: {item:#?}");
                compared += 1;
            }
        }
    }
    assert!(compared > 0);

    // The selected service has the operations chosen, the paginators of those that have one,
    // and no shape but those they reach; the other service is whole.
    let service = |ir: &codegen::ir::Ir, stem: &str| {
        ir.services
            .iter()
            .find(|s| s.stem == stem)
            .cloned()
            .unwrap_or_else(|| panic!("no {stem}"))
    };
    let (full, cut) = (service(&whole_ir, "ivs"), service(&subset_ir, "ivs"));
    let names: Vec<&str> = cut
        .operations
        .iter()
        .map(|o| o.wire_name.as_str())
        .collect();
    assert_eq!(names, CHOSEN);
    for operation in &cut.operations {
        let whole = full
            .operations
            .iter()
            .find(|o| o.wire_name == operation.wire_name)
            .expect("in the whole service");
        assert_eq!(operation.paginator.is_some(), whole.paginator.is_some());
    }
    assert!(cut.operations.iter().any(|o| o.paginator.is_some()));
    assert_eq!(
        service(&whole_ir, "ivs-realtime").shapes.len(),
        service(&subset_ir, "ivs-realtime").shapes.len()
    );
    let gone: Vec<&codegen::ir::Shape> = full
        .shapes
        .iter()
        .filter(|(id, _)| !cut.shapes.contains_key(*id))
        .map(|(_, shape)| shape)
        .collect();
    assert!(
        !gone.is_empty(),
        "the other operations reach shapes of their own"
    );
    let subset_items = items(&subset[Path::new("src/ivs.rs")]);
    for shape in gone {
        for kind in ["struct", "enum", "type"] {
            let name = format!("{kind} {}", shape.rust_name);
            assert!(
                !subset_items.keys().any(|(_, key)| *key == name),
                "{name} is reached by no chosen operation, yet generated"
            );
        }
    }
}

/// The rendered errors of loading `model/` with `selection`.
fn errors(selection: &Selection) -> String {
    let files = codegen::read_dir(&model()).unwrap_or_else(|e| panic!("{}", e.render(false)));
    match codegen::load_selected(files, selection) {
        Ok(_) => panic!("the selection names nothing wrong"),
        Err(error @ LoadError::Model { .. }) => error.render(false),
        Err(other) => panic!("not a model error: {other:?}"),
    }
}

#[test]
fn a_manifest_that_names_no_operation_or_service_of_the_models() {
    let text = "[package]\nname = \"ivs-models\"\n\n\
                [services.ivs]\noperations = [\"GetChannel\", \"GetChanel\"]\n\n\
                [services.ivs-realtim]\noperations = [\"GetStage\"]\n";
    let selection = codegen::manifest::selection_of(text, Path::new("model/crate.toml"))
        .expect("the manifest reads");
    insta::assert_snapshot!(errors(&selection));
}

#[test]
fn arguments_that_name_no_operation_of_the_models() {
    let selection = Selection::from_args(
        "--operations",
        ["ivs=ListChannel,GetStream", "ivs-realtime="],
    )
    .expect("the arguments read");
    insta::assert_snapshot!(errors(&selection));
}

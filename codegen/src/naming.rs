//! Rust names for wire names. The only module that calls `heck`: every name the generator emits
//! for something in a model comes from here, so keywords, leading digits and names that would
//! shadow the prelude or the generator's own items are handled once.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024 (strict and reserved) that can be written as raw identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: `r#self` is not valid Rust.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names a model shape must not take: prelude items (a glob import of a generated module
/// would shadow them) and the crate's `Operation` trait.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Err",
    "Eq",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Vec",
    // The crate's own trait.
    "Operation",
];

/// Method names that a member's setter must not take: the constructor and methods of the traits
/// every generated type implements, which an inherent method would hide.
const RESERVED_METHOD_NAMES: &[&str] = &[
    "new",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "serialize",
    "deserialize",
    "into",
    "to_owned",
    "default",
    "from",
];

/// Module names the generated crate's root already holds: the runtime (`support`), the items it
/// re-exports at the root (`wire`, `http`) and the client (`client`). A service module with one of
/// these names would collide with it (E0428) or, through the root's glob re-export, silently
/// shadow what the generated code refers to.
const RESERVED_MODULE_NAMES: &[&str] = &["support", "wire", "http", "client"];

/// The suffix that makes a reserved module name free: the AWS Support model's module is
/// `support_service`.
const RESERVED_MODULE_SUFFIX: &str = "_service";

/// The suffix that makes a reserved type or variant name free.
const RESERVED_SUFFIX: &str = "Value";

/// The name of the enum variant that keeps values the model does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// A type name (`UpperCamelCase`) for a shape, operation or service name.
pub fn type_name(wire: &str) -> String {
    let camel = camel(wire);
    if RESERVED_TYPE_NAMES.contains(&camel.as_str()) {
        format!("{camel}{RESERVED_SUFFIX}")
    } else {
        camel
    }
}

/// An enum variant name for an enum value: `FULL_HD` is `FullHd`, `1080p` is `_1080p`. A value
/// whose name would be the fallback variant's (`UNKNOWN`) becomes `UnknownValue`.
pub fn variant_name(wire: &str) -> String {
    let camel = camel(wire);
    if camel == UNKNOWN_VARIANT || camel == "Self" {
        format!("{camel}{RESERVED_SUFFIX}")
    } else {
        camel
    }
}

/// A field name (`snake_case`) for a member: `type` is `r#type`, `self` is `self_`, `3d` is `_3d`.
pub fn field_name(wire: &str) -> String {
    let snake = snake(wire);
    if NON_RAW_KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else if RAW_KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else {
        snake
    }
}

/// The chainable setter for a member whose field is `field` (as [`field_name`] made it).
pub fn setter_name(field: &str) -> String {
    let bare = field.strip_prefix("r#").unwrap_or(field);
    if RESERVED_METHOD_NAMES.contains(&bare) {
        format!("set_{bare}")
    } else {
        field.to_owned()
    }
}

/// The method of a service trait for an operation: `CreateChannel` is `create_channel`.
pub fn method_name(wire: &str) -> String {
    let field = field_name(wire);
    setter_name(&field)
}

/// A module name (`snake_case`) for a model file's stem: `ivs-realtime` is `ivs_realtime`, and a
/// name the crate's root already holds gets a suffix: `support` is `support_service`.
pub fn module_name(stem: &str) -> String {
    let module = field_name(stem);
    if RESERVED_MODULE_NAMES.contains(&module.as_str()) {
        format!("{module}{RESERVED_MODULE_SUFFIX}")
    } else {
        module
    }
}

fn camel(wire: &str) -> String {
    let camel = wire.to_upper_camel_case();
    if camel.is_empty() {
        "Empty".to_owned()
    } else if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{camel}")
    } else {
        camel
    }
}

fn snake(wire: &str) -> String {
    let snake = wire.to_snake_case();
    if snake.is_empty() {
        "empty".to_owned()
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_raw_keyword_is_a_raw_field() {
        for keyword in RAW_KEYWORDS {
            assert_eq!(field_name(keyword), format!("r#{keyword}"));
            assert!(
                syn::parse_str::<syn::Ident>(&field_name(keyword)).is_ok(),
                "{keyword}"
            );
        }
    }

    #[test]
    fn keywords_that_cannot_be_raw_get_an_underscore() {
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("Self"), "self_");
    }

    #[test]
    fn edition_2024_keyword_gen() {
        assert_eq!(field_name("gen"), "r#gen");
    }

    #[test]
    fn type_and_field_names() {
        assert_eq!(field_name("latencyMode"), "latency_mode");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("3dVideo"), "_3d_video");
        assert_eq!(type_name("ChannelSummary"), "ChannelSummary");
        assert_eq!(type_name("1080pConfig"), "_1080pConfig");
        assert_eq!(type_name("String"), "StringValue");
        assert_eq!(type_name("Option"), "OptionValue");
        assert_eq!(type_name("Result"), "ResultValue");
        assert_eq!(type_name("Self"), "SelfValue");
        assert_eq!(module_name("ivs-realtime"), "ivs_realtime");
    }

    #[test]
    fn modules_avoid_the_crate_roots_own_names() {
        for reserved in RESERVED_MODULE_NAMES {
            let module = module_name(reserved);
            assert_eq!(module, format!("{reserved}_service"));
            assert!(!RESERVED_MODULE_NAMES.contains(&module.as_str()));
        }
        assert_eq!(module_name("support"), "support_service");
        assert_eq!(module_name("Support"), "support_service");
        assert_eq!(module_name("support-app"), "support_app");
        assert_eq!(module_name("type"), "r#type");
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("FULL_HD"), "FullHd");
        assert_eq!(variant_name("AUDIO_VIDEO"), "AudioVideo");
        assert_eq!(variant_name("1080p"), "_1080p");
        assert_eq!(variant_name("UNKNOWN"), "UnknownValue");
        assert_eq!(variant_name("Unknown"), "UnknownValue");
        assert_eq!(variant_name("ADVANCED_SD"), "AdvancedSd");
    }

    #[test]
    fn setters_avoid_the_constructor_and_trait_methods() {
        assert_eq!(setter_name("new"), "set_new");
        assert_eq!(setter_name("clone"), "set_clone");
        assert_eq!(setter_name("r#type"), "r#type");
        assert_eq!(setter_name("name"), "name");
    }

    #[test]
    fn every_generated_name_is_an_identifier() {
        for wire in [
            "type",
            "self",
            "gen",
            "crate",
            "123",
            "",
            "a-b",
            "Ünïcode",
            "_x",
        ] {
            for name in [field_name(wire), type_name(wire), variant_name(wire)] {
                assert!(
                    syn::parse_str::<syn::Ident>(&name).is_ok(),
                    "{wire:?} -> {name:?}"
                );
            }
        }
    }
}

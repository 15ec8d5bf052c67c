//! The generated crate's identity (package name, version, description) and the operations it
//! has: from `crate.toml` beside the model files, or derived from the directory and its services
//! when there is none.
//!
//! The manifest is TOML, like the `Cargo.toml` it feeds, and named so that no reader of `*.json`
//! models mistakes it for a service:
//!
//! ```toml
//! [package]
//! name = "ivs-models"
//! version = "0.1.0"
//! description = "Typed models of Amazon IVS."
//!
//! # Only these operations of `ivs.json` (and the shapes they reach); a service without a table
//! # keeps every operation.
//! [services.ivs]
//! operations = ["GetChannel", "ListChannels"]
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::SourceFile;
use crate::ir::Ir;
use crate::raw;
use crate::select::Selection;

/// The manifest's file name in a model directory.
pub const FILE_NAME: &str = "crate.toml";

/// The version of a crate whose manifest gives none.
const DEFAULT_VERSION: &str = "0.1.0";

/// The generated crate's package name, version and description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateIdentity {
    /// The package name, e.g. `ivs-models`.
    pub package: String,
    /// The version, e.g. `0.1.0`.
    pub version: String,
    /// The one-line description.
    pub description: String,
    /// Where the identity came from.
    pub origin: Origin,
}

/// Where a [`CrateIdentity`] came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The manifest at this path (flags may have overridden parts of it).
    Manifest(PathBuf),
    /// Derived from the model directory and its services: there is no manifest.
    Derived,
}

impl CrateIdentity {
    /// The library's name: the package name with `_` for `-`, e.g. `ivs_models`.
    pub fn lib_name(&self) -> String {
        self.package.replace('-', "_")
    }

    /// Overrides the parts given (by command-line flags), checking each as the manifest's would be.
    pub fn with_overrides(
        mut self,
        package: Option<&str>,
        version: Option<&str>,
        description: Option<&str>,
    ) -> Result<Self, String> {
        if let Some(package) = package {
            check_package(package)?;
            package.clone_into(&mut self.package);
        }
        if let Some(version) = version {
            check_version(version)?;
            version.clone_into(&mut self.version);
        }
        if let Some(description) = description {
            check_description(description)?;
            description.clone_into(&mut self.description);
        }
        Ok(self)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    package: Package,
    /// `[services.<stem>]`: the operations to generate of the service of `<stem>.json`.
    #[serde(default)]
    services: std::collections::BTreeMap<Spanned<String>, ServiceTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceTable {
    operations: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Package {
    name: String,
    version: Option<String>,
    description: Option<String>,
}

/// The identity of the crate generated from `dir`, whose services are `ir`'s: from
/// `dir/crate.toml`, or derived when there is none. A manifest that does not read, or whose values
/// Cargo would refuse, is an error naming the file (and for TOML errors, the line and column).
pub fn for_dir(dir: &Path, ir: &Ir) -> Result<CrateIdentity, String> {
    let path = dir.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path, ir),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(derived(dir, ir)),
        Err(error) => Err(format!("cannot read `{}`: {error}", path.display())),
    }
}

/// The operations `dir/crate.toml` chooses to generate ([`selection_of`]); every operation when
/// there is no manifest.
pub fn selection(dir: &Path) -> Result<Selection, String> {
    let path = dir.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => selection_of(&text, &path),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Selection::all()),
        Err(error) => Err(format!("cannot read `{}`: {error}", path.display())),
    }
}

/// The operations a manifest's `[services.<stem>]` tables choose, with where each name is in
/// `text`, so that a name no model has is reported at its line and column of `path`.
pub fn selection_of(text: &str, path: &Path) -> Result<Selection, String> {
    let manifest = read(text, path)?;
    let span = |name: Spanned<String>| raw::Spanned {
        span: name.span(),
        value: name.into_inner(),
    };
    let services = manifest
        .services
        .into_iter()
        .map(|(stem, table)| (span(stem), table.operations.into_iter().map(span).collect()))
        .collect();
    Ok(Selection::from_manifest(
        SourceFile {
            name: path.display().to_string(),
            text: text.to_owned(),
        },
        services,
    ))
}

fn read(text: &str, path: &Path) -> Result<Manifest, String> {
    toml::from_str(text).map_err(|error| format!("`{}` does not read: {error}", path.display()))
}

/// Reads a manifest's text; `path` is only for messages and [`Origin::Manifest`].
pub fn parse(text: &str, path: &Path, ir: &Ir) -> Result<CrateIdentity, String> {
    let shown = path.display();
    let Package {
        name,
        version,
        description,
    } = read(text, path)?.package;
    let version = version.unwrap_or_else(|| DEFAULT_VERSION.to_owned());
    let description = description.unwrap_or_else(|| derived_description(ir));
    let in_file = |error: String| format!("`{shown}`: {error}");
    check_package(&name).map_err(in_file)?;
    check_version(&version).map_err(in_file)?;
    check_description(&description).map_err(in_file)?;
    Ok(CrateIdentity {
        package: name,
        version,
        description,
        origin: Origin::Manifest(path.to_path_buf()),
    })
}

/// The identity of a directory without a manifest: `<service>-models` for one service, else
/// `<directory>-models`; version 0.1.0; a description listing the services.
pub fn derived(dir: &Path, ir: &Ir) -> CrateIdentity {
    let base = match ir.services.as_slice() {
        [only] => only.stem.clone(),
        _ => std::path::absolute(dir)
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default(),
    };
    let mut package: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if !package.starts_with(|c: char| c.is_ascii_alphabetic()) {
        package.insert_str(0, "api-");
    }
    package.push_str("-models");
    CrateIdentity {
        package,
        version: DEFAULT_VERSION.to_owned(),
        description: derived_description(ir),
        origin: Origin::Derived,
    }
}

fn derived_description(ir: &Ir) -> String {
    let names: Vec<&str> = ir
        .services
        .iter()
        .map(|s| {
            if s.full_name.is_empty() {
                s.stem.as_str()
            } else {
                s.full_name.as_str()
            }
        })
        .collect();
    let listed = match names.as_slice() {
        [] => "no service".to_owned(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    let description = format!(
        "Typed models of {listed}: serde structs, enums, operation traits and their wire form."
    );
    description.chars().filter(|c| !c.is_control()).collect()
}

/// A package name Cargo accepts: ASCII letters, digits, `-` and `_`, starting with a letter.
fn check_package(name: &str) -> Result<(), String> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a package name: use ASCII letters, digits, `-` and `_`, starting with a letter"
        ))
    }
}

/// A semantic version, `MAJOR.MINOR.PATCH` with an optional `-pre` and `+build` of
/// `[0-9A-Za-z.-]`.
fn check_version(version: &str) -> Result<(), String> {
    let (core, rest) = version
        .split_once(['-', '+'])
        .map_or((version, ""), |(core, rest)| (core, rest));
    let numbers: Vec<&str> = core.split('.').collect();
    let valid = numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{version}` is not a version: write MAJOR.MINOR.PATCH, e.g. `0.1.0`"
        ))
    }
}

/// One line of text: Cargo.toml gets it as a TOML string.
fn check_description(description: &str) -> Result<(), String> {
    if description.chars().any(char::is_control) {
        Err("the description must be one line of text, without control characters".to_owned())
    } else if description.trim().is_empty() {
        Err("the description is empty".to_owned())
    } else {
        Ok(())
    }
}

/// The directory of examples beside the model files: each `*.rs` in it is written into the
/// generated crate's `examples/`, as an example that needs the `client` feature.
pub const EXAMPLES_DIR: &str = "examples";

/// An example program of the generated crate, from the model directory's [`EXAMPLES_DIR`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The example's name: its file name without `.rs`, e.g. `channels`.
    pub name: String,
    /// The whole text.
    pub text: String,
}

/// The examples of the crate generated from `dir` (`dir/examples/*.rs`), in name order; none when
/// the directory has no `examples/`. A file name that is no Rust identifier is an error, as Cargo
/// would refuse it as a target name.
pub fn examples(dir: &Path) -> Result<Vec<Example>, String> {
    let examples = dir.join(EXAMPLES_DIR);
    let io =
        |path: &Path, error: std::io::Error| format!("cannot read `{}`: {error}", path.display());
    let entries = match std::fs::read_dir(&examples) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(io(&examples, error)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.map_err(|error| io(&examples, error))?.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let identifier = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !identifier {
            return Err(format!(
                "`{}`: an example's name is ASCII letters, digits, `_` and `-`, starting with a letter",
                path.display()
            ));
        }
        let text = std::fs::read_to_string(&path).map_err(|error| io(&path, error))?;
        found.push(Example { name, text });
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The IR of one tiny model per stem, loaded as `codegen` loads any.
    fn ir(stems: &[&str]) -> Ir {
        let files = stems
            .iter()
            .map(|stem| crate::SourceFile {
                name: format!("{stem}.json"),
                text: format!(
                    r#"{{"version": "2.0", "metadata": {{"apiVersion": "2020-01-01", "endpointPrefix": "x", "protocol": "rest-json", "serviceFullName": "Full {stem}", "serviceId": "x"}}, "operations": {{}}, "shapes": {{}}}}"#
                ),
            })
            .collect();
        match crate::load_files(files) {
            Ok(loaded) => loaded.ir,
            Err(error) => panic!("{}", error.render(false)),
        }
    }

    #[test]
    fn a_manifest_names_the_crate() {
        let text = "[package]\nname = \"demo-models\"\nversion = \"1.2.3-beta.1\"\ndescription = \"Demo \\\"quoted\\\".\"\n";
        let identity = parse(text, Path::new("m/crate.toml"), &ir(&["a"])).expect("reads");
        assert_eq!(identity.package, "demo-models");
        assert_eq!(identity.lib_name(), "demo_models");
        assert_eq!(identity.version, "1.2.3-beta.1");
        assert_eq!(identity.description, "Demo \"quoted\".");
        assert_eq!(
            identity.origin,
            Origin::Manifest(PathBuf::from("m/crate.toml"))
        );
    }

    #[test]
    fn version_and_description_default() {
        let identity = parse(
            "[package]\nname = \"x\"\n",
            Path::new("crate.toml"),
            &ir(&["a", "b"]),
        )
        .expect("reads");
        assert_eq!(identity.version, "0.1.0");
        assert_eq!(
            identity.description,
            "Typed models of Full a and Full b: serde structs, enums, operation traits and their wire form."
        );
    }

    #[test]
    fn bad_manifests_are_errors_that_name_the_file() {
        let cases = [
            (
                "[package]\nname = \"x\"\nnmae = \"y\"\n",
                "unknown field `nmae`",
            ),
            ("[package]\nversion = \"0.1.0\"\n", "missing field `name`"),
            ("[package\n", "line 1"),
            ("[package]\nname = \"1x\"\n", "`1x` is not a package name"),
            ("[package]\nname = \"a b\"\n", "`a b` is not a package name"),
            (
                "[package]\nname = \"x\"\nversion = \"1.0\"\n",
                "`1.0` is not a version",
            ),
            (
                "[package]\nname = \"x\"\ndescription = \"a\\nb\"\n",
                "one line of text",
            ),
        ];
        for (text, expected) in cases {
            let error = parse(text, Path::new("m/crate.toml"), &ir(&["a"]))
                .expect_err("a bad manifest is an error");
            assert!(error.contains("m/crate.toml"), "{error}");
            assert!(error.contains(expected), "{text:?}: {error}");
        }
    }

    #[test]
    fn without_a_manifest_the_identity_is_derived() {
        let one = derived(Path::new("data/support"), &ir(&["support"]));
        assert_eq!(one.package, "support-models");
        assert_eq!(one.origin, Origin::Derived);
        assert_eq!(
            one.description,
            "Typed models of Full support: serde structs, enums, operation traits and their wire form."
        );
        let many = derived(Path::new("/srv/My Models"), &ir(&["a", "b"]));
        assert_eq!(many.package, "my-models-models");
        let digits = derived(Path::new("/x"), &ir(&["3d"]));
        assert_eq!(digits.package, "api-3d-models");
    }

    #[test]
    fn overrides_are_checked() {
        let base = derived(Path::new("m"), &ir(&["a"]));
        let identity = base
            .clone()
            .with_overrides(Some("b-crate"), Some("2.0.0"), Some("B."))
            .expect("valid");
        assert_eq!(
            (identity.package.as_str(), identity.version.as_str()),
            ("b-crate", "2.0.0")
        );
        assert!(base.with_overrides(Some("b crate"), None, None).is_err());
    }

    #[test]
    fn services_tables_choose_operations() {
        let text = "[package]\nname = \"x\"\n\n[services.s3]\noperations = [\"GetObject\", \"PutObject\"]\n";
        let selection = selection_of(text, Path::new("m/crate.toml")).expect("reads");
        assert_eq!(selection.of("s3"), Some(vec!["GetObject", "PutObject"]));
        assert_eq!(selection.of("ivs"), None);
        let all = selection_of("[package]\nname = \"x\"\n", Path::new("crate.toml"));
        assert!(all.expect("reads").is_all());
        for (text, expected) in [
            (
                "[package]\nname = \"x\"\n[services.s3]\n",
                "missing field `operations`",
            ),
            (
                "[package]\nname = \"x\"\n[services.s3]\noperations = \"GetObject\"\n",
                "line 4",
            ),
            (
                "[package]\nname = \"x\"\n[services.s3]\noperations = []\nonly = 1\n",
                "unknown field `only`",
            ),
        ] {
            let error = selection_of(text, Path::new("m/crate.toml")).expect_err("refused");
            assert!(error.contains("m/crate.toml"), "{error}");
            assert!(error.contains(expected), "{text:?}: {error}");
        }
        // The identity reads past the tables.
        let identity = parse(text, Path::new("m/crate.toml"), &ir(&["s3"])).expect("reads");
        assert_eq!(identity.package, "x");
    }

    #[test]
    fn examples_are_read_from_beside_the_models() {
        let dir = std::env::temp_dir().join(format!("codegen-examples-{}", std::process::id()));
        assert_eq!(examples(&dir), Ok(Vec::new()));
        std::fs::create_dir_all(dir.join(EXAMPLES_DIR)).expect("created");
        std::fs::write(dir.join("examples/b.rs"), "fn main() {}\n").expect("written");
        std::fs::write(dir.join("examples/a.rs"), "fn main() {}\n").expect("written");
        std::fs::write(dir.join("examples/notes.txt"), "not an example\n").expect("written");
        let names: Vec<String> = examples(&dir)
            .expect("read")
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["a", "b"]);
        std::fs::write(dir.join("examples/2.rs"), "fn main() {}\n").expect("written");
        assert!(examples(&dir).unwrap_err().contains("2.rs"));
        std::fs::remove_dir_all(&dir).expect("removed");
    }
}

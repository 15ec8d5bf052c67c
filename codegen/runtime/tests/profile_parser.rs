//! The shared `config` and `credentials` files' parser against the test suite the AWS SDKs
//! share (`tests/fixtures/profile_parser/` of the runtime crate, from smithy-rs): every case's
//! profiles and `sso-session` sections, or its error, a `ProfileError` naming the file and the
//! line. Cases listed in `skips.txt` must fail, the others pass. Then the parser is fed every
//! prefix of the suite's inputs and texts made at random of the format's own pieces and of any
//! bytes: it answers each, an error naming a line of the text.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen_runtime::client::credentials::{Profile, ProfileFiles};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/profile_parser")
}

fn suite() -> Vec<Value> {
    let text = std::fs::read_to_string(fixtures().join("profile-parser-tests.json")).unwrap();
    let suite: Value = serde_json::from_str(&text).unwrap();
    suite["tests"].as_array().expect("`tests`").clone()
}

/// `skips.txt`: case name to why.
fn skips() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(fixtures().join("skips.txt")).unwrap();
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (name, why) = line.split_once("  ").expect("`NAME  WHY`");
            (name.to_owned(), why.to_owned())
        })
        .collect()
}

type Sections = BTreeMap<String, BTreeMap<String, String>>;

fn parsed<'a>(sections: impl Iterator<Item = &'a Profile>) -> Sections {
    sections
        .map(|section| {
            let properties = section.properties();
            let properties = properties.map(|(k, v)| (k.to_owned(), v.to_owned()));
            (section.name().to_owned(), properties.collect())
        })
        .collect()
}

/// The suite's sections; none when the case does not list them.
fn expected(sections: Option<&Value>) -> Sections {
    let Some(sections) = sections else {
        return Sections::new();
    };
    let sections = sections.as_object().expect("sections are an object");
    sections
        .iter()
        .map(|(name, properties)| {
            let properties = properties.as_object().expect("properties are an object");
            let properties = properties
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().expect("a string value").to_owned()));
            (name.clone(), properties.collect())
        })
        .collect()
}

/// Whether the case passes, or what went otherwise.
fn run(case: &Value) -> Result<(), String> {
    let text = |key: &str| case["input"].get(key).and_then(Value::as_str).unwrap_or("");
    let (config, credentials) = (text("configFile"), text("credentialsFile"));
    let result = ProfileFiles::parse("default", config, credentials);
    let output = &case["output"];
    match (
        output.get("errorContaining").and_then(Value::as_str),
        result,
    ) {
        (Some(expected), Err(error)) => {
            let shown = error.to_string();
            let file = match error.path().to_str() {
                Some("config") => config,
                Some("credentials") => credentials,
                _ => return Err(format!("`{shown}` names no file")),
            };
            let named_line = error
                .line()
                .is_some_and(|n| n >= 1 && n <= file.lines().count());
            let said = shown.to_lowercase().contains(&expected.to_lowercase());
            match named_line && said {
                true => Ok(()),
                false => Err(format!(
                    "the error `{shown}`, not one naming a line and containing `{expected}`"
                )),
            }
        }
        (Some(expected), Ok(files)) => Err(format!(
            "no error, expected one containing `{expected}`; profiles {:?}",
            parsed(files.profiles())
        )),
        (None, Err(error)) => Err(format!("the error `{error}`")),
        (None, Ok(files)) => {
            let config = &output["config"];
            let profiles = parsed(files.profiles());
            let sessions = parsed(files.sso_sessions());
            let (want_profiles, want_sessions) = (
                expected(config.get("profiles")),
                expected(config.get("sso_sessions")),
            );
            if profiles != want_profiles {
                return Err(format!("profiles {profiles:?}, expected {want_profiles:?}"));
            }
            if sessions != want_sessions {
                return Err(format!(
                    "sso-sessions {sessions:?}, expected {want_sessions:?}"
                ));
            }
            Ok(())
        }
    }
}

#[test]
fn the_sdks_profile_parser_suite() {
    let suite = suite();
    let skips = skips();
    let mut problems = Vec::new();
    let mut names = Vec::new();
    for case in &suite {
        let name = case["name"].as_str().expect("a case name");
        names.push(name);
        match (run(case), skips.get(name)) {
            (Ok(()), None) | (Err(_), Some(_)) => {}
            (Ok(()), Some(_)) => problems.push(format!("{name}: passes, but skips.txt lists it")),
            (Err(why), None) => problems.push(format!("{name}: {why}")),
        }
    }
    for name in skips.keys() {
        if !names.contains(&name.as_str()) {
            problems.push(format!("{name}: listed in skips.txt, not in the suite"));
        }
    }
    assert!(suite.len() > 50, "the suite has {} cases", suite.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Parses `text` as either file and checks what comes back: an error names a line of the text,
/// and what is parsed is no bigger than the text (a line feed at most for each line).
fn parse_any(text: &str) {
    let lines = text.lines().count();
    for (config, credentials) in [(text, ""), ("", text)] {
        match ProfileFiles::parse("default", config, credentials) {
            Err(error) => {
                let line = error.line().expect("a syntax error names its line");
                assert!(
                    (1..=lines).contains(&line),
                    "line {line} of {lines}: {text:?}"
                );
            }
            Ok(files) => {
                let size: usize = files
                    .profiles()
                    .chain(files.sso_sessions())
                    .flat_map(Profile::properties)
                    .map(|(k, v)| k.len() + v.len())
                    .sum();
                assert!(size <= text.len() + lines, "{size} bytes from {text:?}");
            }
        }
    }
}

#[test]
fn every_prefix_of_the_suites_inputs_is_answered() {
    for case in suite() {
        for key in ["configFile", "credentialsFile"] {
            let Some(text) = case["input"].get(key).and_then(Value::as_str) else {
                continue;
            };
            for (at, _) in text.char_indices() {
                parse_any(&text[..at]);
                parse_any(&text[at..]);
            }
        }
    }
}

/// A xorshift generator: the same texts on every run.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn random_texts_are_answered() {
    const PIECES: &[&str] = &[
        "[",
        "]",
        "=",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "#",
        ";",
        "profile",
        "profile ",
        "default",
        "sso-session ",
        "services ",
        "s3",
        "name",
        "Name",
        "value",
        "in valid",
        "é",
        "😂",
        "\u{a0}",
        "\u{0}",
    ];
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let length = random.below(40);
        let text: String = (0..length)
            .map(|_| PIECES[random.below(PIECES.len())])
            .collect();
        parse_any(&text);
    }
    for _ in 0..5_000 {
        let length = random.below(64);
        let bytes: Vec<u8> = (0..length).map(|_| random.below(256) as u8).collect();
        parse_any(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn what_the_suite_leaves_out() {
    // `[services NAME]` sections, their sub-properties kept as written.
    let config = "[profile dev]\nservices = mine\n[services mine]\nS3 =\n  endpoint_url = http://localhost:4566 # a comment\n  addressing_style=path\n[services bad name]\ns3 = x\n";
    let files = ProfileFiles::parse("dev", config, "").unwrap();
    assert_eq!(files.selected_profile().get("services"), Some("mine"));
    let services = files.services("mine").expect("`[services mine]`");
    assert_eq!(
        services.get("s3"),
        Some("\nendpoint_url = http://localhost:4566 # a comment\naddressing_style=path")
    );
    assert!(files.services("bad name").is_none());

    // The error names the file and the line; a credentials file's `[default]` is a profile
    // whatever the config file holds.
    let error = ProfileFiles::parse("dev", "[default]\n\n# c\nregion\n", "").unwrap_err();
    assert_eq!(
        error.to_string(),
        "config, line 4: expected an '=' sign defining a property"
    );
    let error = ProfileFiles::parse("dev", "", "[dev]\r\na = b\r\n[x\r\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "credentials, line 3: profile definition must end with ']'"
    );
    let files = ProfileFiles::parse(
        "default",
        "[profile default]\nregion = a\n",
        "[default]\naws_access_key_id = k\n",
    )
    .unwrap();
    let default = files.selected_profile();
    assert_eq!(
        (default.get("region"), default.get("aws_access_key_id")),
        (Some("a"), Some("k"))
    );

    // A byte order mark before the first section is no error.
    let files = ProfileFiles::parse("dev", "\u{feff}[profile dev]\nregion = a\n", "").unwrap();
    assert_eq!(files.selected_profile().get("region"), Some("a"));

    // A value is never quoted in an error.
    let error = ProfileFiles::parse("dev", "[dev]\n", "[dev]\nsecret\n  more\n").unwrap_err();
    assert!(!error.to_string().contains("secret"), "{error}");
}

//! Endpoint rule sets: botocore's `endpoint-rule-set-1.json` of a service, read into a
//! [`RuleSet`] and evaluated for a set of [`Params`] into a [`ResolvedEndpoint`] (its URL,
//! headers and properties, among them the signing name and region), or the error the rules give.
//!
//! A rule set is data, interpreted: parameters with types, defaults and built-ins; rules of
//! three kinds (a tree of further rules, an endpoint, an error), each behind conditions, which
//! are function calls whose value may be assigned to a name for the conditions and rules after
//! it; strings are templates (`https://{Region}.{PartitionResult#dnsSuffix}`). A rule set keeps
//! the endpoints of the last 100 distinct parameter sets it resolved, as botocore's resolver does
//! (its LRU cache of 100): a program calling one bucket or one region resolves once. And it
//! specializes its rules for the first configuration it resolves for (the values of the
//! parameters with a built-in: `Region`, `UseFIPS`, ...), so that a call to
//! another bucket evaluates only what depends on the call.
//!
//! ```
//! use codegen_runtime::client::endpoint::{Params, RuleSet};
//!
//! let rules = RuleSet::parse(r#"{
//!     "version": "1.0",
//!     "parameters": {"Region": {"type": "string", "builtIn": "AWS::Region", "required": false}},
//!     "rules": [
//!         {"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
//!          "endpoint": {"url": "https://example.{Region}.{P#dnsSuffix}"}, "type": "endpoint"},
//!         {"conditions": [], "error": "Invalid Configuration: Missing Region", "type": "error"}
//!     ]
//! }"#)?;
//! let endpoint = rules.resolve(&Params::new().string("Region", "cn-north-1"))?;
//! assert_eq!(endpoint.url, "https://example.cn-north-1.amazonaws.com.cn");
//! let missing = rules.resolve(&Params::new()).unwrap_err();
//! assert_eq!(missing.to_string(), "Invalid Configuration: Missing Region");
//! # Ok::<(), codegen_runtime::client::endpoint::EndpointError>(())
//! ```

mod fold;
mod functions;
mod partitions;
mod partitions_data;
mod path;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Map, Value};

pub use partitions_data::PARTITIONS_JSON;
pub use path::Path;

/// Why no endpoint was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointError {
    /// The rule set is not one this resolver reads: the message says where and what.
    RuleSet(String),
    /// A parameter is missing or of the wrong type.
    Parameter(String),
    /// The rules ended in an error rule: its message, e.g.
    /// `Invalid Configuration: FIPS and custom endpoint are not supported`.
    Rules(String),
    /// No rule matched the parameters.
    NoMatch,
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RuleSet(message) => write!(f, "bad endpoint rule set: {message}"),
            Self::Parameter(message) => write!(f, "endpoint parameter: {message}"),
            Self::Rules(message) => f.write_str(message),
            Self::NoMatch => f.write_str("no endpoint rule matched the parameters"),
        }
    }
}

impl std::error::Error for EndpointError {}

fn bad(message: impl Into<String>) -> EndpointError {
    EndpointError::RuleSet(message.into())
}

/// The values of a resolution's parameters, by name (`Region`, `UseFIPS`, ...). A parameter
/// left out takes its default, if it has one.
#[derive(Clone, Default, PartialEq)]
pub struct Params(
    /// Ordered by name: a few, in one block, cheaper to build than a map's nodes.
    Vec<(Name, Value)>,
);

/// A parameter's name: one of [`KNOWN`] without a copy, any other copied.
#[derive(Clone)]
enum Name {
    Known(&'static str),
    Other(String),
}

/// The names most calls set: those of the built-ins every rule set has (`Region`, `UseFIPS`,
/// `UseDualStack`, `Endpoint`), and S3's `Bucket`, set from each call's input.
const KNOWN: [&str; 5] = ["Region", "UseFIPS", "UseDualStack", "Endpoint", "Bucket"];

impl Name {
    fn new(name: &str) -> Self {
        match KNOWN.iter().find(|known| **known == name) {
            Some(known) => Self::Known(known),
            None => Self::Other(name.to_owned()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Self::Known(name) => name,
            Self::Other(name) => name,
        }
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entries = self.0.iter().map(|(name, value)| (name, value));
        f.debug_tuple("Params").field(&DebugMap(entries)).finish()
    }
}

/// Entries shown as a map's are.
struct DebugMap<I>(I);

impl<K: fmt::Debug, V: fmt::Debug, I: Iterator<Item = (K, V)> + Clone> fmt::Debug for DebugMap<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.clone()).finish()
    }
}

impl Params {
    /// No parameter set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a string parameter.
    pub fn string(self, name: &str, value: impl Into<String>) -> Self {
        self.value(name, Value::String(value.into()))
    }

    /// Sets a boolean parameter.
    pub fn boolean(self, name: &str, value: bool) -> Self {
        self.value(name, Value::Bool(value))
    }

    /// Sets a parameter of any type: a string, a boolean or an array of strings.
    pub fn value(mut self, name: &str, value: Value) -> Self {
        self.set(name, value);
        self
    }

    /// Sets a parameter in place.
    pub fn set(&mut self, name: &str, value: Value) {
        match self.0.binary_search_by(|(n, _)| n.as_str().cmp(name)) {
            Ok(found) => {
                if let Some((_, old)) = self.0.get_mut(found) {
                    *old = value;
                }
            }
            Err(at) => self.0.insert(at, (Name::new(name), value)),
        }
    }

    /// The value set for `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let found = self.0.binary_search_by(|(n, _)| n.as_str().cmp(name));
        found
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, value)| value)
    }

    /// Sets `name` to what `path` (an `operationContextParams` path, see [`Path`]) picks out of
    /// `input`'s serde form, if it picks anything.
    pub fn select<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        input: &T,
        path: &str,
    ) -> Result<(), EndpointError> {
        let path = Path::parse(path).map_err(EndpointError::Parameter)?;
        let input = serde_json::to_value(input).map_err(|e| {
            EndpointError::Parameter(format!("`{name}`: the input has no JSON form: {e}"))
        })?;
        if let Some(value) = path.select(&input) {
            self.set(name, value);
        }
        Ok(())
    }
}

/// An endpoint the rules resolved to.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedEndpoint {
    /// The URL, e.g. `https://examplesvc.us-west-2.amazonaws.com`.
    pub url: String,
    /// Headers to send with every request to it, each with its values.
    pub headers: BTreeMap<String, Vec<String>>,
    /// The endpoint's properties, e.g. `authSchemes`.
    pub properties: Map<String, Value>,
}

impl ResolvedEndpoint {
    /// The `authSchemes` property: the ways to sign, most preferred first, each an object with
    /// `name` (`sigv4`, `sigv4a`, ...) and maybe `signingName`, `signingRegion`,
    /// `signingRegionSet` and `disableDoubleEncoding`.
    pub fn auth_schemes(&self) -> &[Value] {
        self.properties
            .get("authSchemes")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }
}

/// The type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// A string.
    String,
    /// A boolean.
    Boolean,
    /// An array of strings.
    StringArray,
}

/// A parameter the rules take.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Its name, e.g. `UseFIPS`.
    pub name: String,
    /// Its type.
    pub kind: ParamType,
    /// The built-in setting it takes when the caller sets none, e.g. `AWS::UseFIPS`.
    pub built_in: Option<String>,
    /// Whether it must have a value (given or default).
    pub required: bool,
    /// Its value when none is given.
    pub default: Option<Value>,
}

/// A parsed rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    parameters: Vec<Parameter>,
    /// The parameters' slots ordered by their names, to find a given parameter by halves.
    by_name: Vec<Slot>,
    /// The name of each slot of an evaluation's scope: the parameters', in order, then the
    /// other names the rules assign or refer to.
    names: Vec<String>,
    /// The tests of parameters the rules' conditions make, each a bit of an evaluation's facts.
    facts: Vec<Fact>,
    rules: Vec<Rule>,
    /// The slots of the parameters that come from configuration (those with a built-in), which
    /// a program's calls share: the rules are [specialized](fold) for their values.
    configured: Vec<Slot>,
    specials: fold::Specials,
    recent: Recent,
}

/// A test of a parameter's value that a rule's conditions make: `isSet(p)`, `booleanEquals(p,
/// b)` of a boolean `p`, `stringEquals(p, "text")` of a string `p`. Parameters are never
/// assigned, so an evaluation tests each fact at most once, when a rule first needs it.
#[derive(Debug, Clone, PartialEq)]
struct Fact {
    slot: Slot,
    is: Is,
}

#[derive(Debug, Clone, PartialEq)]
enum Is {
    Set,
    Boolean(bool),
    String(String),
}

impl Fact {
    fn holds(&self, value: Option<&Value>) -> bool {
        match (&self.is, value) {
            (Is::Set, value) => value.is_some(),
            (Is::Boolean(expected), Some(Value::Bool(b))) => b == expected,
            (Is::String(expected), Some(Value::String(s))) => s == expected,
            _ => false,
        }
    }
}

/// How many facts a rule set's evaluation finds: the bits of a `u64`.
const FACTS: usize = 64;

/// How many names an evaluation's scope holds on the stack; a rule set with more puts them on
/// the heap.
const STACK_SLOTS: usize = 48;

/// How many resolutions a rule set keeps: botocore's `CACHE_SIZE`.
const RECENT: usize = 100;

/// The endpoints of the last [`RECENT`] distinct parameter sets a rule set resolved (a
/// resolution depends on nothing else), each under its parameters' key ([`key_into`]) and a
/// hash of that to find it by; the oldest goes first. A copy of a rule set starts with none.
#[derive(Default)]
struct Recent(Mutex<Kept>);

/// The kept resolutions, in a ring: the hashes apart, to be scanned quickly, and each key with
/// its endpoint (`None` while a resolution that took it out to write over is under way); `next`
/// is where the next one goes once [`RECENT`] are kept, over the oldest.
#[derive(Default)]
struct Kept {
    hashes: Vec<u64>,
    entries: Vec<Option<Entry>>,
    next: usize,
}

/// A kept resolution: its parameters' [`key_pieces`] in one block, and its endpoint.
type Entry = (Vec<u8>, Arc<ResolvedEndpoint>);

impl Recent {
    /// The endpoint kept for `params`; else, when [`RECENT`] are kept, the oldest, taken out to
    /// make room (its key and endpoint, to write the new ones over).
    fn get(&self, hash: u64, params: &Params) -> Result<Arc<ResolvedEndpoint>, Option<Entry>> {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        // Eight hashes at a time, without a branch per hash, before looking closer.
        let mut at = 0;
        for chunk in kept.hashes.chunks(8) {
            if chunk.iter().fold(false, |any, h| any | (*h == hash)) {
                for (i, _) in chunk.iter().enumerate().filter(|(_, h)| **h == hash) {
                    if let Some(Some((key, endpoint))) = kept.entries.get(at + i)
                        && is_key_of(key, params)
                    {
                        return Ok(endpoint.clone());
                    }
                }
            }
            at += chunk.len();
        }
        if kept.entries.len() < RECENT {
            return Err(None);
        }
        let next = kept.next;
        Err(kept.entries.get_mut(next).and_then(Option::take))
    }

    fn put(&self, hash: u64, key: Vec<u8>, endpoint: &Arc<ResolvedEndpoint>) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = Some((key, endpoint.clone()));
        if kept.entries.len() < RECENT {
            kept.hashes.push(hash);
            kept.entries.push(entry);
            return;
        }
        let Kept {
            hashes,
            entries,
            next,
        } = &mut *kept;
        if let (Some(h), Some(e)) = (hashes.get_mut(*next), entries.get_mut(*next)) {
            *h = hash;
            *e = entry;
        }
        *next = (*next + 1) % RECENT;
    }

    fn len(&self) -> usize {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entries
            .iter()
            .flatten()
            .count()
    }
}

impl Clone for Recent {
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// What is kept is not part of what a rule set is.
impl PartialEq for Recent {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for Recent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} recent", self.len())
    }
}

/// A parameter set's bytes, piece by piece: each name and value with its length before it (a
/// value's type, then its text), so that two sets give the same bytes exactly when they are
/// equal.
fn key_pieces(params: &Params, piece: &mut impl FnMut(&[u8])) {
    let mut text = |tag: u8, text: &[u8]| {
        piece(&[tag]);
        piece(&text.len().to_le_bytes());
        piece(text);
    };
    for (name, value) in &params.0 {
        text(b'n', name.as_str().as_bytes());
        match value {
            Value::String(value) => text(b's', value.as_bytes()),
            Value::Bool(flag) => text(b'b', if *flag { b"1" } else { b"0" }),
            other => text(b'j', other.to_string().as_bytes()),
        }
    }
}

/// Writes the key a parameter set's resolution is kept under, its [`key_pieces`] in one block,
/// over `key`.
fn key_into(params: &Params, key: &mut Vec<u8>) {
    let mut len = 0;
    key_pieces(params, &mut |piece| len += piece.len());
    key.clear();
    key.reserve(len);
    key_pieces(params, &mut |piece| key.extend_from_slice(piece));
}

/// Whether `key` is the [`key_into`] of `params`, without building that.
fn is_key_of(key: &[u8], params: &Params) -> bool {
    let mut rest = Some(key);
    key_pieces(params, &mut |piece| {
        rest = rest.and_then(|rest| rest.strip_prefix(piece));
    });
    rest.is_some_and(<[u8]>::is_empty)
}

/// A hash of a parameter set's [`key_into`], to find its resolution by: FNV-1a's steps, on eight bytes
/// at a time; which set a hash is decides only where to look, the key comparison decides the rest.
fn fingerprint(params: &Params) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |word: u64| hash = (hash ^ word).wrapping_mul(0x0100_0000_01b3);
    key_pieces(params, &mut |piece| {
        // Eight bytes at a time, then the rest.
        let mut words = piece.chunks_exact(8);
        for word in &mut words {
            let mut bytes = [0; 8];
            bytes.copy_from_slice(word);
            mix(u64::from_le_bytes(bytes));
        }
        for byte in words.remainder() {
            mix(u64::from(*byte));
        }
    });
    hash
}

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    /// Its first conditions, tests of parameters, as the facts they need: those of `mask` must
    /// be as they are in `facts`.
    mask: u64,
    facts: u64,
    /// Its other conditions.
    conditions: Vec<Condition>,
    /// The slots its conditions assign, taken out of scope when it ends.
    assigns: Vec<Slot>,
    kind: RuleKind,
}

#[derive(Debug, Clone, PartialEq)]
enum RuleKind {
    Tree(Vec<Rule>),
    /// Boxed, so that the rules a walk passes over are small.
    Endpoint(Box<EndpointSpec>),
    Error(Expr),
}

#[derive(Debug, Clone, PartialEq)]
struct Condition {
    test: Test,
    /// Whether the test is `not(...)`'s.
    negated: bool,
    /// The slot the call's value is assigned to.
    assign: Option<Slot>,
}

/// A condition's call. The forms most conditions take, a name tested or compared with a literal
/// (maybe within `not`) and not assigned, are read into their own cases, tested without
/// evaluating a call; each gives what its call would, errors included.
#[derive(Debug, Clone, PartialEq)]
enum Test {
    /// `isSet(ref)`.
    IsSet(Slot),
    /// `booleanEquals(ref, true|false)`.
    BooleanIs(Slot, bool),
    /// `stringEquals(ref, "text")`.
    StringIs(Slot, String),
    /// Any other call.
    Call(Box<Call>),
    /// `substring` of literal bounds assigned to a name that the next condition compares with
    /// a literal: the two tested as one, without building the substring.
    SubstringIs(Box<SubstringIs>),
    /// A call whose value was found when the rules were [specialized](fold) for the parameters
    /// that come from configuration: the condition holds when it is set and not `false`.
    Known(Option<Value>),
}

/// `substring(input, ...)` assigned and then compared with `value`, a string.
#[derive(Debug, Clone, PartialEq)]
struct SubstringIs {
    /// The call's function, a [`Function::SubstringOf`].
    function: Function,
    input: Expr,
    start: usize,
    stop: usize,
    reverse: bool,
    value: Value,
}

#[derive(Debug, Clone, PartialEq)]
struct EndpointSpec {
    url: Expr,
    headers: Vec<(String, Vec<Expr>)>,
    properties: Vec<(String, Property)>,
}

/// A property value: literals and templates in objects and arrays.
#[derive(Debug, Clone, PartialEq)]
enum Property {
    Literal(Value),
    Expr(Expr),
    Array(Vec<Property>),
    Object(Vec<(String, Property)>),
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Literal(Value),
    Template(Vec<Part>),
    Ref(Slot),
    Call(Box<Call>),
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Ref(Slot, Vec<Step>),
}

/// Where a name's value is in an evaluation's scope: its index in [`RuleSet::names`], found once
/// when the rules are read rather than by comparing names at each reference.
type Slot = usize;

/// The names a rule set's references and assignments use, each with its [`Slot`].
struct Names(Vec<String>);

impl Names {
    fn slot(&mut self, name: &str) -> Slot {
        match self.0.iter().position(|n| n == name) {
            Some(slot) => slot,
            None => {
                self.0.push(name.to_owned());
                self.0.len() - 1
            }
        }
    }
}

/// One step of a `getAttr` path: `a.b[0]` is `Key(a)`, `Key(b)`, `Index(0)`.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, PartialEq)]
struct Call {
    function: Function,
    args: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
enum Function {
    IsSet,
    Not,
    GetAttr(Vec<Step>),
    StringEquals,
    BooleanEquals,
    Substring,
    /// `substring` of literal bounds (as the rules write it), read once.
    SubstringOf {
        start: usize,
        stop: usize,
        reverse: bool,
    },
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

impl Function {
    /// The function of this name, with the number of arguments it takes.
    fn named(name: &str) -> Option<(Self, usize)> {
        Some(match name {
            "isSet" => (Self::IsSet, 1),
            "not" => (Self::Not, 1),
            "getAttr" => (Self::GetAttr(Vec::new()), 2),
            "stringEquals" => (Self::StringEquals, 2),
            "booleanEquals" => (Self::BooleanEquals, 2),
            "substring" => (Self::Substring, 4),
            "uriEncode" => (Self::UriEncode, 1),
            "parseURL" => (Self::ParseUrl, 1),
            "isValidHostLabel" => (Self::IsValidHostLabel, 2),
            "aws.partition" => (Self::Partition, 1),
            "aws.parseArn" => (Self::ParseArn, 1),
            "aws.isVirtualHostableS3Bucket" => (Self::IsVirtualHostableS3Bucket, 2),
            _ => return None,
        })
    }
}

// Reading a rule set.

impl RuleSet {
    /// Reads a rule set from its JSON text.
    pub fn parse(text: &str) -> Result<Self, EndpointError> {
        let document: Value =
            serde_json::from_str(text).map_err(|e| bad(format!("not JSON: {e}")))?;
        Self::from_value(&document)
    }

    /// Reads a rule set from its JSON value.
    pub fn from_value(document: &Value) -> Result<Self, EndpointError> {
        let parameters: Vec<Parameter> = object(document.get("parameters"), "parameters")?
            .iter()
            .map(|(name, spec)| parameter(name, spec))
            .collect::<Result<_, _>>()?;
        // The parameters take the first slots, in order.
        let mut names = Names(parameters.iter().map(|p| p.name.clone()).collect());
        let rules = rules(document.get("rules"), "rules", &mut names)?;
        let mut in_scope: Vec<bool> = names.0.iter().map(|_| false).collect();
        in_scope
            .iter_mut()
            .take(parameters.len())
            .for_each(|s| *s = true);
        no_shadowing(&rules, "rules", &mut in_scope, &names.0)?;
        let mut rules = rules;
        let mut facts = Vec::new();
        fold_facts(&mut rules, &parameters, &mut facts);
        fuse_substrings(&mut rules);
        let mut by_name: Vec<Slot> = (0..parameters.len()).collect();
        by_name.sort_by_key(|&slot| parameters.get(slot).map(|p| &p.name));
        let configured = (0..parameters.len())
            .filter(|&slot| parameters.get(slot).is_some_and(|p| p.built_in.is_some()))
            .collect();
        Ok(Self {
            parameters,
            by_name,
            names: names.0,
            facts,
            rules,
            configured,
            specials: fold::Specials::default(),
            recent: Recent::default(),
        })
    }

    /// The rule set of `text`, read on its first use and kept for the life of the process (as is
    /// its error): for the rule sets a crate embeds, one per service.
    pub fn embedded(text: &'static str) -> Result<Arc<Self>, EndpointError> {
        type Cache = Vec<((usize, usize), Result<Arc<RuleSet>, EndpointError>)>;
        static CACHE: Mutex<Cache> = Mutex::new(Vec::new());
        // A `&'static str` is known by where it is: no need to compare the text.
        let key = (text.as_ptr() as usize, text.len());
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, rules)) = cache.iter().find(|(k, _)| *k == key) {
            return rules.clone();
        }
        let rules = Self::parse(text).map(Arc::new);
        cache.push((key, rules.clone()));
        rules
    }

    /// The parameters, in the rule set's order.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// Resolves the endpoint for `params`; a parameter not given takes its default. The same
    /// parameters as one of the last 100 resolved give that endpoint again without evaluating.
    pub fn resolve(&self, params: &Params) -> Result<Arc<ResolvedEndpoint>, EndpointError> {
        let hash = fingerprint(params);
        let (mut key, spare) = match self.recent.get(hash, params) {
            Ok(endpoint) => return Ok(endpoint),
            Err(Some((key, endpoint))) => (key, Some(endpoint)),
            Err(None) => (Vec::new(), None),
        };
        let endpoint = self.evaluate(params, spare)?;
        key_into(params, &mut key);
        self.recent.put(hash, key, &endpoint);
        Ok(endpoint)
    }

    /// The rules evaluated for `params`; the endpoint is written over `spare` (the oldest kept)
    /// when nothing else holds that.
    fn evaluate(
        &self,
        params: &Params,
        spare: Option<Arc<ResolvedEndpoint>>,
    ) -> Result<Arc<ResolvedEndpoint>, EndpointError> {
        // The scope's slots on the stack when there are few enough (S3's rules have 36 names):
        // a memory block that large would cost more to allocate and free than the rules to run.
        let mut stack: [Option<Option<Cow<'_, Value>>>; STACK_SLOTS] =
            std::array::from_fn(|_| None);
        let mut heap = Vec::new();
        let values = match stack.get_mut(..self.names.len()) {
            Some(values) => values,
            None => {
                heap.resize_with(self.names.len(), || None);
                heap.as_mut_slice()
            }
        };
        // Each parameter's default, then the values given over them: a few, each found among
        // the rule set's parameters by halves. The other names are out of scope until a
        // condition assigns them.
        for (place, parameter) in values.iter_mut().zip(&self.parameters) {
            *place = Some(parameter.default.as_ref().map(Cow::Borrowed));
        }
        let name_of = |slot: &Slot| self.parameters.get(*slot).map(|p| p.name.as_str());
        for (name, value) in &params.0 {
            let found = self
                .by_name
                .binary_search_by(|slot| name_of(slot).cmp(&Some(name.as_str())));
            if let Some(&slot) = found.ok().and_then(|i| self.by_name.get(i))
                && let Some(place) = values.get_mut(slot)
            {
                *place = Some(Some(Cow::Borrowed(value)));
            }
        }
        for (parameter, value) in self.parameters.iter().zip(values.iter()) {
            match value.as_ref().and_then(Option::as_deref) {
                Some(value) => check_type(parameter, value)?,
                None if parameter.required => {
                    return Err(EndpointError::Parameter(format!(
                        "`{}` is required and has no value",
                        parameter.name
                    )));
                }
                None => {}
            }
        }
        let special = self.specials.for_values(self, values);
        let mut scope = Scope {
            values,
            names: &self.names,
            fact_tests: &self.facts,
            known: 0,
            facts: 0,
            spare,
        };
        let rules = special
            .as_deref()
            .map_or(self.rules.as_slice(), fold::Special::rules);
        match evaluate_rules(rules, &mut scope)? {
            Some(Outcome::Endpoint(endpoint)) => Ok(endpoint),
            Some(Outcome::Error(message)) => Err(EndpointError::Rules(message)),
            None => Err(EndpointError::NoMatch),
        }
    }
}

fn check_type(parameter: &Parameter, value: &Value) -> Result<(), EndpointError> {
    let fits = match parameter.kind {
        ParamType::String => value.is_string(),
        ParamType::Boolean => value.is_boolean(),
        ParamType::StringArray => value
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_string)),
    };
    if fits {
        Ok(())
    } else {
        Err(EndpointError::Parameter(format!(
            "`{}` must be a {:?}, not {value}",
            parameter.name, parameter.kind
        )))
    }
}

fn object<'a>(value: Option<&'a Value>, at: &str) -> Result<&'a Map<String, Value>, EndpointError> {
    value
        .and_then(Value::as_object)
        .ok_or_else(|| bad(format!("`{at}` is not an object")))
}

fn array<'a>(value: Option<&'a Value>, at: &str) -> Result<&'a [Value], EndpointError> {
    value
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .ok_or_else(|| bad(format!("`{at}` is not an array")))
}

fn string<'a>(value: Option<&'a Value>, at: &str) -> Result<&'a str, EndpointError> {
    value
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("`{at}` is not a string")))
}

fn parameter(name: &str, spec: &Value) -> Result<Parameter, EndpointError> {
    let at = format!("parameters.{name}");
    let kind = string(spec.get("type"), &format!("{at}.type"))?;
    let kind = match kind.to_ascii_lowercase().as_str() {
        "string" => ParamType::String,
        "boolean" => ParamType::Boolean,
        "stringarray" => ParamType::StringArray,
        _ => return Err(bad(format!("`{at}.type`: unknown type `{kind}`"))),
    };
    let built_in = spec
        .get("builtIn")
        .map(|b| string(Some(b), &format!("{at}.builtIn")).map(str::to_owned))
        .transpose()?;
    let required = spec
        .get("required")
        .map(|r| {
            r.as_bool()
                .ok_or_else(|| bad(format!("`{at}.required` is not a boolean")))
        })
        .transpose()?
        .unwrap_or(false);
    let parameter = Parameter {
        name: name.to_owned(),
        kind,
        built_in,
        required,
        default: spec.get("default").cloned(),
    };
    if let Some(default) = &parameter.default {
        check_type(&parameter, default).map_err(|e| bad(format!("`{at}.default`: {e}")))?;
    }
    Ok(parameter)
}

fn rules(value: Option<&Value>, at: &str, names: &mut Names) -> Result<Vec<Rule>, EndpointError> {
    array(value, at)?
        .iter()
        .enumerate()
        .map(|(i, spec)| rule(spec, &format!("{at}[{i}]"), names))
        .collect()
}

fn rule(spec: &Value, at: &str, names: &mut Names) -> Result<Rule, EndpointError> {
    let conditions: Vec<Condition> = array(spec.get("conditions"), &format!("{at}.conditions"))?
        .iter()
        .enumerate()
        .map(|(i, c)| condition(c, &format!("{at}.conditions[{i}]"), names))
        .collect::<Result<_, _>>()?;
    let kind = match string(spec.get("type"), &format!("{at}.type"))? {
        "tree" => RuleKind::Tree(rules(spec.get("rules"), &format!("{at}.rules"), names)?),
        "endpoint" => RuleKind::Endpoint(Box::new(endpoint(
            spec.get("endpoint"),
            &format!("{at}.endpoint"),
            names,
        )?)),
        "error" => RuleKind::Error(expr(
            spec.get("error")
                .ok_or_else(|| bad(format!("`{at}` has no `error`")))?,
            &format!("{at}.error"),
            names,
        )?),
        other => return Err(bad(format!("`{at}.type`: unknown rule type `{other}`"))),
    };
    let assigns = conditions.iter().filter_map(|c| c.assign).collect();
    Ok(Rule {
        mask: 0,
        facts: 0,
        conditions,
        assigns,
        kind,
    })
}

fn condition(spec: &Value, at: &str, names: &mut Names) -> Result<Condition, EndpointError> {
    let call = call(spec, at, names)?;
    let assign = spec
        .get("assign")
        .map(|a| string(Some(a), &format!("{at}.assign")).map(|name| names.slot(name)))
        .transpose()?;
    // `not` of a test that always gives a boolean is that test negated.
    let (test, negated) = match (&call.function, call.args.as_slice()) {
        _ if assign.is_some() => (None, false),
        (Function::Not, [Expr::Call(inner)]) => (test(inner), true),
        _ => (test(&call), false),
    };
    Ok(match test {
        Some(test) => Condition {
            test,
            negated,
            assign,
        },
        None => Condition {
            test: Test::Call(Box::new(call)),
            negated: false,
            assign,
        },
    })
}

/// The [`Test`] of its own that `call` is, if any.
fn test(call: &Call) -> Option<Test> {
    Some(match (&call.function, call.args.as_slice()) {
        (Function::IsSet, [Expr::Ref(slot)]) => Test::IsSet(*slot),
        (Function::BooleanEquals, [Expr::Ref(slot), Expr::Literal(Value::Bool(b))]) => {
            Test::BooleanIs(*slot, *b)
        }
        (Function::StringEquals, [Expr::Ref(slot), Expr::Literal(Value::String(text))]) => {
            Test::StringIs(*slot, text.clone())
        }
        _ => return None,
    })
}

fn call(spec: &Value, at: &str, names: &mut Names) -> Result<Call, EndpointError> {
    let name = string(spec.get("fn"), &format!("{at}.fn"))?;
    let (mut function, arity) = Function::named(name)
        .ok_or_else(|| bad(format!("`{at}.fn`: unknown function `{name}`")))?;
    let argv = array(spec.get("argv"), &format!("{at}.argv"))?;
    if argv.len() != arity {
        return Err(bad(format!(
            "`{at}`: `{name}` takes {arity} arguments, not {}",
            argv.len()
        )));
    }
    let mut args = argv
        .iter()
        .enumerate()
        .map(|(i, a)| expr(a, &format!("{at}.argv[{i}]"), names))
        .collect::<Result<Vec<_>, _>>()?;
    if let Function::GetAttr(steps) = &mut function {
        // The path is a literal: read it once, here.
        let path = string(argv.get(1), &format!("{at}.argv[1]"))?;
        *steps = path_steps(path).map_err(|e| bad(format!("`{at}.argv[1]`: {e}")))?;
        args.truncate(1);
    }
    let number = |arg: &Expr| match arg {
        Expr::Literal(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        _ => None,
    };
    if let (Function::Substring, [_, start, stop, Expr::Literal(Value::Bool(reverse))]) =
        (&function, args.as_slice())
        && let (Some(start), Some(stop)) = (number(start), number(stop))
    {
        function = Function::SubstringOf {
            start,
            stop,
            reverse: *reverse,
        };
        args.truncate(1);
    }
    Ok(Call { function, args })
}

fn expr(spec: &Value, at: &str, names: &mut Names) -> Result<Expr, EndpointError> {
    Ok(match spec {
        Value::String(text) => template(text, names).map_err(|e| bad(format!("`{at}`: {e}")))?,
        Value::Bool(_) | Value::Number(_) => Expr::Literal(spec.clone()),
        Value::Object(object) if object.contains_key("ref") => {
            Expr::Ref(names.slot(string(object.get("ref"), &format!("{at}.ref"))?))
        }
        Value::Object(object) if object.contains_key("fn") => {
            Expr::Call(Box::new(call(spec, at, names)?))
        }
        _ => return Err(bad(format!("`{at}`: not a value, a `ref` or a `fn`"))),
    })
}

fn endpoint(
    spec: Option<&Value>,
    at: &str,
    names: &mut Names,
) -> Result<EndpointSpec, EndpointError> {
    let spec = object(spec, at)?;
    let url = expr(
        spec.get("url")
            .ok_or_else(|| bad(format!("`{at}` has no `url`")))?,
        &format!("{at}.url"),
        names,
    )?;
    let headers = match spec.get("headers") {
        None => Vec::new(),
        headers => object(headers, &format!("{at}.headers"))?
            .iter()
            .map(|(name, values)| {
                let at = format!("{at}.headers.{name}");
                let values = array(Some(values), &at)?
                    .iter()
                    .map(|v| expr(v, &at, names))
                    .collect::<Result<_, _>>()?;
                Ok((name.clone(), values))
            })
            .collect::<Result<_, EndpointError>>()?,
    };
    let properties = match spec.get("properties") {
        None => Vec::new(),
        properties => property_entries(
            object(properties, &format!("{at}.properties"))?,
            &format!("{at}.properties"),
            names,
        )?,
    };
    Ok(EndpointSpec {
        url,
        headers,
        properties,
    })
}

fn property_entries(
    object: &Map<String, Value>,
    at: &str,
    names: &mut Names,
) -> Result<Vec<(String, Property)>, EndpointError> {
    object
        .iter()
        .map(|(key, value)| Ok((key.clone(), property(value, &format!("{at}.{key}"), names)?)))
        .collect()
}

fn property(spec: &Value, at: &str, names: &mut Names) -> Result<Property, EndpointError> {
    Ok(match spec {
        Value::String(_) => Property::Expr(expr(spec, at, names)?),
        Value::Array(items) => Property::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| property(item, &format!("{at}[{i}]"), names))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(object) if object.contains_key("ref") || object.contains_key("fn") => {
            Property::Expr(expr(spec, at, names)?)
        }
        Value::Object(object) => Property::Object(property_entries(object, at, names)?),
        _ => Property::Literal(spec.clone()),
    })
}

/// A string's template form: text with `{Name}` and `{Name#path}` references, `{{` and `}}` for
/// braces. A string without references is a literal.
fn template(text: &str, names: &mut Names) -> Result<Expr, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.next_if(|(_, c)| *c == '{').is_some() => literal.push('{'),
            '}' if chars.next_if(|(_, c)| *c == '}').is_some() => literal.push('}'),
            '{' => {
                let rest = &text[i + 1..];
                let end = rest
                    .find('}')
                    .ok_or_else(|| format!("template {text:?}: an unclosed `{{`"))?;
                let reference = &rest[..end];
                for _ in 0..=reference.chars().count() {
                    chars.next();
                }
                if !literal.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut literal)));
                }
                parts.push(match reference.split_once('#') {
                    Some((name, path)) => Part::Ref(
                        names.slot(name),
                        path_steps(path).map_err(|e| format!("template {text:?}: {e}"))?,
                    ),
                    None => Part::Ref(names.slot(reference), Vec::new()),
                });
            }
            '}' => return Err(format!("template {text:?}: a lone `}}`")),
            c => literal.push(c),
        }
    }
    if parts.is_empty() {
        return Ok(Expr::Literal(Value::String(literal)));
    }
    if !literal.is_empty() {
        parts.push(Part::Text(literal));
    }
    Ok(Expr::Template(parts))
}

/// Checks that no condition assigns a name already in scope (a parameter, or a name an earlier
/// condition of its rule or of a rule around it assigned), which the rules language forbids: so
/// a rule's end takes its assignments out of scope by clearing their slots, with nothing to
/// restore.
fn no_shadowing(
    rules: &[Rule],
    at: &str,
    in_scope: &mut [bool],
    names: &[String],
) -> Result<(), EndpointError> {
    for (i, rule) in rules.iter().enumerate() {
        let mut outcome = Ok(());
        for (j, condition) in rule.conditions.iter().enumerate() {
            let Some(slot) = condition.assign else {
                continue;
            };
            match in_scope.get_mut(slot) {
                Some(place) if !*place => *place = true,
                _ => {
                    let name = names.get(slot).map_or("?", String::as_str);
                    outcome = Err(bad(format!(
                        "`{at}[{i}].conditions[{j}]` assigns `{name}`, which is already in scope"
                    )));
                    break;
                }
            }
        }
        if outcome.is_ok()
            && let RuleKind::Tree(inner) = &rule.kind
        {
            outcome = no_shadowing(inner, &format!("{at}[{i}].rules"), in_scope, names);
        }
        for &slot in &rule.assigns {
            if let Some(place) = in_scope.get_mut(slot) {
                *place = false;
            }
        }
        outcome?;
    }
    Ok(())
}

/// Turns the first conditions of each rule that test parameters into the [`Fact`]s they need, as
/// far as the first other condition (whose evaluation may fail, and must be reached as before),
/// a test that needs a fact both ways, or the [`FACTS`]th fact.
fn fold_facts(rules: &mut [Rule], parameters: &[Parameter], facts: &mut Vec<Fact>) {
    let is_a = |slot: Slot, kind| parameters.get(slot).is_some_and(|p| p.kind == kind);
    for rule in rules {
        let mut folded = 0;
        for condition in &rule.conditions {
            let (slot, is) = match &condition.test {
                Test::IsSet(slot) if *slot < parameters.len() => (*slot, Is::Set),
                Test::BooleanIs(slot, b) if is_a(*slot, ParamType::Boolean) => {
                    (*slot, Is::Boolean(*b))
                }
                Test::StringIs(slot, text) if is_a(*slot, ParamType::String) => {
                    (*slot, Is::String(text.clone()))
                }
                _ => break,
            };
            let fact = Fact { slot, is };
            let index = match facts.iter().position(|f| *f == fact) {
                Some(index) => index,
                None if facts.len() < FACTS => {
                    facts.push(fact);
                    facts.len() - 1
                }
                None => break,
            };
            let bit = 1 << index;
            let wanted = if condition.negated { 0 } else { bit };
            if rule.mask & bit != 0 && rule.facts & bit != wanted {
                break;
            }
            rule.mask |= bit;
            rule.facts |= wanted;
            folded += 1;
        }
        rule.conditions.drain(..folded);
        if let RuleKind::Tree(inner) = &mut rule.kind {
            fold_facts(inner, parameters, facts);
        }
    }
}

/// Turns each `substring` of literal bounds that is assigned to a name the next condition
/// compares with a literal (S3's `bucketSuffix`, `accessPointSuffix`, ...) into one
/// [`Test::SubstringIs`].
fn fuse_substrings(rules: &mut [Rule]) {
    for rule in rules {
        let mut fused = Vec::with_capacity(rule.conditions.len());
        let mut conditions = std::mem::take(&mut rule.conditions).into_iter().peekable();
        while let Some(condition) = conditions.next() {
            let next = conditions.peek();
            let fusion = match (&condition.test, condition.assign, next) {
                (
                    Test::Call(call),
                    Some(assigned),
                    Some(Condition {
                        test: Test::StringIs(compared, text),
                        negated: false,
                        assign: None,
                    }),
                ) if *compared == assigned => match (&call.function, call.args.as_slice()) {
                    (
                        function @ Function::SubstringOf {
                            start,
                            stop,
                            reverse,
                        },
                        [input],
                    ) => Some(SubstringIs {
                        function: function.clone(),
                        input: input.clone(),
                        start: *start,
                        stop: *stop,
                        reverse: *reverse,
                        value: Value::String(text.clone()),
                    }),
                    _ => None,
                },
                _ => None,
            };
            match fusion {
                Some(test) => {
                    conditions.next();
                    fused.push(Condition {
                        test: Test::SubstringIs(Box::new(test)),
                        negated: false,
                        assign: condition.assign,
                    });
                }
                None => fused.push(condition),
            }
        }
        rule.conditions = fused;
        if let RuleKind::Tree(inner) = &mut rule.kind {
            fuse_substrings(inner);
        }
    }
}

/// A `getAttr` path: keys separated by `.`, each maybe followed by `[index]`.
fn path_steps(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for segment in path.split('.') {
        let (key, index) = match segment.split_once('[') {
            Some((key, index)) => {
                let index = index
                    .strip_suffix(']')
                    .and_then(|i| i.parse::<usize>().ok())
                    .ok_or_else(|| format!("path `{path}`: bad index in `{segment}`"))?;
                (key, Some(index))
            }
            None => (segment, None),
        };
        if !key.is_empty() {
            steps.push(Step::Key(key.to_owned()));
        } else if index.is_none() {
            return Err(format!("path `{path}`: an empty segment"));
        }
        steps.extend(index.map(Step::Index));
    }
    Ok(steps)
}

// Evaluating one.

/// The values of the names in scope, by [`Slot`]: the parameters', then those conditions
/// assigned (`None` for a name not in scope), each value borrowed where it can be (from the
/// parameters, the rule set, the partitions). No assignment shadows a name in scope (reading
/// checked), so a rule's end clears the slots its conditions assigned.
struct Scope<'v, 'a> {
    values: &'v mut [Option<Option<Cow<'a, Value>>>],
    names: &'a [String],
    /// The rule set's facts, found as rules need them: bit `i` of `known` says whether its
    /// `fact_tests[i]` was tested, and bit `i` of `facts` whether that holds.
    fact_tests: &'a [Fact],
    known: u64,
    facts: u64,
    /// An endpoint to write the resolved one over, as [`write_endpoint`] does.
    spare: Option<Arc<ResolvedEndpoint>>,
}

impl<'a> Scope<'_, 'a> {
    fn get(&self, slot: Slot) -> Result<Option<&Value>, EndpointError> {
        match self.values.get(slot) {
            Some(Some(value)) => Ok(value.as_deref()),
            _ => Err(bad(format!(
                "a reference to `{}`, which is not in scope",
                self.name(slot)
            ))),
        }
    }

    fn name(&self, slot: Slot) -> &str {
        self.names.get(slot).map_or("?", String::as_str)
    }

    fn assign(&mut self, slot: Slot, value: Option<Cow<'a, Value>>) {
        if let Some(place) = self.values.get_mut(slot) {
            *place = Some(value);
        }
    }

    /// Tests the facts of the bits of `unknown`.
    fn find_facts(&mut self, mut unknown: u64) {
        self.known |= unknown;
        while unknown != 0 {
            let bit = unknown.trailing_zeros();
            unknown &= unknown - 1;
            let holds = self.fact_tests.get(bit as usize).is_some_and(|fact| {
                fact.holds(
                    self.values
                        .get(fact.slot)
                        .and_then(|v| v.as_ref()?.as_deref()),
                )
            });
            if holds {
                self.facts |= 1 << bit;
            }
        }
    }

    /// Takes the names `rule`'s conditions assigned out of scope.
    fn end(&mut self, rule: &Rule) {
        for &slot in &rule.assigns {
            if let Some(place) = self.values.get_mut(slot) {
                *place = None;
            }
        }
    }
}

/// Where the rules ended; an endpoint is shared from the start, so that what each rule returns
/// is small.
enum Outcome {
    Endpoint(Arc<ResolvedEndpoint>),
    Error(String),
}

fn evaluate_rules<'a>(
    rules: &'a [Rule],
    scope: &mut Scope<'_, 'a>,
) -> Result<Option<Outcome>, EndpointError> {
    for rule in rules {
        // Most rules end at their facts, before any assignment.
        let unknown = rule.mask & !scope.known;
        if unknown != 0 {
            scope.find_facts(unknown);
        }
        if scope.facts & rule.mask != rule.facts {
            continue;
        }
        let outcome = evaluate_rule(rule, scope);
        scope.end(rule);
        if let Some(outcome) = outcome? {
            return Ok(Some(outcome));
        }
    }
    Ok(None)
}

/// Whether `condition` holds in `scope`: `None` when it does not, else the value it assigns (a
/// call's value).
fn check<'a>(
    condition: &'a Condition,
    scope: &Scope<'_, 'a>,
) -> Result<Option<Option<Cow<'a, Value>>>, EndpointError> {
    let holds = match &condition.test {
        Test::IsSet(slot) => scope.get(*slot)?.is_some(),
        Test::BooleanIs(slot, expected) => match scope.get(*slot)? {
            Some(Value::Bool(b)) => b == expected,
            None => false,
            Some(other) => {
                return Err(bad(format!(
                    "{:?} expects a boolean, not {other}",
                    Function::BooleanEquals
                )));
            }
        },
        Test::StringIs(slot, expected) => match scope.get(*slot)? {
            Some(Value::String(s)) => s == expected,
            None => false,
            Some(other) => {
                return Err(bad(format!(
                    "{:?} expects a string, not {other}",
                    Function::StringEquals
                )));
            }
        },
        Test::Call(call) => {
            let value = evaluate_call(call, scope)?;
            return Ok(is_true(value.as_deref()).then_some(value));
        }
        Test::SubstringIs(test) => {
            let input = evaluate(&test.input, scope)?;
            let holds = match input.as_deref() {
                Some(Value::String(input)) => {
                    functions::substring(input, test.start, test.stop, test.reverse)
                        == test.value.as_str()
                }
                None => false,
                Some(other) => {
                    return Err(bad(format!(
                        "{:?} expects a string, not {other}",
                        test.function
                    )));
                }
            };
            return Ok(holds.then_some(Some(Cow::Borrowed(&test.value))));
        }
        Test::Known(value) => {
            return Ok(is_true(value.as_ref()).then(|| value.as_ref().map(Cow::Borrowed)));
        }
    };
    Ok((holds != condition.negated).then_some(None))
}

/// Whether a call's value lets its condition hold: it has one, and it is not `false`.
fn is_true(value: Option<&Value>) -> bool {
    !matches!(value, None | Some(Value::Bool(false)))
}

/// A rule whose facts hold: its other conditions, then what it gives.
fn evaluate_rule<'a>(
    rule: &'a Rule,
    scope: &mut Scope<'_, 'a>,
) -> Result<Option<Outcome>, EndpointError> {
    for condition in &rule.conditions {
        match check(condition, scope)? {
            None => return Ok(None),
            Some(value) => {
                if let Some(slot) = condition.assign {
                    scope.assign(slot, value);
                }
            }
        }
    }
    match &rule.kind {
        // A tree whose conditions hold is the end of the search, matched or not.
        RuleKind::Tree(rules) => evaluate_rules(rules, scope)?
            .map(Some)
            .ok_or(EndpointError::NoMatch),
        RuleKind::Error(message) => Ok(Some(Outcome::Error(text_of(message, scope)?))),
        RuleKind::Endpoint(spec) => {
            let spare = scope.spare.take();
            Ok(Some(Outcome::Endpoint(write_endpoint(spec, scope, spare)?)))
        }
    }
}

/// The endpoint `spec` gives, written over `spare` when nothing else holds that: what is already
/// as it should be is left as it is (an endpoint of the same rule has the same properties, and
/// a URL of about the same length), so that resolving another bucket, say, allocates nothing
/// for its endpoint once a rule set keeps as many as it can.
fn write_endpoint(
    spec: &EndpointSpec,
    scope: &Scope<'_, '_>,
    mut spare: Option<Arc<ResolvedEndpoint>>,
) -> Result<Arc<ResolvedEndpoint>, EndpointError> {
    if let Some(endpoint) = spare.as_mut().and_then(Arc::get_mut) {
        write_fields(spec, scope, endpoint)?;
        if let Some(endpoint) = spare {
            return Ok(endpoint);
        }
    }
    let mut endpoint = ResolvedEndpoint {
        url: String::new(),
        headers: BTreeMap::new(),
        properties: Map::new(),
    };
    write_fields(spec, scope, &mut endpoint)?;
    Ok(Arc::new(endpoint))
}

fn write_fields(
    spec: &EndpointSpec,
    scope: &Scope<'_, '_>,
    endpoint: &mut ResolvedEndpoint,
) -> Result<(), EndpointError> {
    match &spec.url {
        Expr::Template(parts) => {
            endpoint.url.clear();
            write_template(parts, scope, &mut endpoint.url)?;
        }
        Expr::Literal(Value::String(url)) => url.clone_into(&mut endpoint.url),
        url => endpoint.url = text_of(url, scope)?,
    }
    if spec.headers.is_empty() {
        endpoint.headers.clear();
    } else {
        let mut headers = BTreeMap::new();
        for (name, values) in &spec.headers {
            let values = values
                .iter()
                .map(|v| text_of(v, scope))
                .collect::<Result<_, _>>()?;
            headers.insert(name.clone(), values);
        }
        endpoint.headers = headers;
    }
    write_entries(&mut endpoint.properties, &spec.properties, scope)
}

/// Writes an object's entries over `object`: in place when it has the same keys.
fn write_entries(
    object: &mut Map<String, Value>,
    entries: &[(String, Property)],
    scope: &Scope<'_, '_>,
) -> Result<(), EndpointError> {
    let same_keys = object.len() == entries.len()
        && object
            .keys()
            .zip(entries)
            .all(|(key, (name, _))| key == name);
    if same_keys {
        for (value, (_, property)) in object.values_mut().zip(entries) {
            write_property(value, property, scope)?;
        }
    } else {
        // Inserted one by one: collecting would gather and sort the entries first.
        object.clear();
        for (key, property) in entries {
            object.insert(key.clone(), evaluate_property(property, scope)?);
        }
    }
    Ok(())
}

/// Writes a property's value over `target`, changing only what differs.
fn write_property(
    target: &mut Value,
    property: &Property,
    scope: &Scope<'_, '_>,
) -> Result<(), EndpointError> {
    match (property, target) {
        (Property::Literal(value), target) => {
            if target != value {
                value.clone_into(target);
            }
        }
        (Property::Expr(expr), target) => {
            let value =
                evaluate(expr, scope)?.ok_or_else(|| bad("a property's value is not set"))?;
            if *target != *value {
                if let (Value::String(old), Value::String(new)) = (&mut *target, &*value) {
                    new.clone_into(old);
                } else {
                    *target = value.into_owned();
                }
            }
        }
        (Property::Array(items), Value::Array(values)) if items.len() == values.len() => {
            for (value, item) in values.iter_mut().zip(items) {
                write_property(value, item, scope)?;
            }
        }
        (Property::Object(entries), Value::Object(object)) => {
            write_entries(object, entries, scope)?;
        }
        (property, target) => *target = evaluate_property(property, scope)?,
    }
    Ok(())
}

fn evaluate_property(property: &Property, scope: &Scope<'_, '_>) -> Result<Value, EndpointError> {
    Ok(match property {
        Property::Literal(value) => value.clone(),
        Property::Expr(expr) => evaluate(expr, scope)?
            .ok_or_else(|| bad("a property's value is not set"))?
            .into_owned(),
        Property::Array(items) => {
            let mut array = Vec::with_capacity(items.len());
            for item in items {
                array.push(evaluate_property(item, scope)?);
            }
            Value::Array(array)
        }
        Property::Object(entries) => {
            let mut object = Map::new();
            write_entries(&mut object, entries, scope)?;
            Value::Object(object)
        }
    })
}

/// An expression that must give a string: a URL, a header value, an error message.
fn text_of(expr: &Expr, scope: &Scope<'_, '_>) -> Result<String, EndpointError> {
    match evaluate(expr, scope)?.map(Cow::into_owned) {
        Some(Value::String(text)) => Ok(text),
        other => Err(bad(format!("expected a string, got {other:?}"))),
    }
}

/// The value of `expr`, borrowed from the rule set or the scope where it is there.
fn evaluate<'s>(
    expr: &'s Expr,
    scope: &'s Scope<'_, '_>,
) -> Result<Option<Cow<'s, Value>>, EndpointError> {
    Ok(match expr {
        Expr::Literal(value) => Some(Cow::Borrowed(value)),
        Expr::Ref(slot) => scope.get(*slot)?.map(Cow::Borrowed),
        Expr::Call(call) => evaluate_call(call, scope)?,
        // A template that is one reference to a string is that string: nothing to build.
        Expr::Template(parts)
            if let [Part::Ref(slot, path)] = parts.as_slice()
                && let Some(value @ Value::String(_)) =
                    scope.get(*slot)?.and_then(|v| walk(v, path)) =>
        {
            Some(Cow::Borrowed(value))
        }
        Expr::Template(parts) => {
            // Room for the literal text and a region-sized value per reference, so that a URL
            // is built in one allocation.
            let room = parts
                .iter()
                .map(|part| match part {
                    Part::Text(literal) => literal.len(),
                    Part::Ref(..) => 16,
                })
                .sum();
            let mut text = String::with_capacity(room);
            write_template(parts, scope, &mut text)?;
            Some(Cow::Owned(Value::String(text)))
        }
    })
}

/// Appends a template's text to `text`.
fn write_template(
    parts: &[Part],
    scope: &Scope<'_, '_>,
    text: &mut String,
) -> Result<(), EndpointError> {
    for part in parts {
        match part {
            Part::Text(literal) => text.push_str(literal),
            Part::Ref(slot, path) => {
                let value = scope.get(*slot)?.and_then(|v| walk(v, path));
                match value.and_then(text_of_value) {
                    Some(value) => text.push_str(&value),
                    None => {
                        return Err(bad(format!(
                            "a template takes `{}`, which has no text here",
                            scope.name(*slot)
                        )));
                    }
                }
            }
        }
    }
    Ok(())
}

/// A value's text in a template: a string's, `true` or `false`, a number's digits.
fn text_of_value(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(text) => Some(Cow::Borrowed(text)),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

fn walk<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.get(key.as_str()),
        Step::Index(index) => value.get(*index),
    })
}

/// A call's value: made here, or borrowed from the embedded partitions.
fn evaluate_call(
    call: &Call,
    scope: &Scope<'_, '_>,
) -> Result<Option<Cow<'static, Value>>, EndpointError> {
    // Reading checked each call's arity, at most four (`substring`): no allocation per call.
    let mut args: [Option<Cow<'_, Value>>; 4] = Default::default();
    for (slot, arg) in args.iter_mut().zip(&call.args) {
        *slot = evaluate(arg, scope)?;
    }
    let text = |i: usize| -> Result<Option<&str>, EndpointError> {
        match args.get(i).and_then(Option::as_deref) {
            Some(Value::String(s)) => Ok(Some(s)),
            None => Ok(None),
            Some(other) => Err(bad(format!(
                "{:?} expects a string, not {other}",
                call.function
            ))),
        }
    };
    let boolean = |i: usize| -> Result<Option<bool>, EndpointError> {
        match args.get(i).and_then(Option::as_deref) {
            Some(Value::Bool(b)) => Ok(Some(*b)),
            None => Ok(None),
            Some(other) => Err(bad(format!(
                "{:?} expects a boolean, not {other}",
                call.function
            ))),
        }
    };
    let number = |i: usize| -> Result<usize, EndpointError> {
        args.get(i)
            .and_then(Option::as_deref)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| bad(format!("{:?} expects a number", call.function)))
    };
    let owned = |value: Value| Some(Cow::Owned(value));
    let flag = |b: bool| owned(Value::Bool(b));
    let string = |s: String| owned(Value::String(s));
    Ok(match &call.function {
        Function::IsSet => flag(args.first().is_some_and(Option::is_some)),
        Function::Not => boolean(0)?.and_then(|b| flag(!b)),
        Function::GetAttr(path) => args
            .first()
            .and_then(Option::as_deref)
            .and_then(|v| walk(v, path))
            .cloned()
            .and_then(owned),
        Function::StringEquals => match (text(0)?, text(1)?) {
            (Some(a), Some(b)) => flag(a == b),
            _ => flag(false),
        },
        Function::BooleanEquals => match (boolean(0)?, boolean(1)?) {
            (Some(a), Some(b)) => flag(a == b),
            _ => flag(false),
        },
        Function::Substring => match (text(0)?, boolean(3)?) {
            (Some(input), Some(reverse)) => {
                functions::substring(input, number(1)?, number(2)?, reverse)
                    .map(str::to_owned)
                    .and_then(string)
            }
            _ => None,
        },
        Function::SubstringOf {
            start,
            stop,
            reverse,
        } => text(0)?
            .and_then(|input| functions::substring(input, *start, *stop, *reverse))
            .map(str::to_owned)
            .and_then(string),
        Function::UriEncode => text(0)?.map(functions::uri_encode).and_then(string),
        Function::ParseUrl => text(0)?.and_then(functions::parse_url).and_then(owned),
        Function::IsValidHostLabel => match (text(0)?, boolean(1)?) {
            (Some(value), Some(sub)) => flag(functions::is_valid_host_label(value, sub)),
            _ => flag(false),
        },
        Function::Partition => match text(0)? {
            Some(region) => partitions::partition(region)
                .map_err(bad)?
                .map(Cow::Borrowed),
            None => None,
        },
        Function::ParseArn => text(0)?.and_then(functions::parse_arn).and_then(owned),
        Function::IsVirtualHostableS3Bucket => match (text(0)?, boolean(1)?) {
            (Some(value), Some(sub)) => flag(functions::is_virtual_hostable_s3_bucket(value, sub)),
            _ => flag(false),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn rules(rules: &str) -> RuleSet {
        let text = format!(
            r#"{{"version": "1.0", "parameters": {{
                "Region": {{"type": "String", "builtIn": "AWS::Region"}},
                "UseFIPS": {{"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false}},
                "Bucket": {{"type": "string"}}
            }}, "rules": {rules}}}"#
        );
        match RuleSet::parse(&text) {
            Ok(rules) => rules,
            Err(e) => RuleSet {
                parameters: Vec::new(),
                by_name: Vec::new(),
                rules: vec![Rule {
                    mask: 0,
                    facts: 0,
                    conditions: Vec::new(),
                    assigns: Vec::new(),
                    kind: RuleKind::Error(Expr::Literal(Value::String(e.to_string()))),
                }],
                names: Vec::new(),
                facts: Vec::new(),
                configured: Vec::new(),
                specials: fold::Specials::default(),
                recent: Recent::default(),
            },
        }
    }

    fn resolve(rule_set: &RuleSet, params: Params) -> Result<String, String> {
        rule_set
            .resolve(&params)
            .map(|e| e.url.clone())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn templates_read_references_paths_and_braces() {
        let set = rules(
            r#"[{"conditions": [{"fn": "aws.partition", "argv": ["{Region}"], "assign": "P"}],
                 "endpoint": {"url": "https://{{x}}.{Region}.{P#dnsSuffix}"}, "type": "endpoint"}]"#,
        );
        assert_eq!(
            resolve(&set, Params::new().string("Region", "us-gov-west-1")),
            Ok("https://{x}.us-gov-west-1.amazonaws.com".to_owned())
        );
    }

    #[test]
    fn assignments_end_with_their_rule() {
        let set = rules(
            r#"[{"conditions": [{"fn": "parseURL", "argv": ["https://a.example"], "assign": "U"},
                                {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                 "endpoint": {"url": "{U#authority}"}, "type": "endpoint"},
                {"conditions": [{"fn": "isSet", "argv": [{"ref": "U"}]}],
                 "error": "U leaked", "type": "error"}]"#,
        );
        assert_eq!(
            resolve(&set, Params::new()),
            Err("bad endpoint rule set: a reference to `U`, which is not in scope".to_owned())
        );
        assert_eq!(
            resolve(&set, Params::new().boolean("UseFIPS", true)),
            Ok("a.example".to_owned())
        );
    }

    #[test]
    fn get_attr_walks_keys_and_indexes() {
        let set = rules(
            r#"[{"conditions": [{"fn": "aws.parseArn", "argv": [{"ref": "Bucket"}], "assign": "A"},
                                {"fn": "getAttr", "argv": [{"ref": "A"}, "resourceId[1]"], "assign": "Id"}],
                 "endpoint": {"url": "https://{Id}.{A#region}", "headers": {"x-id": ["{A#resourceId[0]}"]},
                              "properties": {"authSchemes": [{"name": "sigv4", "signingName": "{A#service}"}]}},
                 "type": "endpoint"}]"#,
        );
        let endpoint =
            set.resolve(&Params::new().string("Bucket", "arn:aws:s3:us-east-1:1:accesspoint:ap"));
        let Ok(endpoint) = endpoint else {
            return assert!(endpoint.is_ok(), "{endpoint:?}");
        };
        assert_eq!(endpoint.url, "https://ap.us-east-1");
        assert_eq!(endpoint.headers["x-id"], ["accesspoint"]);
        assert_eq!(
            endpoint.auth_schemes(),
            [serde_json::json!({"name": "sigv4", "signingName": "s3"})]
        );
    }

    #[test]
    fn conditions_read_as_tests_give_what_their_calls_give() {
        let conditions = [
            r#"{"fn": "isSet", "argv": [{"ref": "Bucket"}]}"#,
            r#"{"fn": "not", "argv": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}]}"#,
            r#"{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}"#,
            r#"{"fn": "not", "argv": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, false]}]}"#,
            r#"{"fn": "stringEquals", "argv": [{"ref": "Region"}, "us-east-1"]}"#,
            r#"{"fn": "not", "argv": [{"fn": "stringEquals", "argv": [{"ref": "Bucket"}, "b"]}]}"#,
            r#"{"fn": "booleanEquals", "argv": [{"ref": "Region"}, true]}"#,
            r#"{"fn": "stringEquals", "argv": [{"ref": "UseFIPS"}, "true"]}"#,
            r#"{"fn": "isSet", "argv": [{"ref": "Elsewhere"}]}"#,
        ];
        let params = [
            Params::new(),
            Params::new()
                .string("Region", "us-east-1")
                .boolean("UseFIPS", true)
                .string("Bucket", "b"),
            Params::new()
                .string("Region", "eu-west-1")
                .string("Bucket", "c"),
        ];
        // Each condition alone, and each pair: tests of parameters become the facts a rule
        // needs (a pair may need one both ways), other tests stay tests.
        let mut lists: Vec<Vec<&str>> = conditions.iter().map(|c| vec![*c]).collect();
        for a in conditions {
            lists.extend(conditions.iter().map(|b| vec![a, *b]));
        }
        for list in lists {
            let condition = list.join(", ");
            // An assignment keeps a condition a call.
            let assigned = list
                .iter()
                .enumerate()
                .map(|(i, c)| c.replacen('{', &format!(r#"{{"assign": "Out{i}", "#), 1))
                .collect::<Vec<_>>()
                .join(", ");
            let [tested, called] = [&condition, &assigned].map(|c| {
                rules(&format!(
                    r#"[{{"conditions": [{c}], "endpoint": {{"url": "https://yes"}}, "type": "endpoint"}},
                        {{"conditions": [], "error": "no", "type": "error"}}]"#
                ))
            });
            let Some(rule) = tested.rules.first() else {
                panic!("{condition}: {tested:?}");
            };
            assert!(
                rule.mask.count_ones() as usize + rule.conditions.len() <= list.len()
                    && rule
                        .conditions
                        .iter()
                        .all(|c| !matches!(c.test, Test::Call(_))),
                "{condition}: {rule:?}"
            );
            let called_rule = called.rules.first();
            assert!(
                called_rule
                    .is_some_and(|r| r.mask == 0
                        && r.conditions.iter().all(|c| matches!(c.test, Test::Call(_)))),
                "{assigned}"
            );
            for params in &params {
                assert_eq!(
                    resolve(&tested, params.clone()),
                    resolve(&called, params.clone()),
                    "{condition} with {params:?}"
                );
            }
        }
    }

    #[test]
    fn a_tree_that_matches_nothing_ends_the_search() {
        let set = rules(
            r#"[{"conditions": [], "rules": [], "type": "tree"},
                {"conditions": [], "endpoint": {"url": "https://never"}, "type": "endpoint"}]"#,
        );
        assert_eq!(
            resolve(&set, Params::new()),
            Err("no endpoint rule matched the parameters".to_owned())
        );
    }

    #[test]
    fn parameters_are_checked() {
        let set = rules(r#"[]"#);
        assert_eq!(
            resolve(&set, Params::new().string("UseFIPS", "yes")),
            Err("endpoint parameter: `UseFIPS` must be a Boolean, not \"yes\"".to_owned())
        );
    }

    #[test]
    fn bad_rule_sets_say_where() {
        let errors = [
            (
                r#"[{"conditions": [], "type": "teapot"}]"#,
                "`rules[0].type`: unknown rule type `teapot`",
            ),
            (
                r#"[{"conditions": [{"fn": "nope", "argv": []}], "error": "x", "type": "error"}]"#,
                "`rules[0].conditions[0].fn`: unknown function `nope`",
            ),
            (
                r#"[{"conditions": [{"fn": "not", "argv": []}], "error": "x", "type": "error"}]"#,
                "`rules[0].conditions[0]`: `not` takes 1 arguments, not 0",
            ),
            (
                r#"[{"conditions": [], "error": "{Region", "type": "error"}]"#,
                "`rules[0].error`: template \"{Region\": an unclosed `{`",
            ),
            (
                r#"[{"conditions": [], "endpoint": {}, "type": "endpoint"}]"#,
                "`rules[0].endpoint` has no `url`",
            ),
            (
                r#"[{"conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "Region"}],
                     "error": "x", "type": "error"}]"#,
                "`rules[0].conditions[0]` assigns `Region`, which is already in scope",
            ),
            (
                r#"[{"conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "P"}], "type": "tree",
                     "rules": [{"conditions": [], "error": "x", "type": "error"},
                               {"conditions": [{"fn": "aws.partition", "argv": ["y"], "assign": "P"}],
                                "error": "x", "type": "error"}]}]"#,
                "`rules[0].rules[1].conditions[0]` assigns `P`, which is already in scope",
            ),
        ];
        for (set, message) in errors {
            assert_eq!(
                resolve(&rules(set), Params::new()),
                Err(format!("bad endpoint rule set: {message}"))
            );
        }
    }

    #[test]
    fn endpoints_written_over_older_ones_are_as_new_ones() {
        let set = rules(
            r#"[{"conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]},
                                {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                 "endpoint": {"url": "https://{Bucket}.fips.example.com",
                              "headers": {"x-b": ["{Bucket}"]},
                              "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}"}]}},
                 "type": "endpoint"},
                {"conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}],
                 "endpoint": {"url": "https://{Bucket}.example.com",
                              "properties": {"authSchemes": [{"name": "sigv4a", "signingRegionSet": ["*"]}],
                                             "other": "{Bucket}"}},
                 "type": "endpoint"},
                {"conditions": [], "endpoint": {"url": "https://example.com"}, "type": "endpoint"}]"#,
        );
        let params = |i: usize| {
            let params = Params::new().string("Region", format!("r{}", i % 3));
            match i % 4 {
                0 => params,
                1 => params.string("Bucket", format!("b{i}")),
                _ => params
                    .string("Bucket", format!("bucket-{i}"))
                    .boolean("UseFIPS", i.is_multiple_of(3)),
            }
        };
        for i in 0..3 * RECENT {
            let kept = set.resolve(&params(i));
            let fresh = set.clone().resolve(&params(i));
            assert_eq!(kept, fresh, "{:?}", params(i));
        }
    }

    #[test]
    fn params_are_kept_by_name() {
        let params = Params::new()
            .string("b", "1")
            .boolean("a", true)
            .string("b", "2");
        assert_eq!(params.get("b"), Some(&Value::String("2".to_owned())));
        assert_eq!(params.get("c"), None);
        assert_eq!(
            format!("{params:?}"),
            r#"Params({"a": Bool(true), "b": String("2")})"#
        );
        assert_eq!(params, Params::new().boolean("a", true).string("b", "2"));
        // The names most calls set are kept without a copy, and read as any other.
        let params = params.string("Region", "r").string("Bucket", "x");
        assert_eq!(
            format!("{params:?}"),
            r#"Params({"Bucket": String("x"), "Region": String("r"), "a": Bool(true), "b": String("2")})"#
        );
        assert_eq!(params.get("Region"), Some(&Value::String("r".to_owned())));
    }

    #[test]
    fn keys_tell_parameter_sets_apart() {
        let sets = [
            Params::new(),
            Params::new().string("a", "bc"),
            Params::new().string("ab", "c"),
            Params::new().string("a", "b").string("c", ""),
            Params::new().string("a", "1"),
            Params::new().boolean("a", true),
            Params::new().boolean("a", false),
            Params::new().value("a", serde_json::json!(["1"])),
            Params::new().value("a", serde_json::json!(["1", "2"])),
        ];
        for (i, one) in sets.iter().enumerate() {
            for (j, other) in sets.iter().enumerate() {
                let mut key = b"left over".to_vec();
                key_into(one, &mut key);
                assert_eq!(is_key_of(&key, other), i == j, "{one:?} against {other:?}");
            }
        }
    }

    #[test]
    fn the_last_hundred_resolutions_are_kept_and_give_the_same_endpoints() {
        let set = rules(
            r#"[{"conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}],
                 "endpoint": {"url": "https://{Bucket}.example.com", "properties": {"p": [1]}},
                 "type": "endpoint"},
                {"conditions": [], "error": "no bucket", "type": "error"}]"#,
        );
        let bucket = |i: usize| Params::new().string("Bucket", format!("b{i}"));
        let first = set.resolve(&bucket(0)).expect("an endpoint");
        assert_eq!(set.recent.len(), 1);
        assert_eq!(set.resolve(&bucket(0)), Ok(first.clone()));
        assert_eq!(set.recent.len(), 1);
        // Another value of a parameter is another resolution; errors are not kept.
        assert_eq!(resolve(&set, Params::new()), Err("no bucket".to_owned()));
        assert_eq!(set.recent.len(), 1);
        for i in 1..250 {
            assert_eq!(
                resolve(&set, bucket(i)),
                Ok(format!("https://b{i}.example.com"))
            );
        }
        assert_eq!(set.recent.len(), RECENT);
        // The oldest went first, and resolve again as they did.
        assert_eq!(set.resolve(&bucket(0)), Ok(first));
        assert_eq!(
            resolve(&set, bucket(249)),
            Ok("https://b249.example.com".to_owned())
        );
        // A copy is the same rule set, with nothing kept.
        assert_eq!(set.clone(), set);
        assert_eq!(set.clone().recent.len(), 0);
    }
}

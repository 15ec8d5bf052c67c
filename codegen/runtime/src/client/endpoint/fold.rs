//! The rules of a rule set specialized for the values of its configured parameters (those with
//! a built-in: `Region`, `UseFIPS`, `Endpoint`, ...), which a program's calls share, while the
//! others (S3's `Bucket`, `Key`, ...) come from each call's input.
//!
//! What only the configured values decide is decided once, when a configuration is first used:
//! tests of them, the calls they feed (`aws.partition(Region)`) and the template text they fill
//! in (`.s3.{Region}.{partitionResult#dnsSuffix}`). A rule that cannot match is dropped, and so
//! are the rules after one that is always entered. What is left is evaluated for each call as
//! the rules are, and gives what the rules give, errors included: a condition whose evaluation
//! fails here is kept as it is, to fail in its place.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::{
    Call, Condition, EndpointSpec, Expr, Part, Property, Rule, RuleKind, RuleSet, Scope, Slot,
    Test, check, evaluate, text_of_value, walk,
};

/// The values of an evaluation's scope, by [`Slot`], as [`Scope`] holds them.
type Values<'a> = [Option<Option<Cow<'a, Value>>>];

/// A rule set's rules specialized for one configuration.
pub(super) struct Special {
    /// The configured parameters' values (given or default), by slot.
    configured: Vec<(Slot, Option<Value>)>,
    rules: Vec<Rule>,
}

impl Special {
    pub(super) fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Whether this is the specialization for the configured values of `values`.
    fn is_for(&self, values: &Values<'_>) -> bool {
        self.configured.iter().all(|(slot, value)| {
            values.get(*slot).and_then(|v| v.as_ref()?.as_deref()) == value.as_ref()
        })
    }
}

/// A rule set's specialization for the first configuration it resolves for, which most
/// programs keep for their life; read without a lock. Other configurations are resolved by the
/// rules as they are: a program that switches among many is never held up specializing them. A
/// copy of a rule set starts with none.
#[derive(Default)]
pub(super) struct Specials(OnceLock<Arc<Special>>);

impl Specials {
    /// The rules of `rule_set` specialized for the configured values of `values` (the scope of
    /// an evaluation, its parameters set): specialized now if these are the first, `None` if
    /// another configuration came first.
    pub(super) fn for_values(
        &self,
        rule_set: &RuleSet,
        values: &Values<'_>,
    ) -> Option<Arc<Special>> {
        let special = self
            .0
            .get_or_init(|| Arc::new(specialize(rule_set, values)));
        special.is_for(values).then(|| special.clone())
    }

    fn len(&self) -> usize {
        usize::from(self.0.get().is_some())
    }
}

impl Clone for Specials {
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// What is specialized is not part of what a rule set is.
impl PartialEq for Specials {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for Specials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} specialized", self.len())
    }
}

fn specialize(rule_set: &RuleSet, values: &Values<'_>) -> Special {
    let mut slots: Vec<Option<Option<Cow<'_, Value>>>> = vec![None; rule_set.names.len()];
    let mut known = vec![false; rule_set.names.len()];
    // Every parameter is in scope; only the configured ones are known.
    for place in slots.iter_mut().take(rule_set.parameters.len()) {
        *place = Some(None);
    }
    let mut configured = Vec::with_capacity(rule_set.configured.len());
    for &slot in &rule_set.configured {
        let value = values.get(slot).cloned().flatten();
        configured.push((slot, value.as_ref().and_then(Option::as_deref).cloned()));
        if let (Some(place), Some(known)) = (slots.get_mut(slot), known.get_mut(slot)) {
            *place = Some(value.flatten());
            *known = true;
        }
    }
    let mut folding = Folding {
        scope: Scope {
            values: &mut slots,
            names: &rule_set.names,
            fact_tests: &rule_set.facts,
            known: 0,
            facts: 0,
            spare: None,
        },
        known,
    };
    let rules = folding.rules(&rule_set.rules);
    Special { configured, rules }
}

/// The scope of a specialization: the configured parameters set, the others in scope but not
/// known, and what conditions assign as they are met.
struct Folding<'v, 'a> {
    scope: Scope<'v, 'a>,
    /// Whether each slot's value is the same for every call of this configuration.
    known: Vec<bool>,
}

/// What a condition gives when the rules are specialized.
enum Found<'a> {
    /// It holds for every call, assigning this value.
    Holds(Option<Cow<'a, Value>>),
    /// It holds for no call.
    Fails,
    /// It depends on the call, or its evaluation fails: it stays.
    Unknown,
}

impl<'a> Folding<'_, 'a> {
    fn rules(&mut self, rules: &'a [Rule]) -> Vec<Rule> {
        let mut folded = Vec::new();
        for rule in rules {
            if let Some((rule, entered)) = self.rule(rule) {
                folded.push(rule);
                // The search ends at a rule it enters: the rules after it are never reached.
                if entered {
                    break;
                }
            }
        }
        folded
    }

    /// `rule` specialized, and whether every call enters it; `None` when no call does.
    fn rule(&mut self, rule: &'a Rule) -> Option<(Rule, bool)> {
        let (mask, facts) = self.facts(rule)?;
        let mut conditions: Vec<Condition> = Vec::new();
        let mut fails = false;
        for condition in &rule.conditions {
            match self.condition(condition) {
                Found::Holds(value) => {
                    if let Some(slot) = condition.assign {
                        conditions.push(Condition {
                            test: Test::Known(value.as_deref().cloned()),
                            negated: false,
                            assign: Some(slot),
                        });
                        self.set(slot, value, true);
                    }
                }
                Found::Fails => {
                    fails = true;
                    break;
                }
                Found::Unknown => {
                    conditions.push(self.kept(condition));
                    if let Some(slot) = condition.assign {
                        self.set(slot, None, false);
                    }
                }
            }
        }
        // Conditions kept before one that fails may fail differently for some call (an error):
        // then the rule stays, never entered; else it goes.
        let always_met = |conditions: &[Condition]| {
            conditions
                .iter()
                .all(|c| matches!(c.test, Test::Known(Some(_))))
        };
        let folded = match (fails, &rule.kind) {
            (true, _) if always_met(&conditions) => None,
            (true, _) => {
                conditions.push(Condition {
                    test: Test::Known(None),
                    negated: false,
                    assign: None,
                });
                Some(RuleKind::Tree(Vec::new()))
            }
            (false, RuleKind::Tree(inner)) => Some(RuleKind::Tree(self.rules(inner))),
            (false, RuleKind::Endpoint(spec)) => {
                Some(RuleKind::Endpoint(Box::new(self.endpoint(spec))))
            }
            (false, RuleKind::Error(message)) => Some(RuleKind::Error(self.expr(message))),
        };
        for &slot in &rule.assigns {
            if let (Some(place), Some(known)) =
                (self.scope.values.get_mut(slot), self.known.get_mut(slot))
            {
                *place = None;
                *known = false;
            }
        }
        let kind = folded?;
        let entered = !fails && mask == 0 && always_met(&conditions);
        let assigns = conditions.iter().filter_map(|c| c.assign).collect();
        Some((
            Rule {
                mask,
                facts,
                conditions,
                assigns,
                kind,
            },
            entered,
        ))
    }

    /// The facts `rule` needs of parameters not configured; `None` when one of the configured
    /// ones is not as it needs.
    fn facts(&self, rule: &Rule) -> Option<(u64, u64)> {
        let (mut mask, mut facts) = (rule.mask, rule.facts);
        let mut bits = rule.mask;
        while bits != 0 {
            let index = bits.trailing_zeros();
            bits &= bits - 1;
            let bit = 1 << index;
            let Some(fact) = self.scope.fact_tests.get(index as usize) else {
                continue;
            };
            if self.knows(fact.slot) {
                let value = self.scope.get(fact.slot).ok().flatten();
                if fact.holds(value) != (rule.facts & bit != 0) {
                    return None;
                }
                mask &= !bit;
                facts &= !bit;
            }
        }
        Some((mask, facts))
    }

    fn condition(&self, condition: &'a Condition) -> Found<'a> {
        let known = match &condition.test {
            Test::IsSet(slot) | Test::BooleanIs(slot, _) | Test::StringIs(slot, _) => {
                self.knows(*slot)
            }
            Test::Call(call) => call.args.iter().all(|arg| self.knows_expr(arg)),
            Test::SubstringIs(test) => self.knows_expr(&test.input),
            Test::Known(_) => true,
        };
        if !known {
            return Found::Unknown;
        }
        match check(condition, &self.scope) {
            Ok(Some(value)) => Found::Holds(value),
            Ok(None) => Found::Fails,
            Err(_) => Found::Unknown,
        }
    }

    /// A condition that depends on the call, with what is known of its call's arguments filled
    /// in.
    fn kept(&self, condition: &'a Condition) -> Condition {
        let test = match &condition.test {
            Test::Call(call) => Test::Call(Box::new(self.call(call))),
            test => test.clone(),
        };
        Condition {
            test,
            negated: condition.negated,
            assign: condition.assign,
        }
    }

    fn set(&mut self, slot: Slot, value: Option<Cow<'a, Value>>, known: bool) {
        self.scope.assign(slot, value);
        if let Some(place) = self.known.get_mut(slot) {
            *place = known;
        }
    }

    fn knows(&self, slot: Slot) -> bool {
        self.known.get(slot).copied().unwrap_or(false)
    }

    fn knows_expr(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Literal(_) => true,
            Expr::Ref(slot) => self.knows(*slot),
            Expr::Template(parts) => parts.iter().all(|part| match part {
                Part::Text(_) => true,
                Part::Ref(slot, _) => self.knows(*slot),
            }),
            Expr::Call(call) => call.args.iter().all(|arg| self.knows_expr(arg)),
        }
    }

    /// `expr` with what is known of it evaluated: a literal when all of it is known and has a
    /// value.
    fn expr(&self, expr: &'a Expr) -> Expr {
        match expr {
            Expr::Template(parts) => self.template(parts),
            Expr::Call(call) if !self.knows_expr(expr) => Expr::Call(Box::new(self.call(call))),
            Expr::Ref(_) | Expr::Call(_) if self.knows_expr(expr) => {
                match evaluate(expr, &self.scope) {
                    Ok(Some(value)) => Expr::Literal(value.into_owned()),
                    _ => expr.clone(),
                }
            }
            _ => expr.clone(),
        }
    }

    fn call(&self, call: &'a Call) -> Call {
        Call {
            function: call.function.clone(),
            args: call.args.iter().map(|arg| self.expr(arg)).collect(),
        }
    }

    /// A template with its known references written in as text.
    fn template(&self, parts: &'a [Part]) -> Expr {
        let mut folded: Vec<Part> = Vec::with_capacity(parts.len());
        for part in parts {
            let text = match part {
                Part::Text(text) => Some(Cow::Borrowed(text.as_str())),
                Part::Ref(slot, path) if self.knows(*slot) => self
                    .scope
                    .get(*slot)
                    .ok()
                    .flatten()
                    .and_then(|value| walk(value, path))
                    .and_then(text_of_value),
                Part::Ref(..) => None,
            };
            match (text, folded.last_mut()) {
                (Some(text), Some(Part::Text(last))) => last.push_str(&text),
                (Some(text), _) => folded.push(Part::Text(text.into_owned())),
                (None, _) => folded.push(part.clone()),
            }
        }
        match folded.as_slice() {
            [Part::Text(text)] => Expr::Literal(Value::String(text.clone())),
            _ => Expr::Template(folded),
        }
    }

    fn endpoint(&self, spec: &'a EndpointSpec) -> EndpointSpec {
        EndpointSpec {
            url: self.expr(&spec.url),
            headers: spec
                .headers
                .iter()
                .map(|(name, values)| (name.clone(), values.iter().map(|v| self.expr(v)).collect()))
                .collect(),
            properties: spec
                .properties
                .iter()
                .map(|(name, property)| (name.clone(), self.property(property)))
                .collect(),
        }
    }

    fn property(&self, property: &'a Property) -> Property {
        match property {
            Property::Literal(_) => property.clone(),
            Property::Expr(expr) => match self.expr(expr) {
                Expr::Literal(value) => Property::Literal(value),
                expr => Property::Expr(expr),
            },
            Property::Array(items) => {
                Property::Array(items.iter().map(|item| self.property(item)).collect())
            }
            Property::Object(entries) => Property::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), self.property(value)))
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::endpoint::tests::rules;
    use crate::client::endpoint::{EndpointError, Params, ResolvedEndpoint};

    /// What `params` resolve to by rules specialized for their configuration, and by the rules
    /// as they are (a copy specialized for another configuration first).
    fn both(set: &RuleSet, params: &Params) -> [Result<ResolvedEndpoint, EndpointError>; 2] {
        let specialized = set.clone();
        let plain = set.clone();
        let _ = plain.resolve(&Params::new().string("Region", "elsewhere-9"));
        [specialized, plain].map(|set| set.resolve(params).map(|e| (*e).clone()))
    }

    const RULES: &str = r#"[
        {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
         "error": "no FIPS in {Region}", "type": "error"},
        {"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
         "type": "tree", "rules": [
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]},
                            {"fn": "substring", "argv": [{"ref": "Bucket"}, 0, 2, true], "assign": "S"},
                            {"fn": "stringEquals", "argv": [{"ref": "S"}, "-x"]}],
             "endpoint": {"url": "https://{Bucket}.x.{Region}.{P#dnsSuffix}",
                          "properties": {"s": "{S}"}}, "type": "endpoint"},
            {"conditions": [],
             "endpoint": {"url": "https://s3.{Region}.{P#dnsSuffix}",
                          "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}"}]}},
             "type": "endpoint"}]}]"#;

    #[test]
    fn what_the_configuration_decides_is_decided_once() {
        let set = rules(RULES);
        let params = Params::new().string("Region", "us-west-2");
        assert!(set.resolve(&params).is_ok());
        let Some(special) = set.specials.0.get() else {
            return assert!(set.specials.0.get().is_some(), "not specialized");
        };
        // The FIPS rule is gone, the partition found, the templates filled in.
        let [tree] = special.rules() else {
            return assert_eq!(special.rules().len(), 1, "{:?}", special.rules());
        };
        assert!(matches!(
            tree.conditions.as_slice(),
            [Condition {
                test: Test::Known(Some(_)),
                ..
            }]
        ));
        let RuleKind::Tree(inner) = &tree.kind else {
            return assert!(matches!(tree.kind, RuleKind::Tree(_)));
        };
        let urls: Vec<&Expr> = inner
            .iter()
            .filter_map(|rule| match &rule.kind {
                RuleKind::Endpoint(spec) => Some(&spec.url),
                _ => None,
            })
            .collect();
        let bucket = set.names.iter().position(|n| n == "Bucket");
        assert_eq!(
            urls,
            [
                &Expr::Template(vec![
                    Part::Text("https://".into()),
                    Part::Ref(bucket.unwrap_or_default(), Vec::new()),
                    Part::Text(".x.us-west-2.amazonaws.com".into()),
                ]),
                &Expr::Literal(Value::String("https://s3.us-west-2.amazonaws.com".into())),
            ]
        );
        assert!(matches!(
            inner.first().map(|rule| &rule.conditions[..]),
            Some([Condition {
                test: Test::SubstringIs(_),
                ..
            }])
        ));
    }

    #[test]
    fn specialized_rules_give_what_the_rules_give() {
        let set = rules(RULES);
        let configurations = [
            Params::new().string("Region", "us-west-2"),
            Params::new().string("Region", "cn-north-1"),
            Params::new()
                .string("Region", "us-west-2")
                .boolean("UseFIPS", true),
        ];
        for configuration in configurations {
            for bucket in [None, Some("b-x"), Some("bb"), Some("x"), Some("")] {
                let params = match bucket {
                    Some(bucket) => configuration.clone().string("Bucket", bucket),
                    None => configuration.clone(),
                };
                let [specialized, plain] = both(&set, &params);
                assert_eq!(specialized, plain, "{params:?}");
            }
        }
        let [specialized, _] = both(
            &set,
            &Params::new()
                .string("Region", "us-west-2")
                .string("Bucket", "a-x"),
        );
        assert_eq!(
            specialized.map(|e| e.url),
            Ok("https://a-x.x.us-west-2.amazonaws.com".to_owned())
        );
    }

    #[test]
    fn a_condition_whose_evaluation_fails_stays_in_its_place() {
        // `booleanEquals` of the string `Region` fails when evaluated, after `Bucket` is tested;
        // `stringEquals` of `Region` is false once `Bucket` is set, after a call that fails.
        let set = rules(
            r#"[{"conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]},
                                {"fn": "booleanEquals", "argv": [{"ref": "Region"}, true]}],
                 "endpoint": {"url": "https://a"}, "type": "endpoint"},
                {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "Bucket"}, true]},
                                {"fn": "stringEquals", "argv": [{"ref": "Region"}, "nowhere"]}],
                 "endpoint": {"url": "https://b"}, "type": "endpoint"},
                {"conditions": [], "endpoint": {"url": "https://c"}, "type": "endpoint"}]"#,
        );
        for params in [
            Params::new().string("Region", "us-west-2"),
            Params::new()
                .string("Region", "us-west-2")
                .string("Bucket", "b"),
        ] {
            let [specialized, plain] = both(&set, &params);
            assert_eq!(specialized, plain, "{params:?}");
        }
        let [specialized, _] = both(&set, &Params::new().string("Region", "us-west-2"));
        assert_eq!(specialized.map(|e| e.url), Ok("https://c".to_owned()));
    }
}

//! The paginators files: every paginator names an operation of its model, and each of its
//! expressions is in the subset the generator compiles ([`crate::jmespath`]) and resolves in the
//! operation's input or output to a value of the kind its role needs.

use crate::diagnostic::{Diagnostic, JsonPath, closest, did_you_mean};
use crate::ir::{self, Ir, PathStep, RustType, ShapeId, ShapeKind};
use crate::jmespath::{self, Resolved};
use crate::raw::{Expression, Model, Paginator};

/// Checks the paginators file of every model that has one, against the lowered shapes.
pub fn paginators(models: &[Model], ir: &Ir) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for model in models {
        let (Some(paginators), Some(service)) = (
            &model.paginators,
            ir.services.iter().find(|s| s.stem == model.stem),
        ) else {
            continue;
        };
        let mut checker = Checker {
            file: paginators.file,
            service,
            diagnostics: &mut diagnostics,
        };
        for (name, paginator) in &paginators.pagination {
            let path = JsonPath::root().key("pagination").key(&name.value);
            let Some(operation) = service
                .operations
                .iter()
                .find(|op| op.wire_name == name.value)
            else {
                let names = service.operations.iter().map(|op| op.wire_name.as_str());
                checker.error(
                    name.span.clone(),
                    path,
                    format!(
                        "a paginator of `{}`, which is no operation of `{}.json`",
                        name.value, model.stem
                    ),
                    "not an operation",
                    did_you_mean(&closest(&name.value, names, 3)),
                );
                continue;
            };
            checker.paginator(operation, paginator, name.span.clone(), &path);
        }
    }
    diagnostics
}

struct Checker<'s, 'd> {
    file: usize,
    service: &'s ir::Service,
    diagnostics: &'d mut Vec<Diagnostic>,
}

/// What a value a paginator names must be.
#[derive(Clone, Copy)]
enum Role {
    InputToken,
    OutputToken,
    MoreResults,
    LimitKey,
    ResultKey,
}

impl Checker<'_, '_> {
    fn error(
        &mut self,
        span: std::ops::Range<usize>,
        path: JsonPath,
        message: String,
        label: &str,
        help: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::new(self.file, span, path, message).with_label(label);
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        self.diagnostics.push(diagnostic);
    }

    fn paginator(
        &mut self,
        operation: &ir::Operation,
        paginator: &Paginator,
        span: std::ops::Range<usize>,
        path: &JsonPath,
    ) {
        let (Some(input), Some(output)) = (&operation.input, &operation.output) else {
            self.error(
                span,
                path.clone(),
                format!(
                    "a paginator of `{}`, which has no input or no output",
                    operation.wire_name
                ),
                "this operation",
                Some("a paginated operation takes its tokens in its input and gives them in its output".to_owned()),
            );
            return;
        };
        let (inputs, outputs) = (&paginator.input_token, &paginator.output_token);
        if inputs.len() != outputs.len() {
            self.error(
                span,
                path.clone(),
                format!(
                    "{} but {}",
                    count(inputs.len(), "input token"),
                    count(outputs.len(), "output token")
                ),
                "this paginator",
                Some(
                    "each output token names the next value of the input token at its position"
                        .to_owned(),
                ),
            );
        }
        let input_types: Vec<Option<RustType>> = inputs
            .iter()
            .map(|e| self.expression(e, input, Role::InputToken, None))
            .collect();
        for (index, expression) in outputs.iter().enumerate() {
            let wanted = input_types.get(index).cloned().flatten();
            self.expression(expression, output, Role::OutputToken, wanted.as_ref());
        }
        if let Some(expression) = &paginator.more_results {
            self.expression(expression, output, Role::MoreResults, None);
        }
        if let Some(expression) = &paginator.limit_key {
            self.expression(expression, input, Role::LimitKey, None);
        }
        for expression in &paginator.result_key {
            self.expression(expression, output, Role::ResultKey, None);
        }
    }

    /// Checks one expression from `start` for `role`; gives the type of the value it names.
    /// `wanted` is the type an output token must have: its input token's.
    fn expression(
        &mut self,
        expression: &Expression,
        start: &ShapeId,
        role: Role,
        wanted: Option<&RustType>,
    ) -> Option<RustType> {
        let text = &expression.text.value;
        let fail = |checker: &mut Self, message: String, help: Option<String>| {
            checker.error(
                expression.text.span.clone(),
                expression.path.clone(),
                message,
                match role {
                    Role::InputToken | Role::LimitKey => "in the operation's input",
                    _ => "in the operation's output",
                },
                help,
            );
            None
        };
        let parsed = match jmespath::parse(text) {
            Ok(parsed) => parsed,
            Err(error) => {
                return fail(
                    self,
                    format!("`{text}` is not a path the generator compiles: {error}"),
                    Some("write member names joined by `.`, `[]` or `[-1]` after a list, alternatives joined by `||`".to_owned()),
                );
            }
        };
        let single_member = matches!(role, Role::InputToken | Role::LimitKey);
        if parsed.alternatives.len() > 1 && !matches!(role, Role::OutputToken) {
            return fail(
                self,
                format!("`{text}` has alternatives (`||`), which only an output token may have"),
                None,
            );
        }
        let mut found: Option<RustType> = None;
        for path in &parsed.alternatives {
            let resolved: Resolved = match jmespath::resolve(&self.service.shapes, start, path) {
                Ok(resolved) => resolved,
                Err(error) => {
                    return fail(self, format!("`{text}` does not resolve: {error}"), None);
                }
            };
            if single_member && !matches!(resolved.steps.as_slice(), [PathStep::Field(_)]) {
                return fail(
                    self,
                    format!("`{text}` is not a member name"),
                    Some("an input token and a limit key are members of the input".to_owned()),
                );
            }
            if resolved.many && !matches!(role, Role::ResultKey) {
                return fail(
                    self,
                    format!("`{text}` names many values (`[]`), where one is needed"),
                    None,
                );
            }
            if let (Role::InputToken, [PathStep::Field(member)]) = (role, resolved.steps.as_slice())
                && member.required
            {
                return fail(
                    self,
                    format!("the input token `{text}` is a required member"),
                    Some("a paginator leaves the token out of the first request".to_owned()),
                );
            }
            let ty = self.service.rust_type(&resolved.target);
            let is_enum = self
                .service
                .shape(&resolved.target)
                .is_some_and(|s| matches!(s.kind, ShapeKind::Enum(_)));
            let fits = match role {
                Role::InputToken | Role::OutputToken => {
                    is_enum
                        || matches!(
                            ty,
                            RustType::String
                                | RustType::I32
                                | RustType::I64
                                | RustType::Vec(_)
                                | RustType::Map(..)
                        )
                }
                Role::MoreResults => ty == RustType::Bool,
                Role::LimitKey => matches!(ty, RustType::String | RustType::I32 | RustType::I64),
                Role::ResultKey => true,
            };
            if !fits {
                let needs = match role {
                    Role::InputToken | Role::OutputToken => {
                        "a string, an enum, an integer, a list or a map"
                    }
                    Role::MoreResults => "a boolean",
                    _ => "an integer or a string",
                };
                return fail(
                    self,
                    format!("`{text}` is {ty}, where {needs} is needed"),
                    None,
                );
            }
            if let Some(wanted) = wanted.or(found.as_ref())
                && *wanted != ty
            {
                return fail(
                    self,
                    format!("`{text}` is {ty}, but its input token is {wanted}"),
                    Some("an output token has the type of the input token it fills".to_owned()),
                );
            }
            found = Some(ty);
        }
        found
    }
}

/// `1 input token`, `2 input tokens`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

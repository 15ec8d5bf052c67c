//! The waiters files: every waiter names an operation of its model, and every acceptor is one
//! the generator compiles ([`crate::lower::acceptor`] decides; this reports every problem).

use crate::diagnostic::{Diagnostic, JsonPath, closest, did_you_mean};
use crate::ir::Ir;
use crate::lower;
use crate::raw::Model;

/// Checks the waiters file of every model that has one, against the lowered shapes.
pub fn waiters(models: &[Model], ir: &Ir) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for model in models {
        let (Some(waiters), Some(service)) = (
            &model.waiters,
            ir.services.iter().find(|s| s.stem == model.stem),
        ) else {
            continue;
        };
        let file = waiters.file;
        for (name, waiter) in &waiters.waiters {
            let path = JsonPath::root().key("waiters").key(&name.value);
            let Some(operation_name) = &waiter.operation else {
                diagnostics.push(
                    Diagnostic::new(
                        file,
                        name.span.clone(),
                        path,
                        "a waiter without `operation`",
                    )
                    .with_label("this waiter"),
                );
                continue;
            };
            let Some(operation) = service
                .operations
                .iter()
                .find(|op| op.wire_name == operation_name.value)
            else {
                let names = service.operations.iter().map(|op| op.wire_name.as_str());
                let mut diagnostic = Diagnostic::new(
                    file,
                    operation_name.span.clone(),
                    path.key("operation"),
                    format!(
                        "a waiter of `{}`, which is no operation of `{}.json`",
                        operation_name.value, model.stem
                    ),
                )
                .with_label("not an operation");
                if let Some(help) = did_you_mean(&closest(&operation_name.value, names, 3)) {
                    diagnostic = diagnostic.with_help(help);
                }
                diagnostics.push(diagnostic);
                continue;
            };
            let problems = waiter
                .acceptors
                .iter()
                .filter_map(|a| lower::acceptor(&service.shapes, a, operation).err());
            let counts = lower::waiter_counts(&name.value, waiter).err();
            for (span, path, message) in counts.into_iter().chain(problems) {
                diagnostics.push(Diagnostic::new(file, span, path, message).with_label("here"));
            }
        }
    }
    diagnostics
}

//! What the generated crate lets a user write, checked by the compiler: the programs in
//! `tests/ui/fail/` must not compile, with the errors in their `.stderr` files next to them, and
//! the programs in `tests/ui/pass/` must compile without warnings and run without panicking.
//!
//! After a deliberate change to the generated API or to rustc's messages, rewrite the `.stderr`
//! files with `TRYBUILD=overwrite cargo test -p ivs-tests --test compile` and read the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
    cases.pass("ui/pass/*.rs");
}

//! This package holds the workspace's integration tests, in `tests/`; it has no library code.

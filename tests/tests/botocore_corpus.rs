//! Every paginator and waiter of the pinned botocore (its `data/`, which `tests/build.rs` has
//! `corpus/fetch.sh` unpack into `target/botocore`) loads, validates and becomes client glue:
//! each service's newest model with its `paginators-1.json` and `waiters-2.json`, every one of
//! their entries in the IR, and the client module that holds them valid Rust, its text lexing
//! back to the tokens it was rendered from. (`cargo xtask corpus` generates and checks whole
//! crates; this is the part that reads these files.)

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use codegen::SourceFile;

/// A service's newest version directory that has a model.
fn newest(service: &Path) -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir(service)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("service-2.json.gz").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

/// The entries of `key` in a botocore JSON file, if it exists.
fn entries(path: &Path, key: &str) -> usize {
    std::fs::read_to_string(path).map_or(0, |text| {
        let json: serde_json::Value = serde_json::from_str(&text).expect("botocore's JSON");
        json[key].as_object().map_or(0, |o| o.len())
    })
}

/// Loads one service with its paginators and waiters; the counts of both, in the files and in
/// the IR, or the problem.
fn service(name: &str, version: &Path) -> Result<[usize; 4], String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(version.join("service-2.json.gz")).map_err(|e| e.to_string())?,
    )
    .read_to_string(&mut text)
    .map_err(|e| e.to_string())?;
    let mut files = vec![SourceFile {
        name: format!("{name}.json"),
        text,
    }];
    files.extend(codegen::botocore_siblings(version, name)?);
    let loaded = codegen::load_files(files).map_err(|e| e.render(false))?;
    let ir = &loaded.ir.services[0];
    let ctx = codegen::emit::Ctx::new(ir, quote::quote!(crate));
    let tokens = codegen::emit::client(&ctx);
    let text = codegen::render::render(tokens.clone());
    codegen::render::lexes_back(tokens, &text)?;
    syn::parse_file(&text).map_err(|e| format!("the client glue is no Rust: {e}"))?;
    Ok([
        entries(&version.join("paginators-1.json"), "pagination"),
        ir.operations
            .iter()
            .filter(|o| o.paginator.is_some())
            .count(),
        entries(&version.join("waiters-2.json"), "waiters"),
        ir.operations.iter().map(|o| o.waiters.len()).sum(),
    ])
}

#[test]
fn every_paginator_and_waiter_of_botocore_becomes_client_glue() {
    let data = PathBuf::from(env!("BOTOCORE_DATA"));
    let mut services: Vec<(String, PathBuf)> = std::fs::read_dir(&data)
        .expect("botocore's data/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|dir| {
            let name = dir.file_name()?.to_str()?.to_owned();
            Some((name, newest(&dir)?))
        })
        .collect();
    services.sort();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let results: Vec<(String, Result<[usize; 4], String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut results = Vec::new();
                    while let Some((name, version)) =
                        services.get(next.fetch_add(1, Ordering::Relaxed))
                    {
                        results.push((name.clone(), service(name, version)));
                    }
                    results
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a worker"))
            .collect()
    });
    let mut totals = [0; 4];
    let mut failures = Vec::new();
    for (name, result) in &results {
        match result {
            Ok(counts) => {
                if counts[0] != counts[1] || counts[2] != counts[3] {
                    failures.push(format!(
                        "{name}: {} of {} paginators and {} of {} waiters lowered",
                        counts[1], counts[0], counts[3], counts[2]
                    ));
                }
                for (total, count) in totals.iter_mut().zip(counts) {
                    *total += count;
                }
            }
            Err(error) => failures.push(format!("{name}:\n{error}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(results.len() > 400, "only {} services", results.len());
    assert!(totals[0] > 3000 && totals[2] > 300, "{totals:?}");
    println!(
        "{} services: {} paginators, {} waiters",
        results.len(),
        totals[1],
        totals[3]
    );
}

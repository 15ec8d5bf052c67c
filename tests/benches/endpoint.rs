//! What resolving an endpoint costs: the interpreted rule sets of IVS (a plain region; FIPS with
//! dual-stack in GovCloud) and of S3 (a virtual-hosted bucket, the largest rule set; and another
//! of 1,000 buckets each call, more than a rule set keeps, so that its rules are evaluated each
//! time), through `RuleSet::resolve`, and IVS through the client's `Config::endpoint`
//! (parameters from the configuration, the URL parsed, the signing scope taken). Divan's
//! allocation profiler counts each resolution's allocations. Each case resolves its parameters
//! once before it is timed, as a program has by its second call: the embedded partitions read,
//! and for the 1,000 buckets a rule set keeping all it can, as it does from the 101st.
//!
//! Run with `cargo bench -p ivs-tests --bench endpoint`.

use std::path::Path;

use divan::Bencher;
use ivs_models::client::Config;
use ivs_models::client::endpoint::{Params, RuleSet};
use ivs_models::ivs::client::SERVICE as IVS;

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

fn ivs() -> RuleSet {
    RuleSet::parse(ivs_models::ivs::ENDPOINT_RULES).expect("IVS's rules")
}

/// botocore's S3 rule set, the largest, as text, from the pinned botocore the build script
/// unpacks.
fn s3_text() -> String {
    let dir = Path::new(env!("BOTOCORE_DATA")).join("s3");
    let mut versions: Vec<_> = std::fs::read_dir(&dir)
        .expect("botocore's s3")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    versions.sort();
    let path = versions
        .last()
        .expect("a version")
        .join("endpoint-rule-set-1.json.gz");
    let file = std::fs::File::open(path).expect("S3's rules");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(file), &mut text)
        .expect("S3's rules");
    text
}

#[divan::bench]
fn ivs_plain(bencher: Bencher) {
    let rules = ivs();
    let params = Params::new().string("Region", "us-west-2");
    rules.resolve(&params).expect("an endpoint");
    bencher.bench(|| {
        rules
            .resolve(divan::black_box(&params))
            .expect("an endpoint")
    });
}

#[divan::bench]
fn ivs_fips_dual_stack_govcloud(bencher: Bencher) {
    let rules = ivs();
    let params = Params::new()
        .string("Region", "us-gov-west-1")
        .boolean("UseFIPS", true)
        .boolean("UseDualStack", true);
    rules.resolve(&params).expect("an endpoint");
    bencher.bench(|| {
        rules
            .resolve(divan::black_box(&params))
            .expect("an endpoint")
    });
}

#[divan::bench]
fn ivs_through_the_config(bencher: Bencher) {
    let config = Config::new().region("us-west-2");
    config.endpoint(&IVS).expect("an endpoint");
    bencher.bench(|| {
        config
            .endpoint(divan::black_box(&IVS))
            .expect("an endpoint")
    });
}

#[divan::bench]
fn s3_virtual_hosted_bucket(bencher: Bencher) {
    let rules = RuleSet::parse(&s3_text()).expect("S3's rules");
    let params = Params::new()
        .string("Region", "us-west-2")
        .string("Bucket", "my-bucket");
    rules.resolve(&params).expect("an endpoint");
    bencher.bench(|| {
        rules
            .resolve(divan::black_box(&params))
            .expect("an endpoint")
    });
}

/// Another of 1,000 buckets each call: more than the 100 resolutions a rule set keeps, so the
/// rules are evaluated every time.
#[divan::bench]
fn s3_another_bucket_each_call(bencher: Bencher) {
    let rules = RuleSet::parse(&s3_text()).expect("S3's rules");
    let params: Vec<Params> = (0..1000)
        .map(|i| {
            Params::new()
                .string("Region", "us-west-2")
                .string("Bucket", format!("bucket-{i}"))
        })
        .collect();
    for params in &params {
        rules.resolve(params).expect("an endpoint");
    }
    let mut next = params.iter().cycle();
    bencher.bench_local(|| {
        let params = next.next().expect("an endless cycle");
        rules
            .resolve(divan::black_box(params))
            .expect("an endpoint")
    });
}

#[divan::bench]
fn parse_ivs_rules() -> RuleSet {
    ivs()
}

#[divan::bench]
fn parse_s3_rules(bencher: Bencher) {
    let text = s3_text();
    bencher.bench(|| RuleSet::parse(divan::black_box(&text)).expect("S3's rules"));
}

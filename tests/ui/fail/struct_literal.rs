// Proves that a generated struct cannot be built with a struct literal: it is `#[non_exhaustive]`, so `new` is the only way.
use ivs_models::ivs::GetChannelRequest;

fn main() {
    let _request = GetChannelRequest { arn: "x".into() };
}

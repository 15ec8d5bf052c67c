// Proves that a type with required members has no `Default`, which would leave them empty.
use ivs_models::ivs::GetChannelRequest;

fn main() {
    let _request = GetChannelRequest::default();
    let _request: GetChannelRequest = Default::default();
}

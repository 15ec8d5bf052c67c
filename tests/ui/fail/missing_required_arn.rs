// Proves that a request cannot be built without its required members: `GetChannelRequest::new` takes the `arn`.
use ivs_models::ivs::GetChannelRequest;

fn main() {
    let _request = GetChannelRequest::new();
}

// Proves that destructuring a generated struct needs `..`: it is `#[non_exhaustive]`, so members may be added.
use ivs_models::ivs::GetChannelRequest;

fn main() {
    let request = GetChannelRequest::new("arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH");
    let GetChannelRequest { arn } = request;
    println!("{arn}");
}

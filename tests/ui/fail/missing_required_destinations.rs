// Proves that `StartCompositionRequest::new` needs every required member, here the `destinations` as well as the stage ARN.
use ivs_models::ivs_realtime::StartCompositionRequest;

fn main() {
    let _request =
        StartCompositionRequest::new("arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh");
}

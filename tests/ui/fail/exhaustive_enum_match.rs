// Proves that a `match` on a generated enum needs a wildcard arm even when it lists every variant and `Unknown(_)`: the enum is `#[non_exhaustive]`.
use ivs_models::ivs::ChannelLatencyMode;

fn describe(mode: &ChannelLatencyMode) -> &'static str {
    match mode {
        ChannelLatencyMode::Normal => "normal",
        ChannelLatencyMode::Low => "low",
        ChannelLatencyMode::Unknown(_) => "unknown",
    }
}

fn main() {
    println!("{}", describe(&ChannelLatencyMode::Low));
}

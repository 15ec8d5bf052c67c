// Proves that a `match` on a generated enum compiles, without warnings, once it has a wildcard arm.
#![deny(warnings)]

use ivs_models::ivs::ChannelLatencyMode;

fn describe(mode: &ChannelLatencyMode) -> String {
    match mode {
        ChannelLatencyMode::Normal => "normal".to_owned(),
        ChannelLatencyMode::Low => "low".to_owned(),
        ChannelLatencyMode::Unknown(value) => format!("unknown {value}"),
        _ => format!("newer {mode}"),
    }
}

fn is_low(mode: &ChannelLatencyMode) -> bool {
    matches!(mode, ChannelLatencyMode::Low)
}

fn main() {
    assert_eq!(describe(&ChannelLatencyMode::Normal), "normal");
    assert_eq!(describe(&ChannelLatencyMode::Low), "low");
    assert_eq!(
        describe(&ChannelLatencyMode::from("ULTRA_LOW")),
        "unknown ULTRA_LOW"
    );
    assert!(is_low(&"LOW".parse().unwrap()));
    assert!(!is_low(&ChannelLatencyMode::Normal));
}

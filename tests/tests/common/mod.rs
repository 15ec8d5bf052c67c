//! What the integration tests share.

/// Calls a generic function once per operation of both services, with its fixture directory
/// (`fixtures/wire/<dir>`), and returns the results in `OPERATIONS` order. Tests that every
/// operation is listed here live in `wire_roundtrip`.
macro_rules! all_operations {
    ($f:ident) => {
        [
            $f::<::ivs_models::ivs::operation::BatchGetChannel>("ivs"),
            $f::<::ivs_models::ivs::operation::BatchGetStreamKey>("ivs"),
            $f::<::ivs_models::ivs::operation::CreateChannel>("ivs"),
            $f::<::ivs_models::ivs::operation::CreateRecordingConfiguration>("ivs"),
            $f::<::ivs_models::ivs::operation::CreateStreamKey>("ivs"),
            $f::<::ivs_models::ivs::operation::DeleteChannel>("ivs"),
            $f::<::ivs_models::ivs::operation::DeleteStreamKey>("ivs"),
            $f::<::ivs_models::ivs::operation::GetChannel>("ivs"),
            $f::<::ivs_models::ivs::operation::GetRecordingConfiguration>("ivs"),
            $f::<::ivs_models::ivs::operation::GetStream>("ivs"),
            $f::<::ivs_models::ivs::operation::GetStreamKey>("ivs"),
            $f::<::ivs_models::ivs::operation::GetStreamSession>("ivs"),
            $f::<::ivs_models::ivs::operation::ListChannels>("ivs"),
            $f::<::ivs_models::ivs::operation::ListStreamKeys>("ivs"),
            $f::<::ivs_models::ivs::operation::ListStreams>("ivs"),
            $f::<::ivs_models::ivs::operation::ListTagsForResource>("ivs"),
            $f::<::ivs_models::ivs::operation::PutMetadata>("ivs"),
            $f::<::ivs_models::ivs::operation::StopStream>("ivs"),
            $f::<::ivs_models::ivs::operation::TagResource>("ivs"),
            $f::<::ivs_models::ivs::operation::UntagResource>("ivs"),
            $f::<::ivs_models::ivs::operation::UpdateChannel>("ivs"),
            $f::<::ivs_models::ivs_realtime::operation::CreateStage>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::GetComposition>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::GetParticipant>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::GetStage>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::ListParticipants>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::StartComposition>("ivs-realtime"),
            $f::<::ivs_models::ivs_realtime::operation::UpdateStage>("ivs-realtime"),
        ]
    };
}

//! Creates three channels, lists them page by page, and deletes them, against the endpoint the
//! environment names; exits with 1 on any error.
//!
//! ```sh
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 AWS_REGION=us-west-2 \
//! AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
//!     cargo run -p ivs-models --example channels --features client
//! ```

use std::process::ExitCode;

use ivs_models::client::Client;
use ivs_models::ivs::operation::ListChannels;
use ivs_models::ivs::{CreateChannelRequest, DeleteChannelRequest, Ivs as _, ListChannelsRequest};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<()> {
    let client = Client::from_env()?;
    let prefix = format!("example-{}", std::process::id());

    let mut arns = Vec::new();
    for n in 1..=3 {
        let name = format!("{prefix}-{n}");
        let created = client
            .create_channel(CreateChannelRequest::new().name(&name))
            .await?;
        let arn = created
            .channel
            .and_then(|channel| channel.arn)
            .ok_or("CreateChannel answered without a channel ARN")?;
        println!("created {name}: {arn}");
        arns.push(arn);
    }

    let listed = list(&client, &prefix).await;
    for arn in &arns {
        client
            .delete_channel(DeleteChannelRequest::new(arn))
            .await?;
        println!("deleted {arn}");
    }
    let listed = listed?;
    if listed != 3 {
        return Err(format!("listed {listed} of the 3 channels created").into());
    }
    Ok(())
}

/// Lists the channels named `prefix-*`, one per page, and counts them.
async fn list(client: &Client, prefix: &str) -> Result<usize> {
    let mut pages = client.pages::<ListChannels>(ListChannelsRequest::new().max_results(1));
    let mut page_number = 0;
    let mut listed = 0;
    while let Some(page) = pages.next().await {
        page_number += 1;
        for channel in page?.channels.unwrap_or_default() {
            let name = channel.name.unwrap_or_default();
            println!("page {page_number}: {name}");
            if name.starts_with(prefix) {
                listed += 1;
            }
        }
    }
    Ok(listed)
}

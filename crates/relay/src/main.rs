//! The relay binary: parse flags, set up logs, serve. Everything else is in the library.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Whatever the relay creates (database, -wal/-shm, pepper) is the owner's alone (0600).
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; no memory is involved.
    unsafe {
        libc::umask(0o077);
    }
    let config = sportello_relay::Config::parse();
    sportello_relay::init_tracing(config.log_json);
    match sportello_relay::serve(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(%err, "relay stopped");
            std::process::ExitCode::FAILURE
        }
    }
}

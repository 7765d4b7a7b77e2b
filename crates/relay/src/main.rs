//! The relay binary: parse flags, set up logs, serve. Everything else is in the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    // Whatever the relay creates (database, -wal/-shm, pepper) is the owner's alone (0600).
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; no memory is involved.
    unsafe {
        libc::umask(0o077);
    }
    let config = sportello_relay::Config::parse();
    sportello_relay::init_tracing(config.log_json);
    if let Some(username) = &config.create_regional_admin {
        return match sportello_relay::create_regional_admin(&config, username) {
            Ok(Some(code)) => {
                println!("regional administrator {username} created; one-time code: {code}");
                std::process::ExitCode::SUCCESS
            }
            Ok(None) => {
                eprintln!("an account named {username} exists already");
                std::process::ExitCode::FAILURE
            }
            Err(err) => {
                eprintln!("cannot create {username}: {err}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    // Nothing here waits for another task of the blocking pool (the hubs wait for their
    // storage threads, sign-in for the password threads), so a bounded pool only queues.
    // A burst of sign-ins or connections starts blocking threads; they end after a second
    // idle (tokio keeps them ten), so a quiet relay is a handful of threads, not a burst's.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(config.blocking_threads.max(1))
        .thread_keep_alive(std::time::Duration::from_secs(1))
        .build();
    let runtime = match runtime {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the runtime: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(sportello_relay::serve(config)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(%err, "relay stopped");
            std::process::ExitCode::FAILURE
        }
    }
}

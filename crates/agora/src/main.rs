use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Password hashing (argon2id) works in a 19 MiB block. Above glibc's default mmap threshold,
    // which grows to 32 MiB after the first such free, freed blocks stay in malloc's arenas:
    // one per arena, 30-60 MB of a server's memory. Pinning the threshold returns them at once.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any large allocation.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("AGORA_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match agora::cli::run(agora::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

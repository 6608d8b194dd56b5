//! How glibc's malloc (which Rust's default allocator calls) gives memory back.
//!
//! Measured with `scripts/load.sh` (32 concurrent extracts of 1M declarations, debug build, 2
//! cores): the server's live heap peaked near 300 MB (heaptrack) while its resident memory
//! reached 975 MiB. glibc keeps freed memory in up to 8 arenas per core, and it raises its mmap
//! threshold after each large free, so the Arrow buffers and encoded frames of later batches
//! land in those arenas and stay resident once freed. A fixed mmap threshold (large buffers
//! are mapped on their own and unmapped on free) and one arena per core brought the same run to
//! 524 MiB (the threshold alone: 586 MiB; the arenas alone: 763 MiB).
//!
//! glibc reads these settings from the environment when a process starts, and the workspace
//! forbids the `unsafe` a `mallopt` call would need, so the binary starts itself again, once,
//! with them set (same process id, same arguments). An operator's own `MALLOC_ARENA_MAX` or
//! `MALLOC_MMAP_THRESHOLD_` is kept as it is.

/// Buffers from this size up are mapped on their own and returned on free (bytes).
pub const MMAP_THRESHOLD: usize = 256 * 1024;

/// Restarts the process with the settings above unless they are set; returns when they are,
/// or when the restart could not be made (the reason is printed). Call first in `main`.
pub fn tune() {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;

        const ARENAS: &str = "MALLOC_ARENA_MAX";
        const THRESHOLD: &str = "MALLOC_MMAP_THRESHOLD_";
        if std::env::var_os(ARENAS).is_some() || std::env::var_os(THRESHOLD).is_some() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let mut args = std::env::args_os();
        let mut again = std::process::Command::new(exe);
        if let Some(name) = args.next() {
            again.arg0(name);
        }
        // exec returns only when the process could not be replaced.
        let err = again
            .args(args)
            .env(ARENAS, cores.to_string())
            .env(THRESHOLD, MMAP_THRESHOLD.to_string())
            .exec();
        eprintln!("warning: the allocator keeps its defaults ({err})");
    }
}

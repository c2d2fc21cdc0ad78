//! The server's allocator setting: glibc's trim threshold, fixed before the process starts.
//!
//! Why: glibc raises its mmap threshold to the size of the largest block it has unmapped (here the
//! text of a long note, which comes, is copied on every edit and goes) and its trim threshold to twice
//! that. From then on every thread's arena keeps up to that much freed memory resident: with the
//! 620 KB benchmark note, peak RSS grew by ~4 MB over the first edits and stayed there. A fixed trim
//! threshold turns that adjustment off (glibc's `M_TRIM_THRESHOLD`, see mallopt(3)): arenas give back
//! what they free above 256 KiB, and blocks over 128 KiB stay mapped on their own.
//!
//! How: glibc reads the setting from the environment (`GLIBC_TUNABLES`) when the process starts, and
//! setting it from inside would take `mallopt`, an `unsafe` call this crate does not make. So `awsnotes
//! lsp` started without it executes itself again with it added (about a millisecond). Nothing happens
//! when a `glibc.malloc.*` threshold is already set (by the user, or by the first start), off glibc, or
//! when the executable cannot be run again (the server then starts as it is).

/// The tunable added to `GLIBC_TUNABLES`.
pub const TRIM_THRESHOLD_TUNABLE: &str = "glibc.malloc.trim_threshold=262144";

/// Executes the current binary again with [`TRIM_THRESHOLD_TUNABLE`] in its environment when that is
/// needed and possible; returns when it is not (or the exec failed).
pub fn restart_with_trim_threshold() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;

        let Some(tunables) = tunables_with_trim_threshold(std::env::var_os("GLIBC_TUNABLES"))
        else {
            return;
        };
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut args = std::env::args_os();
        let arg0 = args.next().unwrap_or_else(|| exe.clone().into_os_string());
        let error = std::process::Command::new(&exe)
            .arg0(arg0)
            .args(args)
            .env("GLIBC_TUNABLES", tunables)
            .exec();
        // Only reached when the exec failed (a binary replaced on disk by an update, a sandbox): the
        // server works the same, only with glibc's adaptive thresholds.
        eprintln!(
            "awsnotes lsp: could not restart with {TRIM_THRESHOLD_TUNABLE} ({error}); going on without"
        );
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
/// `GLIBC_TUNABLES` with the trim threshold added, or `None` when a malloc threshold is already set
/// there (keeping the user's choice, and ending the restart after one exec).
fn tunables_with_trim_threshold(current: Option<std::ffi::OsString>) -> Option<std::ffi::OsString> {
    let Some(current) = current.filter(|c| !c.is_empty()) else {
        return Some(TRIM_THRESHOLD_TUNABLE.into());
    };
    let text = current.to_string_lossy();
    let already = text.split(':').any(|tunable| {
        let name = tunable.split('=').next().unwrap_or("");
        name == "glibc.malloc.trim_threshold" || name == "glibc.malloc.mmap_threshold"
    });
    if already {
        return None;
    }
    let mut tunables = current.clone();
    tunables.push(":");
    tunables.push(TRIM_THRESHOLD_TUNABLE);
    Some(tunables)
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    #[test]
    fn the_trim_threshold_is_added_once_and_a_users_threshold_kept() {
        let add = |c: Option<&str>| {
            tunables_with_trim_threshold(c.map(Into::into)).map(|t| t.into_string().unwrap())
        };
        assert_eq!(add(None).as_deref(), Some(TRIM_THRESHOLD_TUNABLE));
        assert_eq!(add(Some("")).as_deref(), Some(TRIM_THRESHOLD_TUNABLE));
        assert_eq!(
            add(Some("glibc.malloc.arena_max=2")).as_deref(),
            Some("glibc.malloc.arena_max=2:glibc.malloc.trim_threshold=262144")
        );
        // After the restart, and with the user's own thresholds: nothing to do.
        assert_eq!(add(Some(TRIM_THRESHOLD_TUNABLE)), None);
        assert_eq!(
            add(Some(
                "glibc.malloc.arena_max=1:glibc.malloc.trim_threshold=1"
            )),
            None
        );
        assert_eq!(add(Some("glibc.malloc.mmap_threshold=65536")), None);
        // A name that only starts like one is another tunable.
        assert!(add(Some("glibc.malloc.trim_threshold_x=1")).is_some());
    }
}

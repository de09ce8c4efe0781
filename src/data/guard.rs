//! A library call on a user's file that can panic, caught at the file
//! boundary and turned into an error naming the file.
//!
//! The Parquet reader asserts and unwraps on what it decodes, so a damaged
//! file can make it panic. Such a panic says something about the file, not
//! about the program: the caller reports it as a damaged file, and the
//! process's panic hook (which prints "internal error") asks [`quietly`]
//! whether to stay silent.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    /// Guarded calls running on this thread.
    static GUARDED_HERE: Cell<usize> = const { Cell::new(0) };
}

/// Guarded calls running on any thread: the reader shares its work out to
/// the polars thread pool, whose panics come back to the guarded caller.
static GUARDED_ANYWHERE: AtomicUsize = AtomicUsize::new(0);

/// Whether a panic on the current thread is one a guarded library call
/// catches and reports as a damaged file, so the panic hook should print
/// nothing: the current thread is inside [`guarded`], or it is a polars
/// pool thread while a guarded call runs.
pub fn quietly() -> bool {
    if GUARDED_HERE.with(Cell::get) > 0 {
        return true;
    }
    GUARDED_ANYWHERE.load(Ordering::SeqCst) > 0
        && std::thread::current()
            .name()
            .is_some_and(|name| name.starts_with("polars"))
}

/// Counts a guarded call while it runs, also when it unwinds.
struct Running;

impl Running {
    fn start() -> Running {
        GUARDED_HERE.with(|n| n.set(n.get() + 1));
        GUARDED_ANYWHERE.fetch_add(1, Ordering::SeqCst);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        GUARDED_HERE.with(|n| n.set(n.get().saturating_sub(1)));
        GUARDED_ANYWHERE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `call`; a panic inside it is returned as its message instead of
/// unwinding further (and, with the hook consulting [`quietly`], without
/// being printed).
pub(super) fn guarded<T>(call: impl FnOnce() -> T) -> Result<T, String> {
    let running = Running::start();
    let result = catch_unwind(AssertUnwindSafe(call));
    drop(running);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the reader stopped".to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_the_flag_is_cleared() {
        let caught = guarded(|| {
            assert!(quietly());
            panic!("out of range")
        });
        assert_eq!(caught.err().as_deref(), Some("out of range"));
        assert!(!quietly());
        assert_eq!(guarded(|| 3).ok(), Some(3));
    }
}

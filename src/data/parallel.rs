//! Work shared out between the cores: each job on a thread of its own,
//! the results in the order of the jobs.

/// How many threads the machine runs at once.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs every job on a thread of its own and returns their results in
/// order; a job that panics panics here, as if run in place.
pub(crate) fn run_all<T: Send, F: FnOnce() -> T + Send>(jobs: Vec<F>) -> Vec<T> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs.into_iter().map(|job| scope.spawn(job)).collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// `0..len` cut into one range per core, in order (none when `len` is 0).
pub(crate) fn ranges(len: usize) -> Vec<std::ops::Range<usize>> {
    let share = len.div_ceil(cores()).max(1);
    (0..len)
        .step_by(share)
        .map(|start| start..(start + share).min(len))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_everything_once_in_order() {
        for len in [0, 1, 7, 1000] {
            let covered: Vec<usize> = ranges(len).into_iter().flatten().collect();
            assert_eq!(covered, (0..len).collect::<Vec<_>>());
        }
        let doubled = run_all((0..5).map(|i| move || i * 2).collect());
        assert_eq!(doubled, [0, 2, 4, 6, 8]);
    }
}

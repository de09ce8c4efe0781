//! Phase timings on stderr when `LEADSCORE_TRACE` is set: how the `bench`
//! figures are explained without a profiler.

/// A stopwatch that prints each phase when tracing is on.
pub struct Trace {
    start: Option<std::cell::Cell<std::time::Instant>>,
}

impl Trace {
    /// Starts timing (a no-op unless `LEADSCORE_TRACE` is set).
    pub fn new() -> Trace {
        Trace {
            start: std::env::var_os("LEADSCORE_TRACE")
                .map(|_| std::cell::Cell::new(std::time::Instant::now())),
        }
    }

    /// Prints the time since the last mark.
    pub fn mark(&self, phase: &str) {
        if let Some(start) = &self.start {
            eprintln!(
                "  trace: {phase:<28} {:>8.1} ms{}",
                start.get().elapsed().as_secs_f64() * 1000.0,
                memory().unwrap_or_default()
            );
            start.set(std::time::Instant::now());
        }
    }
}

impl Default for Trace {
    fn default() -> Self {
        Trace::new()
    }
}

/// Resident and peak memory, where the system says (Linux).
fn memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some(format!(
        "  (resident {} MB, peak {} MB)",
        field("VmRSS:")? >> 10,
        field("VmHWM:")? >> 10
    ))
}

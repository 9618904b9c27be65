//! Timing: every iteration is kept (after a warm-up), so medians and 95th percentiles are of
//! single operations, not of batch means. Plus the peak memory of this process.

use std::time::{Duration, Instant};

/// The spread of a set of timings.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub p50: Duration,
    pub p95: Duration,
}

impl Stats {
    /// The statistics of `samples` (at least one).
    #[must_use]
    pub fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort_unstable();
        let at = |q: f64| {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples.get(i).copied().unwrap_or_default()
        };
        Self {
            p50: at(0.50),
            p95: at(0.95),
        }
    }
}

/// Measured runs stop early after this long (with at least [`MIN_RUNS`]), so a slow scenario
/// cannot eat the whole run's time.
const BUDGET: Duration = Duration::from_secs(15);
const MIN_RUNS: usize = 30;

/// Runs `op` `warmup` times untimed, then up to `n` times timed, and returns the timings and
/// how many runs were timed.
///
/// # Errors
/// The first error of `op`.
pub async fn repeat<F, Fut, T>(warmup: usize, n: usize, mut op: F) -> anyhow::Result<(Stats, usize)>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    for i in 0..warmup {
        std::hint::black_box(op(i).await?);
    }
    let mut timings = Vec::with_capacity(n);
    let started_all = Instant::now();
    for i in 0..n {
        let started = Instant::now();
        std::hint::black_box(op(warmup + i).await?);
        timings.push(started.elapsed());
        if timings.len() >= MIN_RUNS && started_all.elapsed() > BUDGET {
            break;
        }
    }
    let runs = timings.len();
    Ok((Stats::of(timings), runs))
}

/// Milliseconds, for reports.
#[must_use]
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

/// This process's peak resident memory in MiB (`VmHWM`), on Linux.
#[must_use]
pub fn peak_rss_mib() -> Option<f64> {
    proc_status_kib("self", "VmHWM:").map(kib_to_mib)
}

/// A `/proc/PID/status` field in KiB.
#[must_use]
pub fn proc_status_kib(pid: &str, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

#[must_use]
#[allow(clippy::cast_precision_loss)]
pub fn kib_to_mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_of_single_samples() {
        let samples = (1..=100).map(Duration::from_millis).collect();
        let stats = Stats::of(samples);
        assert_eq!(stats.p50, Duration::from_millis(51));
        assert_eq!(stats.p95, Duration::from_millis(95));
    }

    #[test]
    fn peak_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_rss_mib().is_some_and(|m| m > 0.0));
        }
    }
}

//! The benchmark report: one row per measured figure, printed as a Markdown table and written
//! to `report.md` and `report.json`.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

/// Whether a figure meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Met,
    Missed,
    /// No target: reported for information (scaling, sizes).
    Info,
}

/// One measured figure.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub scenario: String,
    pub metric: String,
    /// The figure, in `unit`.
    pub value: f64,
    pub unit: String,
    /// The target as a bound on `value` (`value <= target`), if there is one.
    pub target: Option<f64>,
    /// The same measure of the baseline in the same run, if there is one.
    pub baseline: Option<Baseline>,
    pub verdict: Verdict,
    /// How it was measured (samples, sizes).
    pub note: String,
}

/// A same-run baseline.
#[derive(Debug, Clone, Serialize)]
pub struct Baseline {
    pub name: String,
    pub value: f64,
}

impl Row {
    /// A figure with an upper-bound target.
    #[must_use]
    pub fn bounded(scenario: &str, metric: &str, value: f64, unit: &str, target: f64) -> Self {
        Self {
            scenario: scenario.into(),
            metric: metric.into(),
            value,
            unit: unit.into(),
            target: Some(target),
            baseline: None,
            verdict: if value <= target {
                Verdict::Met
            } else {
                Verdict::Missed
            },
            note: String::new(),
        }
    }

    /// A figure reported for information.
    #[must_use]
    pub fn info(scenario: &str, metric: &str, value: f64, unit: &str) -> Self {
        Self {
            scenario: scenario.into(),
            metric: metric.into(),
            value,
            unit: unit.into(),
            target: None,
            baseline: None,
            verdict: Verdict::Info,
            note: String::new(),
        }
    }

    #[must_use]
    pub fn baseline(mut self, name: &str, value: f64) -> Self {
        self.baseline = Some(Baseline {
            name: name.into(),
            value,
        });
        self
    }

    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }
}

/// A whole run.
#[derive(Debug, Serialize)]
pub struct Report {
    pub date: String,
    pub machine: String,
    pub tiny: bool,
    pub seconds: f64,
    pub rows: Vec<Row>,
    /// Scenarios that could not run here, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// How the figures are made, printed under the table.
const METHOD: &str = "
How: `make bench` (`crates/tidings-bench`). Latencies time every single operation after a \
warm-up and report the median (p50) and 95th percentile; whole-process figures (import, extraction \
batch) are wall times of a child process, whose peak memory is its own `VmHWM`. Libraries are \
generated from a fixed seed (1 000, 10 000 and 100 000 articles of 1 000–20 000 words, with tags, \
collections, notes and highlights) through the product's own restore, and cached. Clip and import \
fetch from servers on 127.0.0.1–127.0.0.20; nothing leaves the machine. The machine is shared: \
where a baseline exists it is measured in the same run, and its ratio is the figure to compare \
between runs. Targets come from the project's benchmark issue; a missed target is reported, \
never hidden.
";

fn figure(value: f64) -> String {
    if value == 0.0 {
        "0".into()
    } else if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else if value.abs() >= 0.1 {
        format!("{value:.2}")
    } else {
        format!("{value:.4}")
    }
}

impl Report {
    /// The report as Markdown: a heading, the machine, the table, what was skipped.
    #[must_use]
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Tidings benchmarks\n");
        let _ = writeln!(
            out,
            "Measured {} with `make bench`{} in {:.0} s, on {}.\n",
            self.date,
            if self.tiny {
                " (tiny inputs: a smoke run, not figures)"
            } else {
                ""
            },
            self.seconds,
            self.machine
        );
        let _ = writeln!(
            out,
            "| scenario | metric | ours | target | baseline (same run) | ratio | verdict | how |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
        for r in &self.rows {
            let target = r
                .target
                .map_or_else(|| "—".into(), |t| format!("≤ {} {}", figure(t), r.unit));
            let (baseline, ratio) = r.baseline.as_ref().map_or_else(
                || ("—".to_owned(), "—".to_owned()),
                |b| {
                    let ratio = if b.value > 0.0 {
                        figure(r.value / b.value) + "×"
                    } else {
                        "—".into()
                    };
                    (format!("{}: {} {}", b.name, figure(b.value), r.unit), ratio)
                },
            );
            let verdict = match r.verdict {
                Verdict::Met => "met",
                Verdict::Missed => "**missed**",
                Verdict::Info => "",
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} {} | {target} | {baseline} | {ratio} | {verdict} | {} |",
                r.scenario,
                r.metric,
                figure(r.value),
                r.unit,
                r.note
            );
        }
        out.push_str(METHOD);
        if !self.skipped.is_empty() {
            let _ = writeln!(out, "\nNot measured in this run:\n");
            for (scenario, reason) in &self.skipped {
                let _ = writeln!(out, "- {scenario}: {reason}");
            }
        }
        out
    }

    /// Writes `report.md` and `report.json` into `dir`.
    ///
    /// # Errors
    /// A file that cannot be written.
    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        std::fs::write(dir.join("report.md"), self.markdown())?;
        std::fs::write(dir.join("report.json"), serde_json::to_string_pretty(self)?)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_say_whether_their_target_is_met() {
        assert_eq!(
            Row::bounded("s", "p95", 9.0, "ms", 10.0).verdict,
            Verdict::Met
        );
        assert_eq!(
            Row::bounded("s", "p95", 11.0, "ms", 10.0).verdict,
            Verdict::Missed
        );
        let report = Report {
            date: "2026-11-26".into(),
            machine: "test".into(),
            tiny: false,
            seconds: 1.0,
            rows: vec![Row::bounded("search", "p95", 2.0, "ms", 10.0).baseline("LIKE scan", 400.0)],
            skipped: vec![("app".into(), "no display".into())],
        };
        let md = report.markdown();
        assert!(
            md.contains(
                "| search | p95 | 2.00 ms | ≤ 10.0 ms | LIKE scan: 400 ms | 0.0050× | met |"
            ),
            "{md}"
        );
        assert!(md.contains("- app: no display"));
    }
}

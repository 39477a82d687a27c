//! Online backups into a folder (`LIAISON_BACKUP_DIR`), taken while the
//! server runs: written to a hidden temporary file, synced, read back
//! through ([`verify_backup`]), then renamed into place — so a file named
//! `liaison-YYYYMMDD-HHMMSS.backup` is always a whole, readable backup —
//! and thinned by a retention rule (all of today's, then the newest of each
//! of the last 14 days, 8 weeks and 12 months). Each new backup may then
//! be copied off the machine by a command the operator sets
//! (`LIAISON_BACKUP_COPY`, [`copy_off`]).

use std::{
    collections::BTreeSet,
    io::{BufReader, BufWriter},
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use time::{Date, OffsetDateTime};

use crate::store::{Store, backup_to, verify_backup};

const PREFIX: &str = "liaison-";
const SUFFIX: &str = ".backup";

/// Days, weeks and months of which the newest backup is kept.
pub const KEEP_DAYS: usize = 14;
pub const KEEP_WEEKS: usize = 8;
pub const KEEP_MONTHS: usize = 12;

/// What one backup run did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Written {
    pub file: PathBuf,
    pub records: u64,
    pub bytes: u64,
    /// How long writes waited while the store was read.
    pub writes_held_ms: u64,
    /// Older backups the retention rule removed.
    pub removed: Vec<String>,
    /// Whether the copy off the machine succeeded (when a command is set),
    /// and what went wrong if not.
    pub copied: Option<bool>,
    pub copy_error: Option<String>,
}

/// How long a copy command may run.
pub const COPY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30 * 60);

/// Runs the operator's copy command (`sh -c COMMAND liaison-backup FILE`:
/// the new backup is `$1`), e.g. `rsync -a "$1" backup-host:/srv/liaison/`.
/// Fails with what it printed on a non-zero exit, or when it runs past
/// `timeout` (it is then killed).
pub fn copy_off(command: &str, file: &Path, timeout: std::time::Duration) -> Result<(), String> {
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .arg("liaison-backup")
        .arg(file)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the copy command: {e}"))?;
    let until = std::time::Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                let mut said = String::new();
                if let Some(mut err) = child.stderr.take() {
                    use std::io::Read;
                    let _ = err.by_ref().take(2000).read_to_string(&mut said);
                }
                return Err(format!("{status}: {}", said.trim()));
            }
            Ok(None) if std::time::Instant::now() >= until => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "still running after {} s: stopped",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// The file name of a backup taken at `at` (China time).
pub fn file_name(at: OffsetDateTime) -> String {
    format!(
        "{PREFIX}{:04}{:02}{:02}-{:02}{:02}{:02}{SUFFIX}",
        at.year(),
        at.month() as u8,
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// The day a backup's file name says it was taken; `None` for other files.
fn taken_on(name: &str) -> Option<Date> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (day, time) = stamp.split_once('-')?;
    if day.len() != 8 || time.len() != 6 || !time.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y = day.get(..4)?.parse().ok()?;
    let m = time::Month::try_from(day.get(4..6)?.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y, m, day.get(6..)?.parse().ok()?).ok()
}

/// A day, ISO week or month, as (year, number).
type Period = fn(Date) -> (i32, u32);

/// Of these backup file names, the ones the retention rule keeps on
/// `today`: all of today's, the newest of each of the last [`KEEP_DAYS`] days, of each of
/// the last [`KEEP_WEEKS`] ISO weeks and of each of the last
/// [`KEEP_MONTHS`] months — and always the newest of all. Names that are
/// not backups are kept (never touched).
pub fn keep(names: &[String], today: Date) -> BTreeSet<String> {
    let mut dated: Vec<(&String, Date)> = Vec::new();
    let mut out = BTreeSet::new();
    for n in names {
        match taken_on(n) {
            Some(d) => dated.push((n, d)),
            None => {
                out.insert(n.clone());
            }
        }
    }
    // Newest first: the timestamp in the name orders them.
    dated.sort_by(|a, b| b.0.cmp(a.0));
    if let Some((n, _)) = dated.first() {
        out.insert((*n).clone());
    }
    // Today's are all kept (one taken by hand before an upgrade survives
    // the night's); from tomorrow the day keeps its newest.
    for (n, d) in &dated {
        if *d == today {
            out.insert((*n).clone());
        }
    }
    let day: Period = |d| (d.year(), u32::from(d.ordinal()));
    let week: Period = |d| {
        let (y, w, _) = d.to_iso_week_date();
        (y, u32::from(w))
    };
    let month: Period = |d| (d.year(), u32::from(d.month() as u8));
    let rules = [(day, KEEP_DAYS), (week, KEEP_WEEKS), (month, KEEP_MONTHS)];
    for (period, count) in rules {
        // The last `count` periods, counting the current one.
        let mut periods = Vec::new();
        let mut d = today;
        while periods.len() < count {
            let p = period(d);
            if periods.last() != Some(&p) {
                periods.push(p);
            }
            match d.previous_day() {
                Some(prev) => d = prev,
                None => break,
            }
        }
        for p in &periods {
            if let Some((n, _)) = dated.iter().find(|(_, d)| period(*d) == *p && *d <= today) {
                out.insert((*n).clone());
            }
        }
    }
    out
}

/// Backs the store up into `dir` as of `at` (China time), checks the copy,
/// and removes what the retention rule no longer keeps.
pub fn write(store: &Store, dir: &Path, at: OffsetDateTime) -> anyhow::Result<Written> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = file_name(at);
    let path = dir.join(&name);
    if path.exists() {
        bail!("{} already exists", path.display());
    }
    let tmp = dir.join(format!(".{name}.tmp"));
    let result = (|| {
        // Owner-only: a backup holds every phone number and password hash.
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let file = opts
            .open(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        let mut out = BufWriter::new(file);
        // Writes wait while the store is read: the copy is one state.
        let held = std::time::Instant::now();
        let records = {
            let _paused = store.pause_writes();
            backup_to(store, &mut out)?
        };
        let held = held.elapsed();
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        let read = verify_backup(BufReader::new(std::fs::File::open(&tmp)?))?;
        if read != records {
            bail!("the copy holds {read} records, {records} were written");
        }
        Ok((records, held))
    })();
    let (records, held) = match result {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    std::fs::rename(&tmp, &path)?;
    std::fs::File::open(dir)?.sync_all()?;
    let bytes = std::fs::metadata(&path)?.len();
    let removed = prune(dir, at.date())?;
    Ok(Written {
        file: path,
        records,
        bytes,
        writes_held_ms: held.as_millis() as u64,
        removed,
        copied: None,
        copy_error: None,
    })
}

/// Removes the backups in `dir` the retention rule does not keep on `today`.
pub fn prune(dir: &Path, today: Date) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let name = e?.file_name().to_string_lossy().into_owned();
        if taken_on(&name).is_some() {
            names.push(name);
        }
    }
    let kept = keep(&names, today);
    let mut removed = Vec::new();
    for n in names {
        if !kept.contains(&n) {
            std::fs::remove_file(dir.join(&n))?;
            removed.push(n);
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn name(d: Date) -> String {
        format!(
            "liaison-{:04}{:02}{:02}-030000.backup",
            d.year(),
            d.month() as u8,
            d.day()
        )
    }

    #[test]
    fn daily_backups_for_two_years_thin_to_days_weeks_and_months() {
        let today = date!(2026 - 12 - 01);
        let mut names = Vec::new();
        let mut d = date!(2024 - 12 - 01);
        while d <= today {
            names.push(name(d));
            d = d.next_day().expect("date");
        }
        let kept = keep(&names, today);
        // The last 14 days, each.
        for i in 0..14 {
            assert!(
                kept.contains(&name(today - time::Duration::days(i))),
                "day {i}"
            );
        }
        // Older: a week's newest (its Sunday) for 8 weeks, a month's newest
        // (its last day) for 12 months, nothing else.
        assert!(
            kept.contains(&name(date!(2026 - 11 - 08))),
            "a Sunday 3 weeks back"
        );
        assert!(
            !kept.contains(&name(date!(2026 - 11 - 04))),
            "a Wednesday 4 weeks back"
        );
        assert!(kept.contains(&name(date!(2026 - 01 - 31))));
        assert!(kept.contains(&name(date!(2026 - 06 - 30))));
        assert!(!kept.contains(&name(date!(2026 - 06 - 15))));
        assert!(
            !kept.iter().any(|n| n.starts_with("liaison-2025")),
            "{kept:?}"
        );
        assert!(
            kept.len() <= KEEP_DAYS + KEEP_WEEKS + KEEP_MONTHS,
            "{}",
            kept.len()
        );
        // Removing what is not kept and thinning again keeps the same.
        let again: Vec<String> = kept.iter().cloned().collect();
        assert_eq!(keep(&again, today), kept);
    }

    #[test]
    fn the_newest_is_always_kept_and_other_files_never_touched() {
        let today = date!(2026 - 12 - 01);
        let names = vec![
            name(date!(2024 - 01 - 01)),
            "notes.txt".to_owned(),
            ".liaison-20261201-030000.backup.tmp".to_owned(),
        ];
        let kept = keep(&names, today);
        assert!(
            kept.contains(&name(date!(2024 - 01 - 01))),
            "the only backup"
        );
        assert!(kept.contains("notes.txt"));
        let more = vec![name(date!(2024 - 01 - 01)), name(date!(2026 - 11 - 30))];
        assert!(!keep(&more, today).contains(&name(date!(2024 - 01 - 01))));
        // Two of today's both stay; of yesterday's, the newest.
        let two = vec![
            "liaison-20261201-030000.backup".to_owned(),
            "liaison-20261201-153000.backup".to_owned(),
            "liaison-20261130-030000.backup".to_owned(),
            "liaison-20261130-153000.backup".to_owned(),
        ];
        let kept = keep(&two, today);
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert!(!kept.contains("liaison-20261130-030000.backup"));
    }

    #[test]
    fn names_round_trip_through_their_date() {
        let at = time::macros::datetime!(2026-03-04 05:06:07 +8);
        assert_eq!(file_name(at), "liaison-20260304-050607.backup");
        assert_eq!(taken_on(&file_name(at)), Some(date!(2026 - 03 - 04)));
        assert_eq!(taken_on("liaison-20260230-000000.backup"), None);
        assert_eq!(taken_on("other-20260304-050607.backup"), None);
    }
}

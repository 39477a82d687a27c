//! The clock, injected so that deadlines and session timeouts are testable.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use time::{Date, OffsetDateTime, UtcOffset};

/// Beijing time: dates on forms and deadlines are China's calendar days.
pub const CHINA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

pub trait Clock: Send + Sync + 'static {
    /// Seconds since the Unix epoch.
    fn now(&self) -> i64;

    /// Today's date in China.
    fn today(&self) -> Date {
        OffsetDateTime::from_unix_timestamp(self.now())
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
            .to_offset(CHINA)
            .date()
    }
}

/// The real clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        OffsetDateTime::now_utc().unix_timestamp()
    }
}

/// A clock that tests move by hand.
#[derive(Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    pub fn new(now: i64) -> ManualClock {
        ManualClock(Arc::new(AtomicI64::new(now)))
    }

    /// Starts at the real current time.
    pub fn starting_now() -> ManualClock {
        ManualClock::new(SystemClock.now())
    }

    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// `YYYY-MM-DD`.
pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The same day `years` later; 29 February becomes 28 February.
pub fn add_years(d: Date, years: u8) -> Date {
    let year = d.year() + i32::from(years);
    d.replace_year(year)
        .or_else(|_| (d - time::Duration::days(1)).replace_year(year))
        .unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_term_ends_on_the_same_day_years_later() {
        assert_eq!(add_years(date!(2027 - 06 - 30), 3), date!(2030 - 06 - 30));
        assert_eq!(add_years(date!(2028 - 02 - 29), 3), date!(2031 - 02 - 28));
    }
}

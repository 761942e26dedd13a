//! Dates as the pages show them.

use graphperm_core::Catalogue;
use jiff::Timestamp;
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use serde::Serialize;

/// The data's date: readable, and as RFC 3339 for `<time datetime>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DataDate {
    /// "April 6, 2026 at 4:06 AM UTC"; empty when unknown.
    pub human: String,
    /// `2026-04-06T04:06:00Z`; empty when unknown or not RFC 3339.
    pub iso: String,
}

impl DataDate {
    pub fn of(catalogue: &Catalogue) -> DataDate {
        let iso = catalogue.data_date_text().unwrap_or_default();
        DataDate { human: human_date(&iso), iso }
    }
}

/// `2026-04-06T04:06:00Z` → `April 6, 2026 at 4:06 AM UTC`, in the offset the text
/// gives (`-07:00` stays `-07:00`); text that is not an RFC 3339 timestamp is returned as
/// is.
pub fn human_date(rfc3339: &str) -> String {
    if !is_rfc3339(rfc3339) {
        return rfc3339.to_string();
    }
    let Ok(pieces) = Pieces::parse(rfc3339) else {
        return rfc3339.to_string();
    };
    let Some(time) = pieces.time() else {
        return rfc3339.to_string();
    };
    let zone = match pieces.offset() {
        Some(PiecesOffset::Numeric(numeric)) if numeric.offset().seconds() != 0 => {
            let offset = numeric.offset();
            let sign = if offset.is_negative() { '-' } else { '+' };
            let minutes = offset.seconds().unsigned_abs() / 60;
            format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
        _ => "UTC".to_string(),
    };
    let datetime = pieces.date().to_datetime(time);
    format!("{} {zone}", datetime.strftime("%B %-d, %Y at %-I:%M %p"))
}

/// True for an RFC 3339 timestamp with its offset (`2026-04-06T04:06:00Z`), what
/// `<time datetime>` accepts.
pub fn is_rfc3339(text: &str) -> bool {
    text.len() >= 20 && text.as_bytes()[10] == b'T' && text.parse::<Timestamp>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_date(input: &str, expected: &str) {
        assert_eq!(human_date(input), expected);
    }

    #[test]
    fn dates_read_like_the_seed() {
        check_date("2026-04-06T04:06:00Z", "April 6, 2026 at 4:06 AM UTC");
        check_date("2026-08-03T17:43:07Z", "August 3, 2026 at 5:43 PM UTC");
        check_date("2026-01-01T00:05:00Z", "January 1, 2026 at 12:05 AM UTC");
        check_date("2026-08-03T10:42:36-07:00", "August 3, 2026 at 10:42 AM -07:00");
        check_date("not a date", "not a date");
        check_date("2026-13-01T00:00:00Z", "2026-13-01T00:00:00Z");
    }

    #[test]
    fn rfc3339_dates_for_time_elements() {
        assert!(is_rfc3339("2026-08-03T17:43:07Z"));
        assert!(is_rfc3339("2026-08-03T10:42:36-07:00"));
        assert!(!is_rfc3339("August 3, 2026"));
        assert!(!is_rfc3339("2026-08-03"));
    }
}

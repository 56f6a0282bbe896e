//! `Edm.DateTimeOffset`, `Edm.Date` and `Edm.TimeOfDay` on the `time` crate.
//!
//! `time` was picked over chrono: it has RFC 3339 parsing and formatting
//! built in, separate `Date` and `Time` types that match Edm's, no
//! deprecated legacy API, and a small dependency tree.

use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// A point in time with its UTC offset. Reads RFC 3339; a value written
/// without an offset (some Graph payloads do) is read as UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTimeOffset(pub time::OffsetDateTime);

impl DateTimeOffset {
    /// Reads RFC 3339; also a date-time without an offset and a bare date
    /// (midnight), both as UTC, since Graph payloads hold both.
    pub fn parse(text: &str) -> Option<DateTimeOffset> {
        let t = text.trim();
        time::OffsetDateTime::parse(t, &Rfc3339)
            .or_else(|_| time::OffsetDateTime::parse(&format!("{t}Z"), &Rfc3339))
            .or_else(|_| time::OffsetDateTime::parse(&format!("{t}T00:00:00Z"), &Rfc3339))
            .ok()
            .map(DateTimeOffset)
    }
}

impl Default for DateTimeOffset {
    fn default() -> Self {
        DateTimeOffset(time::OffsetDateTime::UNIX_EPOCH)
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(s) => f.write_str(&s),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

crate::de::text_wire!(DateTimeOffset, "an RFC 3339 date-time");

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(pub time::Date);

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        time::Date::parse(text.trim(), format_description!("[year]-[month]-[day]"))
            .ok()
            .map(Date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(format_description!("[year]-[month]-[day]")) {
            Ok(s) => f.write_str(&s),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

crate::de::text_wire!(Date, "a date");

/// A time of day, `HH:MM:SS` with optional fractional seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeOfDay(pub time::Time);

impl TimeOfDay {
    pub fn parse(text: &str) -> Option<TimeOfDay> {
        let t = text.trim();
        time::Time::parse(
            t,
            format_description!("[hour]:[minute]:[second][optional [.[subsecond]]]"),
        )
        .or_else(|_| time::Time::parse(t, format_description!("[hour]:[minute]")))
        .ok()
        .map(TimeOfDay)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(f, "{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())?;
        let nanos = t.nanosecond();
        if nanos != 0 {
            let frac = format!("{nanos:09}");
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        Ok(())
    }
}

crate::de::text_wire!(TimeOfDay, "a time of day");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_offset_spellings() {
        let d: DateTimeOffset = serde_json::from_str("\"2017-09-04T16:25:00.1234567Z\"").unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            "\"2017-09-04T16:25:00.1234567Z\""
        );
        let d: DateTimeOffset = serde_json::from_str("\"2016-03-15T00:00:00\"").unwrap();
        assert_eq!(d.to_string(), "2016-03-15T00:00:00Z");
        assert!(serde_json::from_str::<DateTimeOffset>("\"datetime-value\"").is_err());
        let d: DateTimeOffset = serde_json::from_str("\"1974-07-22\"").unwrap();
        assert_eq!(d.to_string(), "1974-07-22T00:00:00Z");
    }

    #[test]
    fn date_and_time_of_day() {
        let d: Date = serde_json::from_str("\"2021-07-16\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2021-07-16\"");
        let t: TimeOfDay = serde_json::from_str("\"08:00:00.0000000\"").unwrap();
        assert_eq!(t.to_string(), "08:00:00");
        let t: TimeOfDay = serde_json::from_str("\"17:30:05.25\"").unwrap();
        assert_eq!(t.to_string(), "17:30:05.25");
    }
}

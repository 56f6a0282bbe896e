//! `Edm.Duration`: an ISO 8601 duration (`P1DT2H`, `-PT0.5S`).
//!
//! Written by hand: the crates that parse these keep components as `f32`
//! (losing fractional seconds such as `.1234567`) and reject the negative
//! durations that OData's `xs:dayTimeDuration` allows.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Duration {
    pub negative: bool,
    pub years: u64,
    pub months: u64,
    pub weeks: u64,
    pub days: u64,
    pub hours: u64,
    pub minutes: u64,
    pub seconds: u64,
    pub nanos: u32,
}

impl Duration {
    pub fn parse(text: &str) -> Option<Duration> {
        let t = text.trim();
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let body = t.strip_prefix('P')?;
        let (date_part, time_part) = match body.split_once('T') {
            Some((d, tp)) if !tp.is_empty() => (d, Some(tp)),
            Some(_) => return None,
            None => (body, None),
        };
        let mut d = Duration {
            negative,
            ..Duration::default()
        };
        let mut any = false;
        for (number, unit) in components(date_part)? {
            any = true;
            let whole: u64 = number.parse().ok()?;
            match unit {
                'Y' => d.years = whole,
                'M' => d.months = whole,
                'W' => d.weeks = whole,
                'D' => d.days = whole,
                _ => return None,
            }
        }
        for (number, unit) in components(time_part.unwrap_or(""))? {
            any = true;
            match unit {
                'H' => d.hours = number.parse().ok()?,
                'M' => d.minutes = number.parse().ok()?,
                'S' => {
                    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
                    d.seconds = whole.parse().ok()?;
                    if frac.len() > 9 || !frac.chars().all(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    d.nanos = if frac.is_empty() {
                        0
                    } else {
                        format!("{frac:0<9}").parse().ok()?
                    };
                }
                _ => return None,
            }
        }
        any.then_some(d)
    }

    /// The length in seconds, counting a year as 365 days and a month as 30:
    /// for comparing spellings, not for calendar arithmetic.
    pub fn approx_seconds(&self) -> f64 {
        let days = self.years * 365 + self.months * 30 + self.weeks * 7 + self.days;
        let secs = ((days * 24 + self.hours) * 60 + self.minutes) * 60 + self.seconds;
        let v = secs as f64 + f64::from(self.nanos) / 1e9;
        if self.negative {
            -v
        } else {
            v
        }
    }
}

/// Splits `1Y2M` into `[("1", 'Y'), ("2", 'M')]`.
fn components(text: &str) -> Option<Vec<(&str, char)>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphabetic() {
            let number = &text[start..i];
            if number.is_empty() {
                return None;
            }
            out.push((number, c));
            start = i + 1;
        }
    }
    (start == text.len()).then_some(out)
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str("P")?;
        for (n, unit) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if n != 0 {
                write!(f, "{n}{unit}")?;
            }
        }
        let has_time = self.hours != 0 || self.minutes != 0 || self.seconds != 0 || self.nanos != 0;
        let empty =
            !has_time && self.years == 0 && self.months == 0 && self.weeks == 0 && self.days == 0;
        if has_time || empty {
            f.write_str("T")?;
            if self.hours != 0 {
                write!(f, "{}H", self.hours)?;
            }
            if self.minutes != 0 {
                write!(f, "{}M", self.minutes)?;
            }
            if self.seconds != 0 || self.nanos != 0 || empty {
                write!(f, "{}", self.seconds)?;
                if self.nanos != 0 {
                    write!(f, ".{}", format!("{:09}", self.nanos).trim_end_matches('0'))?;
                }
                f.write_str("S")?;
            }
        }
        Ok(())
    }
}

crate::de::text_wire!(Duration, "an ISO 8601 duration");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for (text, back) in [
            ("PT1H", "PT1H"),
            ("P1DT2H3M4.5S", "P1DT2H3M4.5S"),
            ("-PT0.1234567S", "-PT0.1234567S"),
            ("P2W", "P2W"),
            ("PT0S", "PT0S"),
            ("P0D", "PT0S"),
        ] {
            let d = Duration::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(d.to_string(), back);
        }
        for bad in [
            "",
            "P",
            "PT",
            "1H",
            "P1H",
            "PT1X",
            "P1.5D",
            "duration-value",
        ] {
            assert_eq!(Duration::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Duration::parse("PT90M").map(|d| d.approx_seconds()),
            Some(5400.0)
        );
    }
}

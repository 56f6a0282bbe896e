//! Whether a JSON string holds a value of a text-encoded Edm type. These
//! are checks, not parsers: lint only needs to know that a value is well
//! formed, and the codegen crate does not depend on the runtime's `time`.

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2))
}

/// `HH:MM[:SS[.fffffff]]`.
pub fn is_time(s: &str) -> bool {
    let (main, fraction) = s.split_once('.').unwrap_or((s, "0"));
    let parts: Vec<&str> = main.split(':').collect();
    let fields_ok = matches!(parts.as_slice(), [h, m] | [h, m, _] if digits(h, 2) && digits(m, 2))
        && parts.get(2).is_none_or(|sec| digits(sec, 2));
    fields_ok && !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// RFC 3339, or a date and time without an offset (read as UTC), as Graph
/// sends them.
pub fn is_date_time(s: &str) -> bool {
    let Some((date, rest)) = s.split_once(['T', 't', ' ']) else {
        return is_date(s);
    };
    let time = rest
        .strip_suffix(['Z', 'z'])
        .or_else(|| {
            let at = rest.rfind(['+', '-'])?;
            let offset = &rest[at + 1..];
            (offset.len() == 5 && offset.as_bytes()[2] == b':').then_some(&rest[..at])
        })
        .unwrap_or(rest);
    is_date(date) && is_time(time)
}

/// ISO 8601 durations: `P1DT2H`, `PT0.5S`, `-P3D`.
pub fn is_duration(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let Some(body) = s.strip_prefix('P') else {
        return false;
    };
    let (date, time) = body.split_once('T').unwrap_or((body, ""));
    let fields = |part: &str, units: &str| {
        let mut number = String::new();
        let mut any = false;
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
            } else if units.contains(c) && !number.is_empty() {
                number.clear();
                any = true;
            } else {
                return None;
            }
        }
        number.is_empty().then_some(any)
    };
    match (fields(date, "YMWD"), fields(time, "HMS")) {
        (Some(d), Some(t)) => t || d && !body.contains('T'),
        _ => false,
    }
}

/// `8-4-4-4-12` hex digits.
pub fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Standard or URL-safe base64, padded or not.
pub fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_date_time("2017-06-05T10:00:00.0000000"));
        assert!(is_date_time("2021-01-01T00:00:00Z"));
        assert!(is_date_time("2021-01-01T00:00:00-08:00"));
        assert!(!is_date_time("yesterday"));
        assert!(is_date("2021-07-16") && !is_date("2021-7-16"));
        assert!(is_time("13:45:00.0000000") && !is_time("1pm"));
        assert!(is_duration("PT1H30M") && is_duration("P2D") && is_duration("-PT0.5S"));
        assert!(!is_duration("P") && !is_duration("1 hour") && !is_duration("PT"));
        assert!(is_guid("57dab8b1-894c-409a-b240-bd8beae78896") && !is_guid("57dab8b1"));
        assert!(is_base64("aGVsbG8=") && !is_base64("not base64!"));
    }
}

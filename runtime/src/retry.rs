//! When to send a request again (sans-IO): a throttled or unavailable
//! answer (429, 503, 504) is retried after the `Retry-After` the service
//! asks for (seconds or an HTTP date), else after an exponential backoff
//! with jitter; each wait is capped, all retries end at an overall
//! deadline, and a request whose body cannot be replayed (a stream) is
//! never sent twice. The caller supplies the clock and the randomness,
//! so every decision here is a pure function.

use std::time::{Duration, SystemTime};

/// The `Retry-After` header as a wait from `now`: delay-seconds, or an
/// HTTP date (a date already past is no wait).
pub fn retry_after(headers: &http::HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A new `client-request-id` (a random UUID, as the service expects).
pub fn new_client_request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The statuses worth another try: throttled, unavailable, gateway timeout.
pub const RETRIED_STATUSES: [u16; 3] = [429, 503, 504];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries after the first (3 by default).
    pub max_retries: u32,
    /// The longest single wait, whatever `Retry-After` says (60 s).
    pub max_wait: Duration,
    /// No retry starts later than this after the first try (5 min).
    pub deadline: Duration,
    /// The first backoff when the service gives no `Retry-After` (0.5 s),
    /// doubled on each retry.
    pub base_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            max_wait: Duration::from_secs(60),
            deadline: Duration::from_secs(300),
            base_delay: Duration::from_millis(500),
        }
    }
}

/// What the caller knows after an answer.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// Retries done so far (0 after the first try).
    pub retries: u32,
    pub status: u16,
    pub headers: &'a http::HeaderMap,
    /// Whether the request's body can be sent again.
    pub replayable: bool,
    /// Time since the first try started.
    pub elapsed: Duration,
    pub now: SystemTime,
    /// A random number in [0, 1) for the backoff's jitter.
    pub jitter: f64,
}

impl RetryPolicy {
    /// The wait before trying again, or `None` to give the answer back.
    pub fn next_wait(&self, attempt: &Attempt<'_>) -> Option<Duration> {
        if !RETRIED_STATUSES.contains(&attempt.status)
            || !attempt.replayable
            || attempt.retries >= self.max_retries
        {
            return None;
        }
        let wait = retry_after(attempt.headers, attempt.now)
            .unwrap_or_else(|| self.backoff(attempt.retries, attempt.jitter))
            .min(self.max_wait);
        (attempt.elapsed + wait <= self.deadline).then_some(wait)
    }

    /// Exponential backoff with "equal jitter": half the doubled delay
    /// fixed, half random, so waits spread out but never collapse to zero.
    pub fn backoff(&self, retries: u32, jitter: f64) -> Duration {
        let doubled = self
            .base_delay
            .saturating_mul(1u32 << retries.min(16))
            .min(self.max_wait);
        let half = doubled / 2;
        half + half.mul_f64(jitter.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(retry_after: Option<&str>) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        if let Some(v) = retry_after {
            h.insert(http::header::RETRY_AFTER, v.parse().unwrap());
        }
        h
    }

    fn attempt<'a>(status: u16, headers: &'a http::HeaderMap, now: SystemTime) -> Attempt<'a> {
        Attempt {
            retries: 0,
            status,
            headers,
            replayable: true,
            elapsed: Duration::ZERO,
            now,
            jitter: 0.5,
        }
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            retry_after(&headers(Some("7")), now),
            Some(Duration::from_secs(7))
        );
        let later = headers(Some("Wed, 21 Oct 2015 07:28:30 GMT"));
        assert_eq!(retry_after(&later, now), Some(Duration::from_secs(30)));
        let past = headers(Some("Wed, 21 Oct 2015 07:00:00 GMT"));
        assert_eq!(retry_after(&past, now), Some(Duration::ZERO));
        // RFC 850 and asctime forms are HTTP dates too.
        let asctime = headers(Some("Wed Oct 21 07:28:10 2015"));
        assert_eq!(retry_after(&asctime, now), Some(Duration::from_secs(10)));
        assert_eq!(retry_after(&headers(Some("soon")), now), None);
        assert_eq!(retry_after(&headers(None), now), None);
    }

    #[test]
    fn waits_are_capped_bounded_and_only_for_replayable_requests() {
        let policy = RetryPolicy::default();
        let now = SystemTime::now();
        let h = headers(Some("2"));
        assert_eq!(
            policy.next_wait(&attempt(429, &h, now)),
            Some(Duration::from_secs(2))
        );
        assert_eq!(policy.next_wait(&attempt(404, &h, now)), None);
        let stream = Attempt {
            replayable: false,
            ..attempt(503, &h, now)
        };
        assert_eq!(policy.next_wait(&stream), None);
        let spent = Attempt {
            retries: 3,
            ..attempt(503, &h, now)
        };
        assert_eq!(policy.next_wait(&spent), None);
        let long = headers(Some("3600"));
        assert_eq!(
            policy.next_wait(&attempt(429, &long, now)),
            Some(policy.max_wait)
        );
        let late = Attempt {
            elapsed: Duration::from_secs(299),
            ..attempt(429, &h, now)
        };
        assert_eq!(policy.next_wait(&late), None, "past the deadline");
    }

    #[test]
    fn backoff_doubles_with_jitter_inside_its_bounds() {
        let policy = RetryPolicy::default();
        let none = headers(None);
        let wait = policy
            .next_wait(&attempt(503, &none, SystemTime::now()))
            .unwrap();
        assert_eq!(wait, Duration::from_millis(375));
        for retries in 0..5 {
            let full = (policy.base_delay * (1 << retries)).min(policy.max_wait);
            let low = policy.backoff(retries, 0.0);
            let high = policy.backoff(retries, 0.999);
            assert_eq!(low, full / 2);
            assert!(high < full && high > low);
        }
        assert_eq!(policy.backoff(40, 1.0), policy.max_wait);
    }
}

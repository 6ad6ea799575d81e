//! Rate limits on sign-in, sign-up and password-reset attempts: fixed-window counters in the
//! `rate_limits` table, so that every app server sees the same counts.
//!
//! One attempt is one conditional upsert that returns the new count, so concurrent attempts
//! can never slip past the limit together.

use axum::http::HeaderValue;
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Response};

use crate::db::{self, Db};
use crate::web::AppError;

/// The length of one window.
pub const WINDOW_SECS: i64 = 15 * 60;

/// An attempt over the limit; the answer is a 429 page with `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    /// Seconds until the window ends.
    pub retry_after: i64,
}

impl IntoResponse for Limited {
    fn into_response(self) -> Response {
        let mut response = AppError::TooManyRequests.into_response();
        if let Ok(value) = HeaderValue::from_str(&self.retry_after.max(1).to_string()) {
            response.headers_mut().insert(RETRY_AFTER, value);
        }
        response
    }
}

/// A counter's name, e.g. `sign-in-ip:203.0.113.7` or `sign-in-email:ana@example.org`.
pub fn bucket(kind: &str, key: &str) -> String {
    // Keys come from people (e-mail addresses): bound their length.
    let key: String = key.chars().take(300).collect();
    format!("{kind}:{key}")
}

/// The bucket for a client address (requests without one share a bucket).
pub fn ip_bucket(kind: &str, ip: Option<&str>) -> String {
    bucket(kind, ip.unwrap_or("unknown"))
}

/// Counts one attempt in `bucket` and tells whether it is over `limit` for this window.
pub async fn hit(db: &Db, bucket: &str, limit: i64) -> Result<Result<(), Limited>, sqlx::Error> {
    let now = db::now();
    let window_start = now - now.rem_euclid(WINDOW_SECS);
    let hits: i64 = sqlx::query_scalar(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(&db.pool)
    .await?;
    if hits == 1 {
        // The first attempt of a new window: forget the windows that are over.
        sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
            .bind(window_start)
            .execute(&db.pool)
            .await?;
    }
    Ok(if hits > limit {
        Err(Limited {
            retry_after: window_start + WINDOW_SECS - now,
        })
    } else {
        Ok(())
    })
}

/// Counts one attempt in every `(bucket, limit)` (each is counted, even after one is over its
/// limit, so that an attacker cannot spare one bucket by tripping another).
pub async fn hit_all(
    db: &Db,
    buckets: &[(String, i64)],
) -> Result<Result<(), Limited>, sqlx::Error> {
    let mut outcome = Ok(());
    for (b, limit) in buckets {
        if let Err(limited) = hit(db, b, *limit).await? {
            outcome = match outcome {
                Err(Limited { retry_after }) if retry_after >= limited.retry_after => {
                    Err(Limited { retry_after })
                }
                _ => Err(limited),
            };
        }
    }
    Ok(outcome)
}

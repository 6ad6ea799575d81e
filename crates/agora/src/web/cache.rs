//! A micro-cache of public pages for anonymous visitors.
//!
//! Most visits are anonymous reads of the same few public pages (an organisation's home, a
//! space, a proposal list). Each costs several database round trips; serving the same bytes
//! for up to a second costs none. What is cached: `GET` answers `200` to requests that carry no
//! credentials (no session cookie, no `Authorization`), that set no cookie, keyed by URL and the
//! language inputs. Any state-changing request served by this process empties it at once;
//! another app server's change shows within the time-to-live. Losing it loses nothing, so the
//! server stays stateless in every way that matters. `AGORA_PAGE_CACHE_MS=0` turns it off.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::app::AppState;
use crate::web::ctx::LOCALE_COOKIE;

/// Entries above this are not cached; the cache is emptied when it holds this many.
const MAX_BODY: usize = 512 * 1024;
const MAX_ENTRIES: usize = 2048;

struct Entry {
    stored: Instant,
    generation: u64,
    headers: HeaderMap,
    body: Bytes,
}

/// The cache, shared by the app's handlers.
#[derive(Default)]
pub struct PageCache {
    entries: Mutex<HashMap<String, Entry>>,
    /// Bumped by every state-changing request: entries of an older generation are stale.
    generation: AtomicU64,
}

impl PageCache {
    fn get(&self, key: &str, ttl: Duration) -> Option<Response> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(key)?;
        if entry.stored.elapsed() > ttl
            || entry.generation != self.generation.load(Ordering::Acquire)
        {
            return None;
        }
        let mut response = Response::new(Body::from(entry.body.clone()));
        *response.headers_mut() = entry.headers.clone();
        Some(response)
    }

    fn put(&self, key: String, generation: u64, headers: HeaderMap, body: Bytes) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(
                key,
                Entry {
                    stored: Instant::now(),
                    generation,
                    headers,
                    body,
                },
            );
        }
    }

    /// Forgets everything (a write happened).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

/// The cache key of an anonymous request, or `None` when the request must not be cached.
fn key_for(request: &Request) -> Option<String> {
    let headers = request.headers();
    if headers.contains_key(AUTHORIZATION) || headers.contains_key("hx-request") {
        return None;
    }
    let mut locale = "";
    for cookie in headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
    {
        for pair in cookie.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some((LOCALE_COOKIE, value)) => locale = value,
                // Any other cookie (a session, a seed) may change the page: not cached.
                _ => return None,
            }
        }
    }
    let accept = headers
        .get("accept-language")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Some(format!("{}\n{locale}\n{accept}", request.uri()))
}

/// The middleware.
pub async fn micro_cache(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let ttl = Duration::from_millis(state.config.page_cache_ms);
    if request.method() != Method::GET {
        if !matches!(*request.method(), Method::HEAD | Method::OPTIONS) {
            state.page_cache.invalidate();
            let response = next.run(request).await;
            // Also after: a request that started before this write must not store its result.
            state.page_cache.invalidate();
            return response;
        }
        return next.run(request).await;
    }
    let path = request.uri().path();
    if ttl.is_zero() || path.starts_with("/static/")
        // Archives are files of their own, far above the cache's size limit.
        || path.ends_with(".zip")
        || path == "/healthz" || path == "/metrics"
    {
        return next.run(request).await;
    }
    let Some(key) = key_for(&request) else {
        return next.run(request).await;
    };
    if let Some(hit) = state.page_cache.get(&key, ttl) {
        return hit;
    }
    let generation = state.page_cache.generation.load(Ordering::Acquire);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => {
            state
                .page_cache
                .put(key, generation, parts.headers.clone(), bytes.clone());
            Response::from_parts(parts, Body::from(bytes))
        }
        // Too large to cache (or a body error): answer with what can be answered.
        Err(_) => Response::from_parts(parts, Body::empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().uri("/o/ville?page=2");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(Body::empty()).expect("request")
    }

    #[test]
    fn only_anonymous_requests_have_a_key() {
        assert!(key_for(&request(&[])).is_some());
        assert!(key_for(&request(&[("cookie", "agora_locale=en")])).is_some());
        assert!(key_for(&request(&[("cookie", "agora_session=abc")])).is_none());
        assert!(key_for(&request(&[("cookie", "agora_locale=en; other=1")])).is_none());
        assert!(key_for(&request(&[("authorization", "Bearer x")])).is_none());
        assert_ne!(
            key_for(&request(&[("accept-language", "en")])),
            key_for(&request(&[("accept-language", "fr")]))
        );
    }

    #[test]
    fn a_write_makes_every_entry_stale() {
        let cache = PageCache::default();
        cache.put("k".into(), 0, HeaderMap::new(), Bytes::from_static(b"page"));
        assert!(cache.get("k", Duration::from_secs(1)).is_some());
        cache.invalidate();
        assert!(cache.get("k", Duration::from_secs(1)).is_none());
    }
}

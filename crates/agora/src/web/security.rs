//! Security headers on every response, and the CSRF check on every state-changing request.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::web::error::ErrorPage;

/// No inline script, nothing from elsewhere, no framing by other sites.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
                   object-src 'none'; frame-ancestors 'none'";

/// Adds the security headers.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    response
}

/// Refuses cross-site state-changing requests, as tower-http's `csrf` layer and Go's
/// `CrossOriginProtection` do: browsers say where a request comes from in `Sec-Fetch-Site`
/// (or, older ones, `Origin`). Requests without either come from non-browser clients, which
/// carry no ambient cookies an attacker could ride on; API calls authenticate with a bearer
/// token, which a cross-site form cannot send.
pub async fn csrf(request: Request, next: Next) -> Response {
    if is_safe(request.method()) || !is_cross_site(&request) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "cross-site request refused");
    let mut response = StatusCode::FORBIDDEN.into_response();
    response.extensions_mut().insert(ErrorPage);
    response
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_cross_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    // `Origin: null` (sandboxed frames, some redirects) is never same-origin.
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or("null");
    origin_host != host
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder()
            .method("POST")
            .uri("/x")
            .header("host", "agora.test");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(Body::empty()).expect("request")
    }

    #[test]
    fn cross_site_detection() {
        assert!(is_cross_site(&post(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&post(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&post(&[("sec-fetch-site", "same-origin")])));
        assert!(is_cross_site(&post(&[("origin", "https://evil.example")])));
        assert!(is_cross_site(&post(&[("origin", "null")])));
        assert!(!is_cross_site(&post(&[("origin", "http://agora.test")])));
        assert!(!is_cross_site(&post(&[])));
    }
}

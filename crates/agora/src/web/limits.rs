//! Request body limits: small everywhere, large only where an admin uploads a whole file — a
//! city's census CSV or a Pabulib election (Warsaw's is 3 MB; a census of a few hundred
//! thousand people is tens of MB). A body over its limit gets 413 before it is read when its
//! `Content-Length` says so, and as soon as it passes the limit otherwise; nothing is changed.
//! The 413 becomes the localized error page, or a problem document under `/api/`.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Every request body but the uploads below.
pub const BODY_LIMIT: usize = 256 * 1024;
/// Census and Pabulib imports.
pub const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

/// The largest body `path` accepts: the upload limit for the census import
/// (`/o/{slug}/admin/census`) and the Pabulib import (`/budgets/{cid}/{bid}/import`).
pub fn limit_for(path: &str) -> usize {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let upload = matches!(parts.as_slice(), ["o", _, "admin", "census"])
        || matches!(parts.as_slice(), ["budgets", _, _, "import"]);
    if upload { UPLOAD_LIMIT } else { BODY_LIMIT }
}

/// "256 KiB", "64 MiB".
fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

/// The API's problem document, or a bare 413 the error pages turn into the visitor's page.
fn too_large(path: &str, limit: usize) -> Response {
    let detail = format!(
        "The request body is larger than {}, the most this address accepts.",
        size(limit)
    );
    if path.starts_with("/api/") {
        crate::api::problem::Problem::new(StatusCode::PAYLOAD_TOO_LARGE, detail).into_response()
    } else {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            detail,
        )
            .into_response()
    }
}

/// The middleware: refuses a declared length over the limit, and caps the body read for the
/// rest (the extractors then answer 413 when it runs over).
pub async fn body_limit(request: Request, next: Next) -> Response {
    let limit = limit_for(request.uri().path());
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large(request.uri().path(), limit);
    }
    let (parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_file_imports_take_large_bodies() {
        assert_eq!(limit_for("/o/angers/admin/census"), UPLOAD_LIMIT);
        assert_eq!(limit_for("/budgets/3/7/import"), UPLOAD_LIMIT);
        assert_eq!(limit_for("/budgets/3/7/ballot"), BODY_LIMIT);
        assert_eq!(limit_for("/o/angers/admin/census/x"), BODY_LIMIT);
        assert_eq!(limit_for("/api/v1/budgets/7/ballot"), BODY_LIMIT);
        assert_eq!(limit_for("/o/angers/verification"), BODY_LIMIT);
        assert_eq!(size(BODY_LIMIT), "256 KiB");
        assert_eq!(size(UPLOAD_LIMIT), "64 MiB");
    }
}

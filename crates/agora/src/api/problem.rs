//! RFC 9457 problem documents: every error the API answers, and the middleware that turns
//! the framework's bare errors (405, extractor rejections) into one.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{ALLOW, CONTENT_TYPE, VARY, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::web::AppError;

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answered as `application/problem+json`.
///
/// `type` is `about:blank` (RFC 9457 §4.2.1): the status says what kind of problem it is, and
/// `title` is then the status's reason phrase; `detail` explains this occurrence.
#[derive(Debug, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    /// The `WWW-Authenticate` challenge sent with a 401.
    #[serde(skip)]
    challenge: Option<&'static str>,
}

impl Problem {
    /// A problem with `status` and an explanation.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            detail: detail.into(),
            challenge: None,
        }
    }

    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, detail)
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, detail)
    }

    /// No credentials where some are needed (RFC 6750 §3: a bare challenge).
    pub fn sign_in_required() -> Problem {
        Problem {
            challenge: Some("Bearer realm=\"agora\""),
            ..Problem::new(
                StatusCode::UNAUTHORIZED,
                "This endpoint needs a personal API token: send `Authorization: Bearer TOKEN`.",
            )
        }
    }

    /// Credentials that are wrong, revoked, or belong to a blocked account.
    pub fn invalid_token() -> Problem {
        Problem {
            challenge: Some("Bearer realm=\"agora\", error=\"invalid_token\""),
            ..Problem::new(
                StatusCode::UNAUTHORIZED,
                "The API token is unknown or revoked, or the `Authorization` header is not \
                 `Bearer TOKEN`.",
            )
        }
    }

    pub fn internal() -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side; it has been logged.",
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(challenge) = self.challenge {
            headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        response
    }
}

impl From<sqlx::Error> for Problem {
    fn from(e: sqlx::Error) -> Problem {
        tracing::error!(error = %e, "api: database error");
        Problem::internal()
    }
}

/// The platform's access checks answer with page errors; the API says the same in JSON.
impl From<AppError> for Problem {
    fn from(e: AppError) -> Problem {
        match e {
            AppError::NotFound => Problem::not_found("No such resource, or you may not see it."),
            AppError::Forbidden => Problem::new(
                StatusCode::FORBIDDEN,
                "You may not do this with your current roles.",
            ),
            AppError::BadRequest(detail) => Problem::bad_request(detail),
            AppError::TooManyRequests => Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests; wait a little and try again.",
            ),
            AppError::TooLarge => Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "The request body is larger than this endpoint accepts.",
            ),
            AppError::SignInRequired(_) => Problem::sign_in_required(),
            AppError::Internal(message) => {
                tracing::error!(error = %message, "api: internal error");
                Problem::internal()
            }
        }
    }
}

/// The fallback of the API router: unknown paths under `/api/v1`.
pub async fn no_such_endpoint() -> Problem {
    Problem::not_found("No such endpoint. The endpoints are listed in /api/v1/openapi.json.")
}

/// Error responses the API did not write itself — 405 from the router, an extractor's
/// rejection, a timeout — become problem documents too (keeping `Allow`), so an API client
/// never receives an HTML page. Every API response also varies with `Authorization`.
pub async fn problems_only(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(VARY, HeaderValue::from_static("authorization"));
    let status = response.status();
    let is_problem = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|ct| ct.as_bytes() == PROBLEM_JSON.as_bytes());
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let (parts, body) = response.into_parts();
    let is_text = parts
        .headers
        .get(CONTENT_TYPE)
        .is_some_and(|ct| ct.as_bytes().starts_with(b"text/plain"));
    // Rejection texts from the framework are short and say what was wrong with the request.
    let text = if is_text {
        axum::body::to_bytes(Body::new(body), 4096)
            .await
            .ok()
            .and_then(|b| String::from_utf8(b.to_vec()).ok())
            .filter(|t| !t.trim().is_empty())
    } else {
        None
    };
    let detail = match (status, text) {
        (StatusCode::METHOD_NOT_ALLOWED, _) => {
            "This endpoint does not answer this method; see the `Allow` header.".to_string()
        }
        (status, Some(text)) if status.is_client_error() => text,
        (status, _) => status.canonical_reason().unwrap_or("Error").to_string(),
    };
    let mut problem = Problem::new(status, detail).into_response();
    for name in [ALLOW, WWW_AUTHENTICATE, VARY] {
        if let Some(value) = parts.headers.get(&name) {
            problem.headers_mut().insert(name, value.clone());
        }
    }
    problem
}

/// [`problems_only`] for the layers outside the API router (the body-size limit and the
/// timeout answer before the request reaches it): their errors under `/api` become problem
/// documents too.
pub async fn outer_problems(request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/api/") {
        problems_only(request, next).await
    } else {
        next.run(request).await
    }
}

/// Reads a JSON request body into `T`: a body that is not JSON, or whose members are missing
/// or of the wrong type, is a 400 problem saying what is wrong; another media type is 415.
pub fn json_body<T: serde::de::DeserializeOwned>(
    headers: &axum::http::HeaderMap,
    body: &[u8],
) -> Result<T, Problem> {
    let json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            let v = v.trim();
            v.eq_ignore_ascii_case("application/json")
                || (v.starts_with("application/") && v.ends_with("+json"))
        });
    if !json {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the request body as JSON, with `Content-Type: application/json`.",
        ));
    }
    let bad = |e: serde_json::Error| {
        Problem::bad_request(format!(
            "The request body is not what this endpoint takes: {e}."
        ))
    };
    let value: serde_json::Value = serde_json::from_slice(body).map_err(bad)?;
    // serde would also read a struct from an array of its fields in order: only objects.
    if !value.is_object() {
        return Err(Problem::bad_request(
            "The request body must be a JSON object.",
        ));
    }
    serde_json::from_value(value).map_err(bad)
}

//! One error type for page handlers, and the middleware that turns any error status into a
//! friendly page in the visitor's language.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::app::AppState;
use crate::web::Ctx;

/// What can go wrong in a page handler.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("too many requests")]
    TooManyRequests,
    /// The request body is over its limit (web/limits.rs).
    #[error("request body too large")]
    TooLarge,
    #[error("sign-in required")]
    SignInRequired(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(message: impl Into<String>) -> AppError {
        AppError::Internal(message.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::SignInRequired(_) => StatusCode::SEE_OTHER,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> AppError {
        AppError::Internal(format!("database: {e}"))
    }
}

/// Marks a response whose body the error-page middleware should write.
#[derive(Clone, Copy, Debug)]
pub struct ErrorPage;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::SignInRequired(back) => {
                let to = format!("/sign-in?next={}", urlencode(&back));
                Redirect::to(&to).into_response()
            }
            AppError::Internal(ref message) => {
                tracing::error!(error = %message, "internal error");
                error_marker(self.status())
            }
            other => error_marker(other.status()),
        }
    }
}

fn error_marker(status: StatusCode) -> Response {
    let mut response = status.into_response();
    response.extensions_mut().insert(ErrorPage);
    response
}

/// Percent-encodes a path for a query parameter.
pub fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorView {
    ctx: Ctx,
    title_key: String,
    text_key: String,
}

/// Replaces the body of error responses (ours, and bare ones such as 413 from the body
/// limit or 405 from the router) with a page in the visitor's language. JSON errors from
/// the API are left alone.
pub async fn error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // Keep what the page needs (language, signed-in person) but resolve it only if the response
    // turns out to be an error: most responses are not, and resolving costs database queries.
    let mut copy = Request::new(());
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    let response = next.run(request).await;
    let status = response.status();
    let ours = response.extensions().get::<ErrorPage>().is_some();
    let bare = (status.is_client_error() || status.is_server_error())
        && response
            .headers()
            .get(CONTENT_TYPE)
            .is_none_or(|ct| ct.as_bytes().starts_with(b"text/plain"));
    if !(ours || bare) {
        return response;
    }
    let (parts, ()) = copy.into_parts();
    let Ok(ctx) = Ctx::from_parts(&parts, &state).await else {
        return response;
    };
    // Statuses without their own message (405, 422, ...) use the family's general one.
    let code = match status.as_u16() {
        c @ (400 | 403 | 404 | 413 | 429 | 500) => c,
        c if c < 500 => 400,
        _ => 500,
    };
    let view = ErrorView {
        ctx,
        title_key: format!("error-title-{code}"),
        text_key: format!("error-text-{code}"),
    };
    match view.render() {
        Ok(html) => {
            let mut page = (status, Html(html)).into_response();
            for name in ["retry-after", "allow"] {
                if let Some(v) = response.headers().get(name) {
                    page.headers_mut().insert(name, v.clone());
                }
            }
            page
        }
        Err(_) => response,
    }
}

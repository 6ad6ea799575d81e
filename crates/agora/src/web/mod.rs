//! HTTP plumbing shared by every page: the request context, security headers, CSRF checks,
//! error pages, form parsing and static assets.

pub mod assets;
pub mod cache;
pub mod ctx;
pub mod error;
pub mod form;
pub mod limits;
pub mod security;

pub use ctx::Ctx;
pub use error::AppError;
pub use form::Form;

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

/// Renders a full page (or an htmx fragment: the template decides).
pub fn render(template: &impl Template) -> Result<Response, AppError> {
    let html = template
        .render()
        .map_err(|e| AppError::internal(format!("template: {e}")))?;
    Ok(Html(html).into_response())
}

/// A `303 See Other` to `to`: the answer to a successful form post (post/redirect/get).
pub fn see_other(to: &str) -> Response {
    axum::response::Redirect::to(to).into_response()
}

/// A file to download: `content_type`, saved as `filename` (agora's own names: ASCII, no quotes).
pub fn attachment(
    content_type: &'static str,
    filename: &str,
    body: impl Into<axum::body::Body>,
) -> Response {
    use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
    (
        [
            (CONTENT_TYPE, content_type.to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body.into(),
    )
        .into_response()
}

//! A form extractor whose rejections (wrong types, missing fields, not a form) become a
//! friendly 400 page instead of axum's plain-text message.

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::web::AppError;

/// Like `axum::Form`, with our error page on bad input.
pub struct Form<T>(pub T);

impl<S, T> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(Form(value)),
            Err(rejection) => {
                if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    return Err(AppError::TooLarge);
                }
                Err(AppError::BadRequest(rejection.body_text()))
            }
        }
    }
}

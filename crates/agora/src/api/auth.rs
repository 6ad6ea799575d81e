//! Who is calling the API: a personal API token in `Authorization: Bearer TOKEN`, or nobody.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::problem::Problem;
use crate::app::AppState;
use crate::platform::accounts::User;
use crate::platform::sessions;

/// The caller of an API endpoint.
///
/// The API authenticates by bearer token only: session cookies are ignored, so a script's
/// answers never depend on a browser's state. A request that sends credentials which do not
/// resolve (unknown or revoked token, blocked account, another scheme) gets 401 — it is never
/// silently served as anonymous.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user: Option<User>,
}

impl Caller {
    /// The signed-in user, or 401.
    pub fn require_user(&self) -> Result<&User, Problem> {
        self.user.as_ref().ok_or_else(Problem::sign_in_required)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, Problem> {
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            return Ok(Caller { user: None });
        };
        let token = header
            .to_str()
            .ok()
            .and_then(bearer_token)
            .ok_or_else(Problem::invalid_token)?;
        let signed_in = sessions::resolve_api_token(&state.db, &state.touches, token)
            .await?
            .ok_or_else(Problem::invalid_token)?;
        Ok(Caller {
            user: Some(signed_in.user),
        })
    }
}

/// The token of a `Bearer` credential (the scheme is case-insensitive, RFC 9110 §11.1).
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && !token.contains(' '))
        .then_some(token)
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn bearer_credentials_are_parsed_strictly() {
        assert_eq!(bearer_token("Bearer agora_abc"), Some("agora_abc"));
        assert_eq!(bearer_token("bearer  agora_abc "), Some("agora_abc"));
        assert_eq!(bearer_token("Basic dXNlcjpwYXNz"), None);
        assert_eq!(bearer_token("Bearer"), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("Bearer a b"), None);
    }
}

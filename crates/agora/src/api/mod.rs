//! The JSON API under `/api/v1/`, described by `/api/v1/openapi.json`.
//!
//! Callers authenticate with a personal API token (`Authorization: Bearer TOKEN`, see
//! [`auth::Caller`]); every error is an RFC 9457 problem document ([`problem::Problem`]).
//! Access goes through the same permission function as the pages: what a person may not
//! see is "not found" here too.

mod access;
pub mod auth;
mod budgets;
mod comments;
mod me;
mod organizations;
mod polls;
pub mod problem;
mod proposals;
mod results;
mod spaces;
mod store;
mod threads;

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::middleware;
use axum::response::IntoResponse;

use crate::app::AppState;

/// The OpenAPI 3.1 description of this API, checked in next to the code that it describes.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Declares every endpoint once: the router is built from it, and [`ROUTES`] (which the
/// OpenAPI document is tested against) comes from the same lines.
macro_rules! endpoints {
    ($($method:ident $path:literal => $handler:path;)+) => {
        /// Every endpoint as (method, path under `/api/v1`), the method in OpenAPI's lower case.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),+];

        fn endpoints() -> Router<AppState> {
            Router::new()$(.route($path, axum::routing::$method($handler)))+
        }
    };
}

endpoints! {
    get "/me" => me::show;
    get "/organizations" => organizations::list;
    get "/organizations/{slug}" => organizations::show;
    get "/organizations/{slug}/spaces" => spaces::list;
    get "/spaces/{id}" => spaces::show;
    get "/spaces/{id}/proposals" => proposals::list;
    post "/spaces/{id}/proposals" => proposals::create;
    get "/proposals/{id}" => proposals::show;
    get "/proposals/{id}/comments" => comments::list;
    post "/proposals/{id}/comments" => comments::create;
    post "/proposals/{id}/support" => proposals::support;
    delete "/proposals/{id}/support" => proposals::unsupport;
    get "/threads/{id}/comments" => threads::list;
    put "/comments/{id}/reactions/{emoji}" => threads::put;
    delete "/comments/{id}/reactions/{emoji}" => threads::delete;
    get "/spaces/{id}/polls" => polls::list;
    get "/polls/{id}" => polls::show;
    put "/polls/{id}/vote" => polls::vote;
    delete "/polls/{id}/vote" => polls::withdraw;
    get "/spaces/{id}/budgets" => budgets::list;
    get "/budgets/{id}" => budgets::show;
    get "/budgets/{id}/ballot" => budgets::show_ballot;
    put "/budgets/{id}/ballot" => budgets::put_ballot;
    post "/budgets/{id}/ballot/checkout" => budgets::checkout;
    get "/spaces/{id}/results" => results::list;
    get "/results/{id}" => results::show;
    get "/openapi.json" => openapi;
}

/// The API, to be nested under `/api`: version 1 under `/api/v1`. Everything under `/api`
/// answers in JSON — an unknown version or endpoint is a 404 problem document, never the
/// site's HTML error page.
pub fn router() -> Router<AppState> {
    Router::new()
        .nest("/v1", endpoints())
        // A nested router does not see its own root with a trailing slash.
        .route("/v1/", axum::routing::any(problem::no_such_endpoint))
        .fallback(problem::no_such_endpoint)
        .layer(middleware::from_fn(problem::problems_only))
}

async fn openapi() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "application/json"),
            (CACHE_CONTROL, "public, max-age=300"),
        ],
        OPENAPI,
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::{OPENAPI, ROUTES};

    fn document() -> Value {
        serde_json::from_str(OPENAPI).expect("openapi.json is valid JSON")
    }

    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];

    #[test]
    fn the_document_describes_exactly_the_served_routes() {
        let doc = document();
        assert!(
            doc["openapi"]
                .as_str()
                .is_some_and(|v| v.starts_with("3.1"))
        );
        let mut documented = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in METHODS {
                if item.get(method).is_some() {
                    documented.insert((method.to_string(), path.clone()));
                }
            }
        }
        let served: BTreeSet<_> = ROUTES
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(documented, served, "openapi.json paths vs. the API router");
    }

    #[test]
    fn every_path_parameter_is_declared_and_every_operation_is_complete() {
        let doc = document();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            let in_template: BTreeSet<String> = path
                .split('/')
                .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
                .map(String::from)
                .collect();
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let declared: BTreeSet<String> = item["parameters"]
                    .as_array()
                    .into_iter()
                    .chain(op["parameters"].as_array())
                    .flatten()
                    .map(|p| resolve(&doc, p))
                    .filter(|p| p["in"] == "path")
                    .map(|p| p["name"].as_str().expect("parameter name").to_string())
                    .collect();
                assert_eq!(declared, in_template, "{method} {path}: path parameters");
                assert!(
                    op["operationId"].is_string(),
                    "{method} {path}: operationId"
                );
                let responses = op["responses"].as_object().expect("responses");
                assert!(
                    responses.contains_key("200") || responses.contains_key("201"),
                    "{method} {path}: a success response"
                );
                for (status, response) in responses {
                    let response = resolve(&doc, response);
                    if status.starts_with('4') || status.starts_with('5') {
                        assert!(
                            response["content"]["application/problem+json"].is_object(),
                            "{method} {path} {status}: errors are problem documents"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_reference_resolves_and_the_bearer_scheme_is_declared() {
        let doc = document();
        let mut refs = Vec::new();
        collect_refs(&doc, &mut refs);
        assert!(!refs.is_empty());
        for r in refs {
            assert!(!lookup(&doc, &r).is_null(), "dangling $ref {r}");
        }
        let scheme = &doc["components"]["securitySchemes"]["bearerAuth"];
        assert_eq!(scheme["type"], "http");
        assert_eq!(scheme["scheme"], "bearer");
        let problem = &doc["components"]["schemas"]["Problem"]["properties"];
        for field in ["type", "title", "status", "detail"] {
            assert!(problem[field].is_object(), "Problem.{field}");
        }
    }

    fn collect_refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r.clone()),
                        _ => collect_refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
            _ => {}
        }
    }

    fn lookup<'a>(doc: &'a Value, reference: &str) -> &'a Value {
        let pointer = reference.strip_prefix('#').expect("local reference");
        doc.pointer(pointer).unwrap_or(&Value::Null)
    }

    fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
        match value["$ref"].as_str() {
            Some(r) => lookup(doc, r),
            None => value,
        }
    }
}

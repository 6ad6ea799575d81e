//! The operators' commands, run as a real process against a real database file.

use std::process::Command;

use reqwest::StatusCode;

use crate::helpers::{TempDir, unique};

fn agora(args: &[&str], database_url: &str) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(args)
        .env("AGORA_DATABASE_URL", database_url)
        .env("AGORA_LOG", "warn")
        .output()
        .expect("run agora");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[tokio::test]
async fn operators_script_accounts_organisations_members_and_tokens() {
    let dir = std::env::temp_dir().join(unique("agora_cli"));
    std::fs::create_dir_all(&dir).expect("dir");
    let _cleanup = TempDir(dir.clone());
    let url = format!("sqlite://{}", dir.join("cli.db").display());

    let (ok, out) = agora(&["migrate"], &url);
    assert!(ok, "{out}");
    let (ok, out) = agora(
        &[
            "user",
            "create",
            "--email",
            "ops@example.org",
            "--password",
            "operator password",
            "--name",
            "Ops",
            "--instance-admin",
        ],
        &url,
    );
    assert!(ok, "{out}");
    let (ok, out) = agora(
        &[
            "user",
            "create",
            "--email",
            "ops@example.org",
            "--password",
            "operator password",
        ],
        &url,
    );
    assert!(!ok, "a second account with one e-mail is refused: {out}");
    let (ok, out) = agora(
        &[
            "user",
            "create",
            "--email",
            "short@example.org",
            "--password",
            "short",
        ],
        &url,
    );
    assert!(!ok && out.contains("8 characters"), "{out}");

    let (ok, out) = agora(
        &[
            "org",
            "create",
            "--slug",
            "quartier",
            "--name",
            "Quartier",
            "--admin-email",
            "ops@example.org",
        ],
        &url,
    );
    assert!(ok, "{out}");
    let (ok, out) = agora(
        &[
            "org",
            "create",
            "--slug",
            "Bad Slug",
            "--name",
            "X",
            "--admin-email",
            "ops@example.org",
        ],
        &url,
    );
    assert!(!ok, "{out}");
    let (ok, out) = agora(
        &[
            "org",
            "create",
            "--slug",
            "autre",
            "--name",
            "X",
            "--admin-email",
            "nobody@example.org",
        ],
        &url,
    );
    assert!(!ok && out.contains("agora user create"), "{out}");

    let (ok, out) = agora(
        &[
            "user",
            "create",
            "--email",
            "m@example.org",
            "--password",
            "member password",
        ],
        &url,
    );
    assert!(ok, "{out}");
    let (ok, out) = agora(
        &[
            "member",
            "add",
            "--org",
            "quartier",
            "--email",
            "m@example.org",
            "--role",
            "admin",
        ],
        &url,
    );
    assert!(ok, "{out}");
    let (ok, out) = agora(
        &[
            "member",
            "add",
            "--org",
            "quartier",
            "--email",
            "m@example.org",
            "--role",
            "owner",
        ],
        &url,
    );
    assert!(!ok, "unknown role refused: {out}");
    let (ok, out) = agora(
        &[
            "member",
            "add",
            "--org",
            "quartier",
            "--email",
            "m@example.org",
            "--space",
            "999",
        ],
        &url,
    );
    assert!(!ok && out.contains("no space 999"), "{out}");

    // Roles change through the guarded path: the last administrator cannot be demoted.
    let (ok, out) = agora(
        &[
            "member",
            "add",
            "--org",
            "quartier",
            "--email",
            "ops@example.org",
            "--role",
            "member",
        ],
        &url,
    );
    assert!(ok, "{out}");
    let (ok, out) = agora(
        &[
            "member",
            "add",
            "--org",
            "quartier",
            "--email",
            "m@example.org",
            "--role",
            "member",
        ],
        &url,
    );
    assert!(!ok && out.contains("only administrator"), "{out}");

    let (ok, out) = agora(&["token", "create", "--email", "m@example.org"], &url);
    assert!(ok, "{out}");
    let token = out
        .split_whitespace()
        .last()
        .expect("token is the last word")
        .to_string();
    assert!(token.starts_with("agora_"), "{out}");

    // The token works against a server on that database.
    let db = agora::db::Db::connect(&url).await.expect("open");
    let mut config = agora::config::Config::for_database(&url);
    config.bind = "127.0.0.1:0".into();
    let app = agora::app::Application::build(config, db)
        .await
        .expect("bind");
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run());
    let client = reqwest::Client::new();
    let r = client
        .get(format!("{base}/account"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.expect("body").contains("m@example.org"));
}

#[test]
fn tally_prints_the_winners_of_a_pabulib_file() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../agora-tally/tests/fixtures/pb/approval_small.pb"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(["tally", fixture, "--rule", "greedy", "--json"])
        .output()
        .expect("run agora tally");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert!(json["selected"].is_array());
    assert!(json.get("total_cost").is_some() && json.get("budget").is_some());

    let output = Command::new(env!("CARGO_BIN_EXE_agora"))
        .args(["tally", "/no/such/file.pb"])
        .output()
        .expect("run agora tally");
    assert!(!output.status.success());
}

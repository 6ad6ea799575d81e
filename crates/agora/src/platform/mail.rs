//! Outgoing e-mail: handlers put messages in the `outbox` table (in the same database, so
//! none is lost on a crash); a background sender delivers them by SMTP when `AGORA_SMTP_URL`
//! is set (`smtp://` plain to a local relay, `smtps://` TLS, `smtp://...?tls=required`
//! STARTTLS), or writes them to the log (the demo's default, so a person can click the link).
//!
//! The sender claims a message by setting `next_attempt_at` (a lease), so two app servers
//! never send it together and a crash while sending only delays it. A failed delivery keeps
//! the message, records `last_error`, and is retried later with a growing delay, up to
//! [`MAX_ATTEMPTS`] times.

use std::time::Duration;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::db::{self, Db};

/// A message is given up after this many failed deliveries (it stays in the table).
pub const MAX_ATTEMPTS: i64 = 10;
/// How long a claimed message is reserved for the server sending it.
const LEASE_SECS: i64 = 120;

/// Queues a message.
pub async fn enqueue(db: &Db, to: &str, subject: &str, body: &str) -> Result<(), sqlx::Error> {
    enqueue_on(db, to, subject, body, None).await
}

/// Queues a message on `conn` (a transaction, so the message exists exactly when what it
/// reports does). `list_unsubscribe` is the one-click unsubscribe address of a notification
/// e-mail: it becomes the `List-Unsubscribe` and `List-Unsubscribe-Post` headers (RFC 8058).
pub async fn enqueue_on(
    conn: impl Into<crate::db::Conn<'_>>,
    to: &str,
    subject: &str,
    body: &str,
    list_unsubscribe: Option<&str>,
) -> Result<(), sqlx::Error> {
    let mut conn = conn.into();
    db::query(
        "INSERT INTO outbox (to_address, subject, body, created_at, list_unsubscribe)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(db::now())
    .bind(list_unsubscribe)
    .execute(&mut conn)
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
    pub list_unsubscribe: Option<String>,
}

/// Messages due for (another) delivery attempt, oldest first.
pub async fn pending(db: &Db, limit: i64) -> Result<Vec<Queued>, sqlx::Error> {
    let rows = db::query(
        "SELECT id, to_address, subject, body, list_unsubscribe FROM outbox
         WHERE sent_at IS NULL AND attempts < $1 AND (next_attempt_at IS NULL OR next_attempt_at <= $2)
         ORDER BY id LIMIT $3",
    )
    .bind(MAX_ATTEMPTS)
    .bind(db::now())
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Queued {
                id: r.try_get("id")?,
                to: r.try_get("to_address")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                list_unsubscribe: r.try_get("list_unsubscribe")?,
            })
        })
        .collect()
}

/// Where messages go.
#[derive(Clone, Debug)]
pub enum Transport {
    /// Written to the log (development and demo).
    Log,
    /// Sent to an SMTP server.
    Smtp(Box<Smtp>),
    /// `AGORA_SMTP_URL` could not be used: messages stay queued, each with this error.
    Unavailable(String),
}

/// An SMTP relay and the sender address.
#[derive(Clone)]
pub struct Smtp {
    mailer: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// `host:port`, for the logs.
    server: String,
}

impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the credentials.
        write!(f, "Smtp({}, from {})", self.server, self.from)
    }
}

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// `smtp://`: no encryption — for a relay on the same machine or a trusted network.
    Plain,
    /// `smtps://`: TLS from the first byte (port 465 by default).
    Tls,
    /// `smtp://...?tls=required`: STARTTLS, refusing a server that does not offer it (port 587).
    StartTls,
    /// `smtp://...?tls=opportunistic`: STARTTLS when offered, plain otherwise.
    Opportunistic,
}

/// The parts of `smtp[s]://[user[:password]@]host[:port][?tls=required|opportunistic][&from=address]`.
#[derive(Debug, PartialEq, Eq)]
pub struct SmtpUrl {
    pub security: Security,
    pub host: String,
    pub port: u16,
    pub credentials: Option<(String, String)>,
    pub from: Option<String>,
}

/// Reads an SMTP URL (user and password percent-encoded).
pub fn parse_smtp_url(url: &str) -> Result<SmtpUrl, String> {
    let (mut security, rest) = if let Some(rest) = url.strip_prefix("smtp://") {
        (Security::Plain, rest)
    } else if let Some(rest) = url.strip_prefix("smtps://") {
        (Security::Tls, rest)
    } else {
        return Err(
            "the SMTP URL must look like smtp://[user:password@]host[:port] or smtps://...".into(),
        );
    };
    let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
    let param = |name: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| percent_decode(v))
    };
    match (security, param("tls").as_deref()) {
        (_, None) => {}
        (Security::Plain, Some("required")) => security = Security::StartTls,
        (Security::Plain, Some("opportunistic")) => security = Security::Opportunistic,
        (_, Some(other)) => {
            return Err(format!(
                "unknown tls={other:?} in the SMTP URL: use tls=required or tls=opportunistic with smtp://"
            ));
        }
    }
    let authority = authority.trim_end_matches('/');
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let default_port = match security {
        Security::Plain => 25,
        Security::Tls => 465,
        Security::StartTls | Security::Opportunistic => 587,
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (
            h,
            p.parse::<u16>()
                .map_err(|_| format!("bad SMTP port {p:?}"))?,
        ),
        None => (hostport, default_port),
    };
    if host.is_empty() {
        return Err("the SMTP URL has no host".into());
    }
    let credentials = userinfo.map(|u| {
        let (user, password) = u.split_once(':').unwrap_or((u, ""));
        (percent_decode(user), percent_decode(password))
    });
    Ok(SmtpUrl {
        security,
        host: host.to_string(),
        port,
        credentials,
        from: param("from"),
    })
}

fn percent_decode(text: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push(high << 4 | low);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Smtp {
    /// A sender for `url`; the From address is the URL's `from`, else `AGORA_MAIL_FROM`,
    /// else `agora@` the SMTP host.
    pub fn from_url(url: &str) -> Result<Smtp, String> {
        let parsed = parse_smtp_url(url)?;
        let from = parsed
            .from
            .clone()
            .or_else(|| std::env::var("AGORA_MAIL_FROM").ok())
            .unwrap_or_else(|| format!("agora@{}", parsed.host));
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("bad sender address {from:?}: {e}"))?;
        let tls = || {
            TlsParameters::new(parsed.host.clone())
                .map_err(|e| format!("TLS setup for {}: {e}", parsed.host))
        };
        let tls = match parsed.security {
            Security::Plain => Tls::None,
            Security::Tls => Tls::Wrapper(tls()?),
            Security::StartTls => Tls::Required(tls()?),
            Security::Opportunistic => Tls::Opportunistic(tls()?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&parsed.host)
            .port(parsed.port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(20)));
        if let Some((user, password)) = parsed.credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(Smtp {
            mailer: builder.build(),
            from,
            server: format!("{}:{}", parsed.host, parsed.port),
        })
    }

    async fn send(&self, message: &Queued) -> Result<(), String> {
        let to: Mailbox = message
            .to
            .parse()
            .map_err(|e| format!("bad recipient address: {e}"))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .header(ContentType::TEXT_PLAIN);
        if let Some(url) = &message.list_unsubscribe {
            // RFC 8058: mail programs offer "unsubscribe" and POST to the address themselves.
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let email = builder
            .body(message.body.clone())
            .map_err(|e| format!("cannot build the message: {e}"))?;
        self.mailer
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| format!("SMTP {}: {e}", self.server))
    }
}

/// The transport the configuration asks for.
pub fn transport(config: &crate::config::Config) -> Transport {
    match config.smtp_url.as_deref() {
        None | Some("") => Transport::Log,
        Some(url) => match Smtp::from_url(url) {
            Ok(smtp) => {
                tracing::info!(server = %smtp.server, "e-mail goes out by SMTP");
                Transport::Smtp(Box::new(smtp))
            }
            Err(e) => {
                tracing::error!(error = %e, "AGORA_SMTP_URL is unusable: e-mail stays queued");
                Transport::Unavailable(e)
            }
        },
    }
}

/// The delay before the next attempt after `attempts` failures: 30 s, 1 min, 2 min, ... 6 h.
pub fn retry_delay_secs(attempts: i64) -> i64 {
    let exponent = attempts.clamp(1, 20) - 1;
    (30i64 << exponent).min(6 * 3600)
}

/// What one pass of the sender did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// Delivers the messages that are due, once.
pub async fn deliver_pending(db: &Db, transport: &Transport) -> Result<Delivery, sqlx::Error> {
    let batch = pending(db, 50).await?;
    let mut delivery = Delivery::default();
    for message in batch {
        // Claim the row first, so that two app servers never send one message together.
        let now = db::now();
        let claimed: Option<i64> = db::query(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1
             WHERE id = $2 AND sent_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= $3)
             RETURNING attempts",
        )
        .bind(now + LEASE_SECS)
        .bind(message.id)
        .bind(now)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
        let Some(attempts) = claimed else { continue };
        let outcome = match transport {
            Transport::Log => {
                tracing::info!(to = %message.to, subject = %message.subject, "e-mail (not sent: no AGORA_SMTP_URL)\n{}", message.body);
                Ok(())
            }
            Transport::Smtp(smtp) => smtp.send(&message).await,
            Transport::Unavailable(reason) => Err(reason.clone()),
        };
        match outcome {
            Ok(()) => {
                db::query("UPDATE outbox SET sent_at = $1, last_error = NULL WHERE id = $2")
                    .bind(db::now())
                    .bind(message.id)
                    .execute(db)
                    .await?;
                delivery.sent += 1;
            }
            Err(error) => {
                tracing::warn!(id = message.id, attempts, %error, "e-mail not delivered; will retry");
                let error: String = error.chars().take(1000).collect();
                db::query("UPDATE outbox SET last_error = $1, next_attempt_at = $2 WHERE id = $3")
                    .bind(error)
                    .bind(db::now() + retry_delay_secs(attempts))
                    .bind(message.id)
                    .execute(db)
                    .await?;
                delivery.failed += 1;
            }
        }
    }
    Ok(delivery)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        assert_eq!(
            parse_smtp_url("smtp://localhost"),
            Ok(SmtpUrl {
                security: Security::Plain,
                host: "localhost".into(),
                port: 25,
                credentials: None,
                from: None
            })
        );
        assert_eq!(
            parse_smtp_url("smtp://me%40x.org:p%3Ass@mail.example.org:2525/?from=agora%40x.org"),
            Ok(SmtpUrl {
                security: Security::Plain,
                host: "mail.example.org".into(),
                port: 2525,
                credentials: Some(("me@x.org".into(), "p:ss".into())),
                from: Some("agora@x.org".into())
            })
        );
        let tls = parse_smtp_url("smtps://u:p@mail.example.org").expect("smtps");
        assert_eq!((tls.security, tls.port), (Security::Tls, 465));
        let starttls = parse_smtp_url("smtp://mail.example.org?tls=required").expect("starttls");
        assert_eq!(
            (starttls.security, starttls.port),
            (Security::StartTls, 587)
        );
        assert!(parse_smtp_url("smtps://mail.example.org?tls=required").is_err());
        assert!(parse_smtp_url("smtp://mail.example.org?tls=maybe").is_err());
        assert!(Smtp::from_url("smtps://mail.example.org").is_ok());
        assert!(parse_smtp_url("http://mail.example.org").is_err());
        assert!(parse_smtp_url("smtp://host:port").is_err());
        assert!(parse_smtp_url("smtp://").is_err());
    }

    #[test]
    fn retries_slow_down() {
        assert_eq!(retry_delay_secs(1), 30);
        assert_eq!(retry_delay_secs(2), 60);
        assert_eq!(retry_delay_secs(30), 6 * 3600);
    }
}

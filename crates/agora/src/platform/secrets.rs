//! Random tokens and password hashes.
//!
//! Tokens (session cookies, API tokens, e-mail links) are 256 random bits shown once to their
//! owner; the database keeps only their SHA-256, so a dump does not let anyone sign in.
//!
//! The server secret ([`ServerSecret`]) lives in a file outside the database: keys derived
//! from it with HMAC (e.g. the key that lets a voter change a secret ballot) cannot be
//! recomputed from a database dump alone.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

/// A fresh random token, as 64 hex characters.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    hex(&bytes)
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A fresh random row id for a secret ballot: such rows never take the sequence, so their ids
/// say nothing about the order they were written in (and SQLite stores rows in id order).
/// 53 bits, so the id survives a trip through JSON and JavaScript.
pub fn random_row_id() -> i64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    (i64::from_le_bytes(bytes) & ((1 << 53) - 1)).max(1)
}

/// What a secret ballot keeps of its receipt code: the SHA-256 of the code as the voter
/// types it back (trimmed, upper case), so the ballot list can show it and nobody can
/// derive the code.
pub fn receipt_hash(receipt: &str) -> String {
    token_hash(receipt.trim().to_uppercase().as_str())
}

/// 256 secret bits kept outside the database (`AGORA_SECRET_KEY_FILE`).
#[derive(Clone)]
pub struct ServerSecret(std::sync::Arc<[u8; 32]>);

impl std::fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerSecret(..)")
    }
}

impl ServerSecret {
    /// A fresh secret (tests; a server that loses it can no longer link voters to their
    /// secret ballots, which is safe: they simply cannot change them any more).
    pub fn random() -> ServerSecret {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's random source failed");
        ServerSecret(std::sync::Arc::new(bytes))
    }

    /// Reads the secret (64 hex characters) from `path`, creating the file (mode 0600) with a
    /// fresh secret when it does not exist.
    pub fn load_or_create(path: &std::path::Path) -> Result<ServerSecret, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let text = text.trim();
                let mut bytes = [0u8; 32];
                if text.len() != 64 {
                    return Err(format!("{}: expected 64 hex characters", path.display()));
                }
                for (i, b) in bytes.iter_mut().enumerate() {
                    *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16)
                        .map_err(|_| format!("{}: not hexadecimal", path.display()))?;
                }
                Ok(ServerSecret(std::sync::Arc::new(bytes)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let secret = ServerSecret::random();
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options
                    .open(path)
                    .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
                std::io::Write::write_all(
                    &mut file,
                    format!("{}\n", hex(&secret.0[..])).as_bytes(),
                )
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                Ok(secret)
            }
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// HMAC-SHA256 of `message` under the secret, as hex.
    pub fn mac(&self, message: &str) -> String {
        hex(&hmac_sha256(&self.0[..], message.as_bytes()))
    }
}

/// HMAC-SHA256 (RFC 2104); the key is at most one block here.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(message);
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// An argon2id hash in PHC string form (parameters and salt included).
pub fn hash_password(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes())
        .expect("argon2 with default parameters cannot fail on a password")
        .to_string()
}

/// True when `password` matches the stored PHC hash.
pub fn verify_password(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(hash) => Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok(),
        Err(_) => false,
    }
}

/// [`hash_password`] on a blocking thread: argon2 takes tens of milliseconds of CPU and must
/// not stall the other requests of the async runtime.
pub async fn hash_password_blocking(password: &str) -> String {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .expect("the password hashing thread panicked")
}

/// [`verify_password`] on a blocking thread.
pub async fn verify_password_blocking(password: &str, stored: &str) -> bool {
    let (password, stored) = (password.to_string(), stored.to_string());
    tokio::task::spawn_blocking(move || verify_password(&password, &stored))
        .await
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that a sign-in attempt
/// takes as long for an unknown e-mail as for a known one.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_round_trip_uses_argon2id() {
        let hash = hash_password("correct horse battery staple");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery staple", &hash));
        assert!(!verify_password("wrong", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn server_secrets_survive_a_restart() {
        let path = std::env::temp_dir().join(format!("agora-secret-{}", new_token()));
        let a = ServerSecret::load_or_create(&path).expect("create");
        let b = ServerSecret::load_or_create(&path).expect("read");
        assert_eq!(a.mac("x"), b.mac("x"));
        assert_ne!(a.mac("x"), ServerSecret::random().mac("x"));
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}

//! Bearer tokens and invite codes: random, shown once, stored only as SHA-256 digests. Both
//! carry 256 bits (tokens) or 128 bits (invite codes) of OS randomness, so a plain hash (no
//! salt, no slow KDF) is enough: there is nothing to brute-force from the digest.

use crate::store::SecretHash;
use sha2::{Digest, Sha256};

/// Prefixes make a leaked secret recognisable in logs and secret scanners.
const TOKEN_PREFIX: &str = "mdt_";
const INVITE_PREFIX: &str = "mdi_";

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS random source failing leaves no safe way to mint a secret.
    getrandom::fill(&mut buf).expect("the operating system's random source is unavailable");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new device bearer token.
pub fn new_token() -> String {
    format!("{TOKEN_PREFIX}{}", random_hex(32))
}

/// A new invite code.
pub fn new_invite_code() -> String {
    format!("{INVITE_PREFIX}{}", random_hex(16))
}

/// The digest under which a token or code is stored and looked up.
pub fn hash(secret: &str) -> SecretHash {
    Sha256::digest(secret.trim().as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_distinct_and_hash_stably() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert_eq!(hash(&a), hash(&format!(" {a}\n")));
        assert_ne!(hash(&a), hash(&b));
        assert!(new_invite_code().starts_with("mdi_"));
    }
}

//! End-to-end sealing of op payloads: XChaCha20-Poly1305 under the team key, with the op's
//! team, device, index, id and key epoch bound as associated data, so the server (which
//! stores only ciphertext) cannot move a payload to another op or another team.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use meridian::{Error, Result};
use meridian_protocol::OpEnvelope;
use sha2::{Digest, Sha256};

/// The key epoch this build seals with; a key rotation would add a new one.
const EPOCH: u32 = 1;
/// How a sealed payload starts: scheme, epoch, then base64 of nonce and ciphertext.
const PREFIX: &str = "x1.";

/// A team key: 32 random bytes, carried only inside invites.
#[derive(Clone)]
pub struct TeamKey(chacha20poly1305::Key);

impl std::fmt::Debug for TeamKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TeamKey(…)")
    }
}

impl TeamKey {
    /// A fresh random key, for a new team.
    pub fn generate() -> TeamKey {
        TeamKey(XChaCha20Poly1305::generate_key(&mut OsRng))
    }

    /// The key as text, for invites and the profile's local settings.
    pub fn to_text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    /// Reads a key written by [`TeamKey::to_text`].
    pub fn from_text(text: &str) -> Result<TeamKey> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim())
            .ok()
            .filter(|bytes| bytes.len() == 32)
            .ok_or_else(|| {
                Error::invalid(
                    "invite",
                    "The team key in this invite is damaged: copy the whole invite code again.",
                )
            })?;
        Ok(TeamKey(*chacha20poly1305::Key::from_slice(&bytes)))
    }
}

fn associated_data(team_id: &str, envelope: &OpEnvelope) -> Vec<u8> {
    format!(
        "meridian/1|{team_id}|{}|{}|{}|{EPOCH}",
        envelope.device_id, envelope.idx, envelope.id
    )
    .into_bytes()
}

/// The nonce for one op: a hash of its place and its plaintext. Sealing the same op again
/// gives the same bytes, so a re-sent push is a duplicate to the server, not a fork; and two
/// different plaintexts never share a nonce, even if a broken device reused an op id.
fn nonce_for(aad: &[u8], plaintext: &[u8]) -> XNonce {
    let digest = Sha256::new()
        .chain_update((aad.len() as u64).to_be_bytes())
        .chain_update(aad)
        .chain_update(plaintext)
        .finalize();
    *XNonce::from_slice(&digest[..24])
}

/// Replaces the envelope's plaintext payload with its sealed form.
pub fn seal(key: &TeamKey, team_id: &str, mut envelope: OpEnvelope) -> Result<OpEnvelope> {
    let cipher = XChaCha20Poly1305::new(&key.0);
    let aad = associated_data(team_id, &envelope);
    let nonce = nonce_for(&aad, envelope.payload.as_bytes());
    let sealed = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: envelope.payload.as_bytes(),
                aad: &aad,
            },
        )
        .map_err(|_| Error::Sync("could not seal an op for the server".into()))?;
    let mut bytes = nonce.to_vec();
    bytes.extend(sealed);
    envelope.payload = format!("{PREFIX}{}", STANDARD.encode(bytes));
    Ok(envelope)
}

/// Opens a sealed payload; refuses, with a sentence, one this key cannot open.
pub fn open(key: &TeamKey, team_id: &str, mut envelope: OpEnvelope) -> Result<OpEnvelope> {
    let refuse = |why: &str| {
        Error::Sync(format!(
            "Change {} from the server cannot be read with this profile's team key ({why}). \
             Nothing was pushed: if you joined with an invite, ask for a new one and join from \
             a fresh profile.",
            envelope.id
        ))
    };
    let body = envelope
        .payload
        .strip_prefix(PREFIX)
        .ok_or_else(|| refuse("it is not sealed"))?;
    let bytes = STANDARD.decode(body).map_err(|_| refuse("it is damaged"))?;
    if bytes.len() < 24 {
        return Err(refuse("it is damaged"));
    }
    let (nonce, sealed) = bytes.split_at(24);
    let aad = associated_data(team_id, &envelope);
    let plain = XChaCha20Poly1305::new(&key.0)
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: &aad,
            },
        )
        .map_err(|_| refuse("the key is wrong, or the change was altered"))?;
    envelope.payload =
        String::from_utf8(plain).map_err(|_| refuse("it is not text once opened"))?;
    Ok(envelope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use meridian_protocol::Stamp;
    use uuid::Uuid;

    fn envelope() -> OpEnvelope {
        OpEnvelope {
            id: Uuid::from_u128(1),
            device_id: Uuid::from_u128(2),
            idx: 3,
            stamp: Stamp {
                wall_ms: 4,
                counter: 0,
            },
            kind: "notification_queued".into(),
            version: 1,
            payload: r#"{"title":"secret launch plan"}"#.into(),
        }
    }

    #[test]
    fn a_sealed_payload_opens_only_with_its_key_team_and_place() {
        let key = TeamKey::generate();
        let sealed = seal(&key, "team-a", envelope()).unwrap();
        assert!(!sealed.payload.contains("secret"));
        assert_eq!(open(&key, "team-a", sealed.clone()).unwrap(), envelope());
        // Sealing the same op again gives the same bytes: a re-send is a duplicate.
        assert_eq!(seal(&key, "team-a", envelope()).unwrap(), sealed);
        assert!(open(&TeamKey::generate(), "team-a", sealed.clone()).is_err());
        assert!(open(&key, "team-b", sealed.clone()).is_err());
        let mut moved = sealed;
        moved.idx = 4;
        assert!(open(&key, "team-a", moved).is_err());
    }

    #[test]
    fn a_key_survives_its_text_form() {
        let key = TeamKey::generate();
        let again = TeamKey::from_text(&key.to_text()).unwrap();
        let sealed = seal(&key, "t", envelope()).unwrap();
        assert_eq!(open(&again, "t", sealed).unwrap(), envelope());
        assert!(TeamKey::from_text("short").is_err());
    }
}

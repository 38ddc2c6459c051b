//! Invite codes: one string that carries the server's address, the server's invite secret and
//! the team key, so joining takes one paste. The key never reaches the server.

use crate::seal::TeamKey;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use meridian::{Error, Result};
use serde::{Deserialize, Serialize};

const PREFIX: &str = "meridian-invite-1.";

/// What an invite code carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    #[serde(rename = "s")]
    pub server: String,
    #[serde(rename = "c")]
    pub code: String,
    #[serde(rename = "k")]
    pub key: String,
    /// The inviter's team id, so the one who joins shares their team (its name included)
    /// rather than keeping one of their own. Codes made before it was added carry none.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

impl Invite {
    pub fn new(server: &str, code: &str, key: &TeamKey) -> Invite {
        Invite {
            server: server.to_owned(),
            code: code.to_owned(),
            key: key.to_text(),
            team: None,
        }
    }

    /// The same invite, naming the inviter's team.
    pub fn for_team(mut self, team_id: Option<String>) -> Invite {
        self.team = team_id;
        self
    }

    /// The code to hand to a teammate.
    pub fn to_code(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(json))
    }

    /// Reads a code made by [`Invite::to_code`], with a clear error for anything else.
    pub fn from_code(code: &str) -> Result<Invite> {
        let damaged = || {
            Error::invalid(
                "invite",
                "This is not a Meridian invite code, or it was cut short: it starts with \
                 `meridian-invite-1.` — copy the whole code and try again.",
            )
        };
        let body = code.trim().strip_prefix(PREFIX).ok_or_else(damaged)?;
        let json = URL_SAFE_NO_PAD.decode(body).map_err(|_| damaged())?;
        let invite: Invite = serde_json::from_slice(&json).map_err(|_| damaged())?;
        TeamKey::from_text(&invite.key)?;
        Ok(invite)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_round_trips_and_damage_is_explained() {
        let invite = Invite::new("http://127.0.0.1:8470", "abc", &TeamKey::generate());
        assert_eq!(Invite::from_code(&invite.to_code()).unwrap(), invite);
        let code = invite.to_code();
        let error = Invite::from_code(&code[..code.len() - 10]).unwrap_err();
        assert!(error.to_string().contains("copy the whole code"), "{error}");
        assert!(Invite::from_code("hello").is_err());
        let named = invite.clone().for_team(Some("team-1".into()));
        assert_eq!(Invite::from_code(&named.to_code()).unwrap(), named);
    }
}

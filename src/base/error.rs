//! The one error type of Meridian: every message says what went wrong and how to fix it.

use serde::Serialize;
use ts_rs::TS;

/// Which kind of failure this is, so a front end can decide where to show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The user typed something we cannot accept; nothing was written.
    Invalid,
    /// The thing asked for does not exist.
    NotFound,
    /// The action does not fit the current state (e.g. stopping focus when not focusing).
    Conflict,
    /// The database could not be opened or read.
    Storage,
    /// The sync server could not be reached (offline, wrong address); work goes on locally.
    Offline,
    /// The sync server answered but refused (a bad invite, a revoked device, a fork).
    Sync,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input. `field` names the input field at fault (`"handle"`, `"time_zone"`, …).
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Storage(String),
    #[error("{0}")]
    Offline(String),
    #[error("{0}")]
    Sync(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("could not encode or decode stored data: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The serialisable face of [`Error`] that crosses into the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    pub message: String,
    /// The input field at fault, for `invalid` errors.
    pub field: Option<String>,
}

impl Error {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid {
            field,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid { .. } => ErrorKind::Invalid,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::Storage(_) | Error::Sqlite(_) | Error::Json(_) | Error::Io { .. } => {
                ErrorKind::Storage
            }
            Error::Offline(_) => ErrorKind::Offline,
            Error::Sync(_) => ErrorKind::Sync,
        }
    }

    /// The error as a log line may show it: its kind, the field at fault, and for SQLite the
    /// text of its error code (about the schema, never values). Never the text of the others:
    /// input errors quote what someone typed, file errors name paths people chose, network
    /// errors carry URLs that may hold an invite code.
    pub fn for_log(&self) -> String {
        match self {
            Error::Invalid { field, .. } => format!("invalid input ({field})"),
            Error::NotFound(_) => "not found".to_owned(),
            Error::Conflict(_) => "conflict".to_owned(),
            Error::Sync(_) => "refused by the team server".to_owned(),
            Error::Offline(_) => "offline: the team server could not be reached".to_owned(),
            Error::Storage(_) => "storage".to_owned(),
            Error::Sqlite(err) => match err.sqlite_error_code() {
                Some(code) => format!("database: {code:?}"),
                None => "database".to_owned(),
            },
            Error::Json(_) => "stored data could not be decoded".to_owned(),
            Error::Io { source, .. } => format!("file: {:?}", source.kind()),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            kind: self.kind(),
            message: self.to_string(),
            field: match self {
                Error::Invalid { field, .. } => Some((*field).to_string()),
                _ => None,
            },
        }
    }
}

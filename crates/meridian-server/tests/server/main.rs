//! The server's integration tests, in one binary so they link once: the storage conformance
//! suite (run against SQLite and PostgreSQL), the HTTP API over real loopback sockets, and
//! two replicas sharing one PostgreSQL database.

mod common;
mod conformance;
mod http;
mod replicas;

//! The server's integration tests, in one binary so they link once: the storage conformance
//! suite (run against SQLite and PostgreSQL), the HTTP API over real loopback sockets, two
//! replicas sharing one PostgreSQL database, the real binary killed mid-push, and a dump of
//! the PostgreSQL database checked for plaintext.

mod common;
mod conformance;
mod crash;
mod http;
mod plaintext;
mod replicas;

//! The server's integration tests, in one binary so they link once: the storage conformance
//! suite (run against SQLite and PostgreSQL), the HTTP API over real loopback sockets, two
//! replicas sharing one PostgreSQL database, and the real binary killed mid-push.

mod common;
mod conformance;
mod crash;
mod http;
mod replicas;

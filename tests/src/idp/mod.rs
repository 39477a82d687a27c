//! Real identity providers for the campus sign-in tests, started on
//! loopback by the tests that need one.

pub mod cas;
pub mod oidc;

//! The client's pages: `domain::pages`, where the server's notification
//! links come from too.

pub use domain::pages::*;

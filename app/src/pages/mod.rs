//! One module per page.

pub mod account;
#[cfg(any(feature = "office", feature = "admin"))]
pub mod campaigns;
#[cfg(not(any(feature = "dean", feature = "admin")))]
pub mod directory;
#[cfg(not(feature = "admin"))]
pub mod duty;
pub mod gated;
pub mod home;
pub mod login;
#[cfg(not(feature = "admin"))]
pub mod nominations;
pub mod not_found;
pub mod notifications;
#[cfg(feature = "office")]
pub mod office;
#[cfg(any(
    not(any(
        feature = "counselor",
        feature = "dean",
        feature = "office",
        feature = "admin"
    )),
    feature = "counselor"
))]
pub mod photos;
#[cfg(not(feature = "admin"))]
pub mod print;
pub mod public;
#[cfg(any(feature = "dean", feature = "office"))]
pub mod results;
#[cfg(any(feature = "counselor", feature = "dean", feature = "office"))]
pub mod review;
#[cfg(feature = "admin")]
pub mod setup;
#[cfg(any(feature = "dean", feature = "office"))]
pub mod submissions;
pub mod work;

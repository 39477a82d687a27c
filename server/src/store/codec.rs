//! The one serialization of stored values: JSON, easy to read in a backup and
//! to evolve with `#[serde(default)]`.

use serde::{Serialize, de::DeserializeOwned};

use super::StoreError;

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    Ok(serde_json::to_vec(value)?)
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, StoreError> {
    Ok(serde_json::from_slice(bytes)?)
}

/// Reads and decodes one value of a tree.
pub fn get<T: DeserializeOwned>(
    tree: &super::Tree,
    key: impl AsRef<[u8]>,
) -> Result<Option<T>, StoreError> {
    tree.get(key)?.map(|v| decode(&v)).transpose()
}

/// Removes the values of a tree that `expired` says are; how many went.
/// `T` may be a part of the value (serde skips the rest).
pub fn purge<T: DeserializeOwned>(
    tree: &super::Tree,
    expired: impl Fn(&T) -> bool,
) -> Result<usize, StoreError> {
    let mut removed = 0;
    for item in tree.iter() {
        let (key, value) = item?;
        if expired(&decode(&value)?) {
            tree.remove(key)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Decodes every value of a tree, in key order.
pub fn all<T: DeserializeOwned>(tree: &super::Tree) -> Result<Vec<T>, StoreError> {
    tree.iter().values().map(|v| decode(&v?)).collect()
}

/// SHA-256 of `bytes` in lower-case hex (keys of session tokens and of
/// kept files, content hashes).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

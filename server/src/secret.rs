//! Sealing one-time passwords: they wait in the store until the admin
//! downloads them, encrypted (ChaCha20-Poly1305) with a key kept in its own
//! file, `onetime.key` in the data folder — never in the store, so neither
//! the store's records nor a `liaison-server backup` file can reveal them.

use std::path::Path;

use base64::{Engine, engine::general_purpose::STANDARD as B64};
use chacha20poly1305::{
    ChaCha20Poly1305, KeyInit, Nonce,
    aead::{Aead, AeadCore, OsRng},
};

pub struct SealKey(ChaCha20Poly1305);

impl SealKey {
    /// Reads the key file, or creates it (32 random bytes, owner-only).
    pub fn load_or_create(path: &Path) -> anyhow::Result<SealKey> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = ChaCha20Poly1305::generate_key(&mut OsRng);
                write_private(path, &key)?;
                key.to_vec()
            }
            Err(e) => return Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
        };
        let cipher = ChaCha20Poly1305::new_from_slice(&bytes)
            .map_err(|_| anyhow::anyhow!("{} is not a 32-byte key", path.display()))?;
        Ok(SealKey(cipher))
    }

    /// A key that lives as long as the process (tests).
    pub fn ephemeral() -> SealKey {
        SealKey(ChaCha20Poly1305::new(&ChaCha20Poly1305::generate_key(
            &mut OsRng,
        )))
    }

    /// Nonce and ciphertext, base64.
    pub fn seal(&self, plain: &[u8]) -> anyhow::Result<String> {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ct = self
            .0
            .encrypt(&nonce, plain)
            .map_err(|_| anyhow::anyhow!("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend(ct);
        Ok(B64.encode(out))
    }

    /// The plain bytes, or `None` for a wrong key or damaged text.
    pub fn open(&self, sealed: &str) -> Option<Vec<u8>> {
        let bytes = B64.decode(sealed).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, ct) = bytes.split_at(12);
        self.0.decrypt(Nonce::from_slice(nonce), ct).ok()
    }
}

/// The operator's token for `/api/v1/ops/…` (a backup from the systemd
/// timer): read from `path`, or created there (owner-only, 64 hex digits).
pub fn ops_token(path: &Path) -> anyhow::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(t) if t.trim().len() >= 32 => Ok(t.trim().to_owned()),
        Ok(_) => Err(anyhow::anyhow!(
            "{} is too short to be a token",
            path.display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // 32 bytes from the OS generator (a key's worth).
            let bytes = ChaCha20Poly1305::generate_key(&mut OsRng);
            let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            write_private(path, token.as_bytes())?;
            Ok(token)
        }
        Err(e) => Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_text_opens_with_its_key_only() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("onetime.key");
        let key = SealKey::load_or_create(&path)?;
        let sealed = key.seal(b"abcdefgh23")?;
        assert!(!sealed.contains("abcdefgh23"));
        // The same file again: the same key.
        assert_eq!(
            SealKey::load_or_create(&path)?.open(&sealed).as_deref(),
            Some(&b"abcdefgh23"[..])
        );
        assert!(SealKey::ephemeral().open(&sealed).is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path)?.permissions().mode() & 0o777,
                0o600
            );
        }
        Ok(())
    }
}

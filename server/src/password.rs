//! Passwords: Argon2id for chosen ones, a lighter Argon2id for one-time
//! ones, and their check. No other module of the server is needed here.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};

/// Argon2id with the crate's default (OWASP) parameters; CPU-heavy, so call
/// it from `spawn_blocking` inside handlers.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    hash_with(&Argon2::default(), password)
}

/// Hashes a one-time password: random (about 50 bits from
/// [`onetime_password`]) and replaced at the first login, so a lighter
/// Argon2id (4 MiB, one pass) guards it as well as the default guards a
/// chosen password — and a large roster is ready in seconds instead of
/// minutes (docs/PERFORMANCE.md). Verified like any other hash (the PHC
/// string carries its parameters).
pub fn hash_onetime(password: &str) -> anyhow::Result<String> {
    OnetimeHasher::new()?.hash(password)
}

/// Hashes many one-time passwords with one 4 MiB Argon2 memory: a roster of
/// 5,000 new students would otherwise take, zero and free 5,000 of them,
/// which shows as a bump in the server's resident memory.
pub struct OnetimeHasher {
    argon: Argon2<'static>,
    memory: Vec<argon2::Block>,
}

impl OnetimeHasher {
    pub fn new() -> anyhow::Result<Self> {
        let params = argon2::Params::new(4096, 1, 1, None)
            .map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
        let memory = vec![argon2::Block::default(); params.block_count()];
        let argon = Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        Ok(Self { argon, memory })
    }

    /// The PHC string of `password` under a fresh random salt, exactly as
    /// `Argon2::hash_password` writes it.
    pub fn hash(&mut self, password: &str) -> anyhow::Result<String> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("getrandom: {e}"))?;
        let mut out = [0u8; argon2::Params::DEFAULT_OUTPUT_LEN];
        self.argon
            .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, &mut self.memory)
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
        let phc = PasswordHash {
            algorithm: argon2::Algorithm::Argon2id.ident(),
            version: Some(argon2::Version::V0x13.into()),
            params: argon2::password_hash::ParamsString::try_from(self.argon.params())
                .map_err(|e| anyhow::anyhow!("params: {e}"))?,
            salt: Some(salt.as_salt()),
            hash: Some(
                argon2::password_hash::Output::new(&out)
                    .map_err(|e| anyhow::anyhow!("output: {e}"))?,
            ),
        };
        Ok(phc.to_string())
    }
}

fn hash_with(argon: &Argon2<'_>, password: &str) -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("getrandom: {e}"))?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    argon
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Whether `hash` was made with the default (chosen-password) parameters,
/// not the lighter one-time ones.
pub fn is_default_cost(hash: &str) -> bool {
    let d = argon2::Params::default();
    PasswordHash::new(hash).is_ok_and(|h| {
        argon2::Params::try_from(&h)
            .is_ok_and(|p| p.m_cost() >= d.m_cost() && p.t_cost() >= d.t_cost())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_hasher_writes_what_argon2_writes_and_each_hash_verifies() {
        let mut hasher = OnetimeHasher::new().expect("hasher");
        let a = hasher.hash("k7m2p9q4rs").expect("a");
        let b = hasher.hash("k7m2p9q4rs").expect("b");
        let c = hasher.hash("x3y4z5w6v7").expect("c");
        assert_ne!(a, b, "a fresh salt for every hash");
        assert!(a.starts_with("$argon2id$v=19$m=4096,t=1,p=1$"), "{a}");
        for (hash, password) in [(&a, "k7m2p9q4rs"), (&b, "k7m2p9q4rs"), (&c, "x3y4z5w6v7")] {
            assert!(verify_password(hash, password), "{hash}");
            assert!(!verify_password(hash, "wrong-password"));
        }
        // The memory is reused, not left dirty: the crate's own hasher, given
        // the same salt, writes the very same string.
        let parsed = PasswordHash::new(&c).expect("phc");
        let salt = parsed.salt.expect("salt");
        let argon = Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(4096, 1, 1, None).expect("params"),
        );
        let again = argon.hash_password(b"x3y4z5w6v7", salt).expect("hash");
        assert_eq!(again.to_string(), c);
    }

    #[test]
    fn a_one_time_hash_is_lighter_and_verifies() -> anyhow::Result<()> {
        let h = hash_onetime("abcdefgh23")?;
        assert!(h.starts_with("$argon2id$v=19$m=4096,t=1,p=1$"), "{h}");
        assert!(verify_password(&h, "abcdefgh23"));
        assert!(!verify_password(&h, "abcdefgh24"));
        Ok(())
    }

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() -> anyhow::Result<()> {
        let h = hash_password("demo-pass-2024")?;
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "demo-pass-2024"));
        assert!(!verify_password(&h, "demo-pass-2025"));
        assert!(!verify_password("not a hash", "demo-pass-2024"));
        Ok(())
    }
}

//! Work-chat robots: under `<owner>\0<kind>` (owner: a college code, or
//! `office`) the robot's webhook address and 钉钉 signing secret, sealed
//! with the data folder's key (`crate::secret`: never plain in the store
//! or a backup), a hint of each for the settings page, and the last
//! outcome of a post.

use domain::{api::RobotOutcome, robots::RobotKind};
use serde::{Deserialize, Serialize};

use super::Commit;
use super::{AuditEntry, Store, StoreError, codec};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RobotRecord {
    pub kind: RobotKind,
    /// The webhook address, sealed.
    pub url: String,
    /// The 钉钉 signing secret, sealed.
    #[serde(default)]
    pub secret: Option<String>,
    /// `••••` and the last four characters of the address's token.
    pub url_hint: String,
    #[serde(default)]
    pub secret_hint: Option<String>,
    #[serde(default)]
    pub last: Option<RobotOutcome>,
    pub set_by_name: String,
    pub rev: u64,
}

fn key(owner: &str, kind: RobotKind) -> String {
    format!("{owner}\0{}", kind.as_str())
}

impl Store {
    /// The robots of `owner`, in [`RobotKind::ALL`] order.
    pub fn robots_of(&self, owner: &str) -> Result<Vec<RobotRecord>, StoreError> {
        let mut out = Vec::new();
        for kind in RobotKind::ALL {
            if let Some(r) = codec::get(&self.robots, key(owner, kind))? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Every owner that has a robot.
    pub fn robot_owners(&self) -> Result<Vec<String>, StoreError> {
        let mut owners: Vec<String> = Vec::new();
        for item in self.robots.iter() {
            let (k, _) = item?;
            let owner = String::from_utf8_lossy(k.split(|b| *b == 0).next().unwrap_or_default())
                .into_owned();
            if owners.last() != Some(&owner) {
                owners.push(owner);
            }
        }
        Ok(owners)
    }

    /// Sets (`Some`) or removes a robot, with its audit entry.
    pub fn put_robot(
        &self,
        owner: &str,
        kind: RobotKind,
        robot: Option<&RobotRecord>,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let k = key(owner, kind);
        let value = robot.map(codec::encode).transpose()?;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        (&self.robots, &self.audit).commit(&self.gate, |(t, log)| {
            match &value {
                Some(v) => t.insert(k.as_bytes(), v.clone())?,
                None => t.remove(k.as_bytes())?,
            };
            log.insert(audit_key.as_slice(), audit_value.clone())?;
            Ok(())
        })?;
        Ok(())
    }

    /// Records how the last post went, unless the robot changed meanwhile.
    pub fn robot_outcome(
        &self,
        owner: &str,
        kind: RobotKind,
        rev: u64,
        outcome: &RobotOutcome,
    ) -> Result<(), StoreError> {
        let k = key(owner, kind);
        (&self.robots,).commit(&self.gate, |(t,)| {
            let Some(v) = t.get(k.as_bytes())? else {
                return Ok(());
            };
            let mut r: RobotRecord = codec::decode(&v)?;
            if r.rev == rev {
                r.last = Some(outcome.clone());
                t.insert(k.as_bytes(), codec::encode(&r)?)?;
            }
            Ok(())
        })?;
        Ok(())
    }
}

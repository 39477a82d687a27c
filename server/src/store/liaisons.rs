//! Liaisons: the appointed students and their terms (SPEC §6). A liaison is
//! created in the same transaction as the appointment that makes it, under
//! the nomination's id.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, codec};

/// 在任 / 解聘 / 期满.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiaisonStatus {
    Active,
    Dismissed,
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiaisonRecord {
    pub id: String,
    pub student_id: String,
    pub class_id: String,
    pub college: String,
    pub campaign_id: String,
    pub certificate_no: String,
    /// `YYYY-MM-DD`.
    pub term_start: String,
    pub term_end: String,
    pub status: LiaisonStatus,
    /// Why dismissed or added, when it was.
    #[serde(default)]
    pub reason: String,
    pub rev: u64,
}

impl LiaisonRecord {
    /// The status on `today`: an active term past its end has expired.
    pub fn status_on(&self, today: &str) -> LiaisonStatus {
        match self.status {
            LiaisonStatus::Active if self.term_end.as_str() < today => LiaisonStatus::Expired,
            s => s,
        }
    }
}

impl Store {
    pub fn liaisons(&self) -> Result<Vec<LiaisonRecord>, StoreError> {
        codec::all(&self.liaisons)
    }

    /// Whether the student holds an active term on `today`.
    pub fn is_liaison(&self, student_id: &str, today: &str) -> Result<bool, StoreError> {
        Ok(self
            .liaisons()?
            .iter()
            .any(|l| l.student_id == student_id && l.status_on(today) == LiaisonStatus::Active))
    }
}

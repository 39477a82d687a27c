//! Long work followed by its starter (`GET /jobs/{id}`): the `jobs` tree.
//! A job's final state is written in the same transaction as its result
//! (see [`Store::apply_import`]), so a job that says done has done it, and
//! one interrupted by a restart is marked failed with nothing written.

use domain::api::{Job, JobState};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, codec};

/// A job and who may follow it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRecord {
    pub owner: String,
    pub job: Job,
}

/// Finished jobs are forgotten after this long.
pub const JOB_KEEP_SECS: i64 = 7 * 24 * 3600;

impl Store {
    pub fn job(&self, id: &str) -> Result<Option<JobRecord>, StoreError> {
        codec::get(&self.jobs, id)
    }

    /// Records a job's progress (not flushed: progress is not worth a disk
    /// write; the final state is written with the result).
    pub fn put_job(&self, rec: &JobRecord) -> Result<(), StoreError> {
        self.jobs
            .insert(rec.job.id.as_bytes(), codec::encode(rec)?)?;
        Ok(())
    }

    /// On start-up: jobs still running were cut off by the stop (their
    /// result is written in one transaction, so nothing of them is stored);
    /// old ones are forgotten.
    pub fn settle_jobs(&self, now: i64) -> Result<(), StoreError> {
        for item in self.jobs.iter() {
            let (k, v) = item?;
            let mut rec: JobRecord = codec::decode(&v)?;
            if rec.job.state == JobState::Running {
                self.roll_back_import(&rec.job.id)?;
                rec.job.state = JobState::Failed;
                rec.job.error =
                    Some("服务器在处理过程中重新启动，未导入任何数据，请重新上传".into());
                rec.job.finished_at = Some(now);
                self.jobs.insert(k, codec::encode(&rec)?)?;
            } else {
                // Finished: what it may have left to undo is not needed.
                self.forget_undo(&rec.job.id)?;
                if rec.job.created_at < now - JOB_KEEP_SECS {
                    self.jobs.remove(k)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str, state: JobState, created_at: i64) -> JobRecord {
        JobRecord {
            owner: "admin".into(),
            job: Job {
                id: id.into(),
                kind: "roster.students".into(),
                state,
                step: String::new(),
                done: 0,
                total: 10,
                import: None,
                error: None,
                created_at,
                finished_at: None,
            },
        }
    }

    #[tokio::test]
    async fn a_restart_fails_running_jobs_and_forgets_old_ones() -> Result<(), StoreError> {
        let store = Store::temporary()?;
        let now = 100 * JOB_KEEP_SECS;
        store.put_job(&job("running", JobState::Running, now - 10))?;
        store.put_job(&job("recent", JobState::Done, now - 10))?;
        store.put_job(&job("old", JobState::Done, now - JOB_KEEP_SECS - 1))?;
        store.settle_jobs(now)?;
        let failed = store.job("running")?.expect("kept").job;
        assert_eq!(failed.state, JobState::Failed);
        assert!(failed.error.is_some_and(|e| e.contains("未导入任何数据")));
        assert_eq!(
            store.job("recent")?.expect("kept").job.state,
            JobState::Done
        );
        assert!(store.job("old")?.is_none());
        Ok(())
    }
}

//! Group commit: writes that would each wait for their turn share one transaction instead.
//!
//! SQLite lets one writer in at a time, and a short write pays more for its own transaction
//! (taking the lock, the commit, the full-text index's new segment) than for its statements.
//! Writes handed to a [`WriteGroup`] queue up while a group is being written, and the next group
//! takes all of them (up to a limit) into one transaction. Each write runs inside its own
//! savepoint: one that fails is rolled back alone and its caller gets its own error, while the
//! others go on. A caller hears back only after the commit, so nothing is reported saved that
//! is not; if the commit fails, every write in the group gets the error.
//!
//! A write that has been handed over is carried out even if its caller stops waiting, as a
//! committed write is kept when the client goes away.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::BoxFuture;
use tokio::sync::{mpsc, oneshot};

use super::{Backend, Savepoint, Store, StoreError, Tx};

/// One write: statements run on the group's transaction.
type Work<E> = Box<dyn for<'t> FnOnce(&'t mut dyn Tx) -> BoxFuture<'t, Result<(), E>> + Send>;

struct Job<E> {
    work: Work<E>,
    done: oneshot::Sender<Result<(), E>>,
}

/// Hands writes to the task that groups them; cheap to clone.
pub struct WriteGroup<E> {
    jobs: mpsc::Sender<Job<E>>,
}

impl<E> Clone for WriteGroup<E> {
    fn clone(&self) -> Self {
        WriteGroup {
            jobs: self.jobs.clone(),
        }
    }
}

impl<E> WriteGroup<E>
where
    E: From<StoreError> + Send + 'static,
{
    /// Starts the task that writes groups of at most `most` writes; it ends when the last
    /// handle is dropped.
    pub fn start(store: Arc<dyn Store>, most: usize) -> Self {
        let (jobs, queue) = mpsc::channel(most * 4);
        match store.backend() {
            // SQLite answers each statement from a thread of its own; the answer wakes the
            // group on a thread that waits for nothing else, instead of behind every request
            // queued on the service's threads.
            Backend::Sqlite => {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a single-thread runtime builds");
                std::thread::Builder::new()
                    .name("bymidter-writes".to_owned())
                    .spawn(move || runtime.block_on(run(store, queue, most)))
                    .expect("the write group's thread starts");
            }
            Backend::Postgres => {
                tokio::spawn(run(store, queue, most));
            }
        }
        WriteGroup { jobs }
    }

    /// Runs `work` in the next group's transaction; answers once that has been committed.
    pub async fn write<F>(&self, work: F) -> Result<(), E>
    where
        F: for<'t> FnOnce(&'t mut dyn Tx) -> BoxFuture<'t, Result<(), E>> + Send + 'static,
    {
        let (done, answer) = oneshot::channel();
        let job = Job {
            work: Box::new(work),
            done,
        };
        if self.jobs.send(job).await.is_err() {
            return Err(stopped().into());
        }
        answer.await.unwrap_or_else(|_| Err(stopped().into()))
    }
}

fn stopped() -> StoreError {
    StoreError::Other(anyhow::anyhow!("the write group has stopped"))
}

async fn run<E>(store: Arc<dyn Store>, mut queue: mpsc::Receiver<Job<E>>, most: usize)
where
    E: From<StoreError> + Send + 'static,
{
    let mut group = Vec::with_capacity(most);
    while queue.recv_many(&mut group, most).await > 0 {
        write_group(store.as_ref(), group.drain(..)).await;
    }
}

/// Writes one group and answers each of its callers.
async fn write_group<E>(store: &dyn Store, jobs: impl Iterator<Item = Job<E>>)
where
    E: From<StoreError>,
{
    let mut tx = match store.write().await {
        Ok(tx) => tx,
        Err(err) => {
            for job in jobs {
                let _ = job.done.send(Err(err.again().into()));
            }
            return;
        }
    };
    // Each write's own outcome, answered after the commit.
    let mut outcomes = Vec::new();
    let mut failed: Option<StoreError> = None;
    for job in jobs {
        if let Some(err) = &failed {
            let _ = job.done.send(Err(err.again().into()));
            continue;
        }
        match run_one(&mut *tx, job.work).await {
            Ok(outcome) => outcomes.push((job.done, outcome)),
            Err(err) => {
                let _ = job.done.send(Err(err.again().into()));
                failed = Some(err);
            }
        }
    }
    if failed.is_none()
        && let Err(err) = tx.commit().await
    {
        failed = Some(err);
    }
    for (done, outcome) in outcomes {
        let answer = match (&failed, outcome) {
            (Some(err), Ok(())) => Err(err.again().into()),
            (_, outcome) => outcome,
        };
        let _ = done.send(answer);
    }
}

/// Runs one write inside a savepoint. The outer error means the transaction itself is in
/// doubt (a savepoint statement failed), so the group stops; the inner result is the write's.
async fn run_one<E>(tx: &mut dyn Tx, work: Work<E>) -> Result<Result<(), E>, StoreError>
where
    E: From<StoreError>,
{
    tx.savepoint(Savepoint::Mark).await?;
    let outcome = match AssertUnwindSafe(work(tx)).catch_unwind().await {
        Ok(outcome) => outcome,
        Err(_) => Err(StoreError::Other(anyhow::anyhow!("a grouped write panicked")).into()),
    };
    let step = match outcome {
        Ok(()) => Savepoint::Release,
        Err(_) => Savepoint::RollBack,
    };
    tx.savepoint(step).await?;
    if step == Savepoint::RollBack {
        tx.savepoint(Savepoint::Release).await?;
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::*;
    use crate::store::accounts::NewUser;

    fn user(email: &str) -> NewUser {
        NewUser {
            id: Uuid::now_v7(),
            email: email.to_owned(),
            name: "Gruppe".to_owned(),
            password_hash: "not-a-hash".to_owned(),
            locale: "da".to_owned(),
            now: Utc::now(),
        }
    }

    /// Writes a user, then fails when `fail` is set.
    fn write_user(
        email: &'static str,
        fail: bool,
    ) -> impl for<'t> FnOnce(&'t mut dyn Tx) -> BoxFuture<'t, Result<(), StoreError>> + Send {
        move |tx| {
            Box::pin(async move {
                tx.insert_user(&user(email)).await?;
                if fail {
                    return Err(StoreError::Conflict {
                        field: "email",
                        key: "field-email-taken",
                    });
                }
                Ok(())
            })
        }
    }

    #[tokio::test]
    async fn a_failed_write_is_undone_alone_and_the_rest_of_its_group_is_kept() {
        let (_dir, store) = crate::store::sqlite_file_store().await;
        let group = WriteGroup::<StoreError>::start(store.clone(), 8);

        // Queued together before the group's task runs (one thread), so written as one group.
        let (first, second, third) = tokio::join!(
            group.write(write_user("a@gruppe.dk", false)),
            group.write(write_user("b@gruppe.dk", true)),
            group.write(write_user("c@gruppe.dk", false)),
        );
        assert!(first.is_ok() && third.is_ok(), "{first:?} {third:?}");
        assert!(
            matches!(second, Err(StoreError::Conflict { field: "email", .. })),
            "{second:?}"
        );

        let mut tx = store.read().await.expect("read");
        for (email, kept) in [
            ("a@gruppe.dk", true),
            ("b@gruppe.dk", false),
            ("c@gruppe.dk", true),
        ] {
            let found = tx.user_by_email(email).await.expect("lookup");
            assert_eq!(found.is_some(), kept, "{email}");
        }
    }
}

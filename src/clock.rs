//! The time the service stamps records with. Real time, unless a test or a data import sets it
//! (uptake over time and digests are read from these stamps).

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};

/// The service's clock: shared, cheap to clone.
#[derive(Clone, Default)]
pub struct Clock {
    fixed: Arc<RwLock<Option<DateTime<Utc>>>>,
}

impl Clock {
    /// Now, by this clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.fixed
            .read()
            .ok()
            .and_then(|fixed| *fixed)
            .unwrap_or_else(Utc::now)
    }

    /// Stops the clock at `at` (`None` lets it run with real time again).
    pub fn set(&self, at: Option<DateTime<Utc>>) {
        if let Ok(mut fixed) = self.fixed.write() {
            *fixed = at;
        }
    }
}

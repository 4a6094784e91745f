//! Types that are valid by construction: a handler that holds one need not check it again.

pub mod email;
mod municipality;
mod password;
mod slug;
pub mod vocab;

pub use email::Email;
pub use municipality::MunicipalityCode;
pub use password::Password;
pub use slug::Slug;

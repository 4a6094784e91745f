//! The fixed vocabularies of the domain. Each is stored and sent as its snake_case name.

use serde::{Deserialize, Serialize};
use strum::{AsRefStr, Display, EnumIter, EnumString, IntoStaticStr};
use utoipa::ToSchema;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
            ToSchema, AsRefStr, Display, EnumString, EnumIter, IntoStaticStr,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// The stored name.
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }
    };
}

vocabulary! {
    /// The toolbox's four ways to organise: informal/formal x private/public lead.
    OrganisationModel {
        /// Loose private networks.
        InformalPrivate,
        /// Private associations with statutes and fees.
        FormalPrivate,
        /// Municipality-facilitated projects.
        InformalPublic,
        /// Formal forums with the municipality as core partner.
        FormalPublic,
    }
}

vocabulary! {
    /// How members of a collaboration pay.
    FeeBasis {
        /// By property value.
        PropertyValue,
        /// By frontage length.
        FrontageLength,
        /// By rent.
        Rent,
        /// By turnover.
        Turnover,
        /// By number of staff.
        StaffCount,
        /// A flat fee.
        FlatRate,
        /// A municipal grant.
        MunicipalGrant,
        /// Foundation funding.
        FoundationGrant,
        /// No fee.
        None,
    }
}

vocabulary! {
    /// Kinds of partner in a collaboration.
    PartnerKind {
        /// The municipality.
        Municipality,
        /// Shops.
        Retail,
        /// Restaurants and cafés.
        Restaurants,
        /// Property owners.
        PropertyOwners,
        /// Associations.
        Associations,
        /// Culture.
        Culture,
        /// Tourism.
        Tourism,
        /// Schools and education.
        Education,
        /// Young people.
        YoungPeople,
        /// Citizens.
        Citizens,
        /// Others.
        Other,
    }
}

vocabulary! {
    /// Where a collaboration stands with a recommendation.
    LinkStatus {
        /// Looked at.
        Considered,
        /// Decided to do.
        Planned,
        /// Under way.
        InProgress,
        /// Done.
        Implemented,
        /// Done and evaluated.
        Evaluated,
        /// Given up, with a reason.
        Abandoned,
    }
}

vocabulary! {
    /// What using a toolbox entry brought.
    ToolOutcome {
        /// It helped.
        Helped,
        /// No clear effect.
        Neutral,
        /// It did not help.
        DidNotHelp,
    }
}

vocabulary! {
    /// What kind of body an organisation is.
    OrganisationKind {
        /// A municipality.
        Municipality,
        /// A town-centre partnership (bysamarbejde, BID).
        TownPartnership,
        /// A trade association (handelsstandsforening).
        TradeAssociation,
        /// A city management (citymanagement).
        CityManagement,
        /// The ministry.
        Ministry,
        /// Something else.
        Other,
    }
}

vocabulary! {
    /// A member's role in an organisation.
    Role {
        /// Manages members and everything else.
        Owner,
        /// Writes the organisation's records.
        Editor,
        /// Reads the organisation's drafts and private records.
        Viewer,
    }
}

vocabulary! {
    /// A platform-wide role.
    PlatformRole {
        /// An ordinary user.
        None,
        /// Ministry analyst: uptake figures and exports.
        Analyst,
        /// Operator: catalogue, moderation, roles.
        Admin,
    }
}

vocabulary! {
    /// How often a user wants email.
    EmailFrequency {
        /// As things happen.
        Immediate,
        /// One digest a day.
        Daily,
        /// One digest a week.
        Weekly,
        /// No email.
        Off,
    }
}

vocabulary! {
    /// Who may read a record.
    Visibility {
        /// Everyone.
        Public,
        /// Any logged-in user.
        Members,
        /// The owning organisation.
        Private,
    }
}

vocabulary! {
    /// Where a collaboration is in its life.
    CollaborationStatus {
        /// Not started.
        Planned,
        /// Running.
        Active,
        /// On hold.
        Paused,
        /// Finished.
        Ended,
    }
}

vocabulary! {
    /// Whether a record is out for others to read.
    PublicationState {
        /// Only the organisation sees it.
        Draft,
        /// Readers per its visibility see it.
        Published,
    }
}

/// Town size bands by inhabitants, as planners compare towns.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ToSchema,
    EnumIter,
)]
pub enum TownSize {
    /// Under 4,000 inhabitants.
    #[serde(rename = "under_4000")]
    Under4000,
    /// 4,000 to 20,000.
    #[serde(rename = "4000_20000")]
    From4000To20000,
    /// 20,000 to 50,000.
    #[serde(rename = "20000_50000")]
    From20000To50000,
    /// Over 50,000.
    #[serde(rename = "over_50000")]
    Over50000,
}

impl TownSize {
    /// The stored and sent name.
    pub fn as_str(self) -> &'static str {
        match self {
            TownSize::Under4000 => "under_4000",
            TownSize::From4000To20000 => "4000_20000",
            TownSize::From20000To50000 => "20000_50000",
            TownSize::Over50000 => "over_50000",
        }
    }

    /// Inclusive lower and exclusive upper bound.
    pub fn bounds(self) -> (Option<i64>, Option<i64>) {
        match self {
            TownSize::Under4000 => (None, Some(4_000)),
            TownSize::From4000To20000 => (Some(4_000), Some(20_000)),
            TownSize::From20000To50000 => (Some(20_000), Some(50_000)),
            TownSize::Over50000 => (Some(50_000), None),
        }
    }

    /// The band a population falls in.
    pub fn of(population: i64) -> TownSize {
        match population {
            ..4_000 => TownSize::Under4000,
            4_000..20_000 => TownSize::From4000To20000,
            20_000..50_000 => TownSize::From20000To50000,
            _ => TownSize::Over50000,
        }
    }
}

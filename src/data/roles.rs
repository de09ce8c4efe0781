//! Which column plays which role (id, created date, deal status, …) and
//! which status values mean won or lost. Detection from the headers is in
//! `detect`; the user's choices always win over it.

use serde::{Deserialize, Serialize};

/// Roles of the contacts table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactRoles {
    /// Unique contact id (required).
    pub id: Option<String>,
    /// Creation date, for back-tests and monthly volumes.
    pub created: Option<String>,
    /// Email address, to join deals by email.
    pub email: Option<String>,
    /// A display name (or first name) for the contact inspector.
    pub name: Option<String>,
    /// An outcome column on the contacts themselves (Converted 0/1, won flag).
    pub outcome: Option<String>,
    /// A won date on the contacts, used like a deal's closed date.
    pub won_date: Option<String>,
    /// Roles the user left without a column on purpose (by their names in
    /// [`RoleFinding`](super::detect::RoleFinding)): not detected again.
    pub unmapped: Vec<String>,
}

/// Roles of the deals table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DealRoles {
    /// Deal id.
    pub id: Option<String>,
    /// Contact id the deal belongs to.
    pub contact_id: Option<String>,
    /// Email of the contact, when there is no contact id.
    pub email: Option<String>,
    /// Won / lost / open status.
    pub status: Option<String>,
    /// Deal amount.
    pub amount: Option<String>,
    /// Creation date.
    pub created: Option<String>,
    /// Closing date.
    pub closed: Option<String>,
    /// Status values that mean won (lower case); empty = the built-in list.
    pub won_values: Vec<String>,
    /// Status values that mean lost (lower case); empty = the built-in list.
    pub lost_values: Vec<String>,
    /// Every row is a won deal (exports of won deals only, without a
    /// status column): the user says so, the loader never assumes it.
    pub all_won: bool,
    /// Roles the user left without a column on purpose (by their names in
    /// [`RoleFinding`](super::detect::RoleFinding)): not detected again.
    pub unmapped: Vec<String>,
}

/// Roles of the events table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventRoles {
    /// Contact id the event belongs to.
    pub contact_id: Option<String>,
    /// When it happened.
    pub timestamp: Option<String>,
    /// Page view, form submission, …
    pub event_type: Option<String>,
    /// URL, form name, campaign.
    pub detail: Option<String>,
    /// Roles the user left without a column on purpose (by their names in
    /// [`RoleFinding`](super::detect::RoleFinding)): not detected again.
    pub unmapped: Vec<String>,
}

/// The role mapping of all three tables.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleMapping {
    /// Contacts.
    pub contacts: ContactRoles,
    /// Deals.
    pub deals: DealRoles,
    /// Events.
    pub events: EventRoles,
}

impl DealRoles {
    /// Whether a normalised status value means won.
    pub fn is_won(&self, status: &str) -> bool {
        if self.won_values.is_empty() {
            DEFAULT_WON.contains(&status)
        } else {
            self.won_values.iter().any(|v| v == status)
        }
    }

    /// Whether a normalised status value means lost.
    pub fn is_lost(&self, status: &str) -> bool {
        if self.lost_values.is_empty() {
            DEFAULT_LOST.contains(&status)
        } else {
            self.lost_values.iter().any(|v| v == status)
        }
    }
}

/// Status words that mean won in common CRMs (compared lower-case, trimmed).
pub const DEFAULT_WON: &[&str] = &[
    "won",
    "closed won",
    "closedwon",
    "closed-won",
    "win",
    "true",
    "yes",
    "1",
];
/// Status words that mean lost.
pub const DEFAULT_LOST: &[&str] = &[
    "lost",
    "closed lost",
    "closedlost",
    "closed-lost",
    "loss",
    "false",
    "no",
    "0",
];
/// Status words that mean still open (anything else is reported as unmapped).
pub const DEFAULT_OPEN: &[&str] = &[
    "open",
    "pending",
    "in progress",
    "appointmentscheduled",
    "qualifiedtobuy",
    "presentationscheduled",
    "decisionmakerboughtin",
    "contractsent",
    "prospecting",
    "qualification",
    "needs analysis",
    "proposal",
    "negotiation",
];

/// Whether a contact-level outcome value means won (flag, status word or yes).
pub fn outcome_value_is_won(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    DEFAULT_WON.contains(&v.as_str()) || v == "customer" || v == "converted"
}

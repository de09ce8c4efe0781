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
    /// The won and lost lists are the user's, even when empty (otherwise
    /// an empty list means the built-in one).
    pub values_chosen: bool,
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
        if self.won_values.is_empty() && !self.values_chosen {
            DEFAULT_WON.contains(&status)
        } else {
            self.won_values.iter().any(|v| v == status)
        }
    }

    /// Whether a normalised status value means lost.
    pub fn is_lost(&self, status: &str) -> bool {
        if self.lost_values.is_empty() && !self.values_chosen {
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

impl RoleMapping {
    /// The roles of a table by the names detection reports them under
    /// ("contact id", "created date", …), in the order shown to the user.
    pub fn role_names(table: super::TableKind) -> &'static [&'static str] {
        match table {
            super::TableKind::Contacts => &[
                "contact id",
                "email",
                "created date",
                "name",
                "outcome",
                "won date",
            ],
            super::TableKind::Deals => &[
                "contact id",
                "deal id",
                "email",
                "status",
                "amount",
                "created date",
                "closed date",
            ],
            super::TableKind::Events => &["contact id", "timestamp", "event type", "detail"],
        }
    }

    /// The column of one role, for reading.
    pub fn column(&self, table: super::TableKind, role: &str) -> Option<String> {
        self.clone()
            .slot_mut(table, role)
            .and_then(|slot| slot.take())
    }

    /// The column slot of one role, for the user to set.
    pub fn slot_mut(&mut self, table: super::TableKind, role: &str) -> Option<&mut Option<String>> {
        Some(match (table, role) {
            (super::TableKind::Contacts, "contact id") => &mut self.contacts.id,
            (super::TableKind::Contacts, "email") => &mut self.contacts.email,
            (super::TableKind::Contacts, "created date") => &mut self.contacts.created,
            (super::TableKind::Contacts, "name") => &mut self.contacts.name,
            (super::TableKind::Contacts, "outcome") => &mut self.contacts.outcome,
            (super::TableKind::Contacts, "won date") => &mut self.contacts.won_date,
            (super::TableKind::Deals, "contact id") => &mut self.deals.contact_id,
            (super::TableKind::Deals, "deal id") => &mut self.deals.id,
            (super::TableKind::Deals, "email") => &mut self.deals.email,
            (super::TableKind::Deals, "status") => &mut self.deals.status,
            (super::TableKind::Deals, "amount") => &mut self.deals.amount,
            (super::TableKind::Deals, "created date") => &mut self.deals.created,
            (super::TableKind::Deals, "closed date") => &mut self.deals.closed,
            (super::TableKind::Events, "contact id") => &mut self.events.contact_id,
            (super::TableKind::Events, "timestamp") => &mut self.events.timestamp,
            (super::TableKind::Events, "event type") => &mut self.events.event_type,
            (super::TableKind::Events, "detail") => &mut self.events.detail,
            _ => return None,
        })
    }

    /// Sets a role's column (`None`: the user wants no column for it, and
    /// detection must not fill it again).
    pub fn choose(&mut self, table: super::TableKind, role: &str, column: Option<String>) {
        let unmapped = match table {
            super::TableKind::Contacts => &mut self.contacts.unmapped,
            super::TableKind::Deals => &mut self.deals.unmapped,
            super::TableKind::Events => &mut self.events.unmapped,
        };
        unmapped.retain(|r| r != role);
        if column.is_none() {
            unmapped.push(role.to_owned());
        }
        if let Some(slot) = self.slot_mut(table, role) {
            *slot = column;
        }
    }
}

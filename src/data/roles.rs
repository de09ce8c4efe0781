//! Which column plays which role (id, created date, deal status, …):
//! detected from common export headers, overridable by the user.

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

/// Lower case, letters and digits only: "Record ID" → "recordid".
pub fn header_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first header whose key is one of `candidates` (in candidate order).
fn find(headers: &[String], candidates: &[&str]) -> Option<String> {
    candidates.iter().find_map(|c| {
        headers
            .iter()
            .find(|h| header_key(h) == *c)
            .map(String::to_owned)
    })
}

fn fill(slot: &mut Option<String>, headers: &[String], candidates: &[&str]) {
    let keep = slot.as_ref().is_some_and(|s| headers.contains(s));
    if !keep {
        *slot = find(headers, candidates);
    }
}

impl ContactRoles {
    /// Fills the roles the user did not set from the headers.
    pub fn detect(&mut self, headers: &[String]) {
        fill(
            &mut self.id,
            headers,
            &[
                "recordid",
                "contactid",
                "leadid",
                "id",
                "contactrecordid",
                "hubspotid",
                "salesforceid",
                "contactidcasesafe",
                "customerid",
                "personid",
                "userid",
            ],
        );
        fill(
            &mut self.created,
            headers,
            &[
                "createdate",
                "createddate",
                "createdat",
                "created",
                "createdon",
                "datecreated",
                "signupdate",
                "creationdate",
            ],
        );
        fill(
            &mut self.email,
            headers,
            &["email", "emailaddress", "workemail", "mail"],
        );
        fill(
            &mut self.name,
            headers,
            &["name", "fullname", "contactname", "firstname", "leadname"],
        );
        fill(
            &mut self.outcome,
            headers,
            &[
                "converted",
                "isconverted",
                "outcome",
                "won",
                "iswon",
                "customer",
                "iscustomer",
            ],
        );
        fill(
            &mut self.won_date,
            headers,
            &[
                "wondate",
                "closedwondate",
                "becameacustomerdate",
                "customerdate",
                "converteddate",
                "convertedat",
                "wonat",
            ],
        );
    }
}

impl DealRoles {
    /// Fills the roles the user did not set from the headers.
    pub fn detect(&mut self, headers: &[String]) {
        fill(
            &mut self.id,
            headers,
            &["dealid", "opportunityid", "recordid", "id"],
        );
        fill(
            &mut self.contact_id,
            headers,
            &[
                "contactid",
                "associatedcontactid",
                "contactrecordid",
                "leadid",
                "contact",
                "primarycontactid",
                "personid",
                "customerid",
            ],
        );
        fill(
            &mut self.email,
            headers,
            &["email", "contactemail", "emailaddress", "associatedemail"],
        );
        fill(
            &mut self.status,
            headers,
            &[
                "status",
                "dealstage",
                "stage",
                "stagename",
                "outcome",
                "result",
                "iswon",
                "won",
            ],
        );
        fill(
            &mut self.amount,
            headers,
            &[
                "amount",
                "dealamount",
                "value",
                "revenue",
                "dealvalue",
                "arr",
                "acv",
            ],
        );
        fill(
            &mut self.created,
            headers,
            &[
                "createdate",
                "createddate",
                "createdat",
                "created",
                "opendate",
            ],
        );
        fill(
            &mut self.closed,
            headers,
            &[
                "closedate",
                "closeddate",
                "closedat",
                "closed",
                "closingdate",
                "wondate",
            ],
        );
    }

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

impl EventRoles {
    /// Fills the roles the user did not set from the headers.
    pub fn detect(&mut self, headers: &[String]) {
        fill(
            &mut self.contact_id,
            headers,
            &[
                "contactid",
                "recordid",
                "leadid",
                "id",
                "contact",
                "personid",
                "userid",
            ],
        );
        fill(
            &mut self.timestamp,
            headers,
            &[
                "timestamp",
                "time",
                "occurredat",
                "eventdate",
                "eventtime",
                "activitydate",
                "date",
                "createdat",
                "datetime",
            ],
        );
        fill(
            &mut self.event_type,
            headers,
            &[
                "eventtype",
                "type",
                "activitytype",
                "event",
                "activity",
                "kind",
            ],
        );
        fill(
            &mut self.detail,
            headers,
            &[
                "detail",
                "details",
                "url",
                "pageurl",
                "formname",
                "campaign",
                "name",
                "description",
            ],
        );
    }
}

/// Whether a contact-level outcome value means won (flag, status word or yes).
pub fn outcome_value_is_won(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    DEFAULT_WON.contains(&v.as_str()) || v == "customer" || v == "converted"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn hubspot_contact_headers_are_recognised() {
        let mut roles = ContactRoles::default();
        roles.detect(&headers(&[
            "Record ID",
            "First Name",
            "Email",
            "Create Date",
            "Job Title",
        ]));
        assert_eq!(roles.id.as_deref(), Some("Record ID"));
        assert_eq!(roles.email.as_deref(), Some("Email"));
        assert_eq!(roles.created.as_deref(), Some("Create Date"));
        assert_eq!(roles.name.as_deref(), Some("First Name"));
    }

    #[test]
    fn salesforce_headers_are_recognised() {
        let mut roles = ContactRoles::default();
        roles.detect(&headers(&["Contact ID", "Created Date", "Email", "Title"]));
        assert_eq!(roles.id.as_deref(), Some("Contact ID"));
        assert_eq!(roles.created.as_deref(), Some("Created Date"));
        let mut deals = DealRoles::default();
        deals.detect(&headers(&[
            "Opportunity ID",
            "Contact ID",
            "Stage Name",
            "Amount",
            "Close Date",
        ]));
        assert_eq!(deals.id.as_deref(), Some("Opportunity ID"));
        assert_eq!(deals.status.as_deref(), Some("Stage Name"));
        assert_eq!(deals.closed.as_deref(), Some("Close Date"));
    }

    #[test]
    fn a_user_choice_is_kept() {
        let mut roles = ContactRoles {
            id: Some("Email".to_owned()),
            ..Default::default()
        };
        roles.detect(&headers(&["Record ID", "Email"]));
        assert_eq!(roles.id.as_deref(), Some("Email"));
    }
}

//! Finding each role's column from the headers real exports use (HubSpot,
//! Salesforce, Marketo, Pipedrive, Zoho, homegrown), with the reason shown
//! to the user beside the choice. A choice the user made is kept as long
//! as the file has that column.

use serde::{Deserialize, Serialize};

use super::roles::{ContactRoles, DealRoles, EventRoles};
use crate::model::header_key;

/// One role's column and why it was chosen (or why none was).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleFinding {
    /// The role, in words ("contact id").
    pub role: String,
    /// The column playing it, if any.
    pub column: Option<String>,
    /// Why: "chosen by you", "a common name for a contact id", …
    pub why: String,
}

/// Whether a header reads as "something id": `mql_id`, `Lead ID`,
/// `AccountId`, `person-id` (but not `Paid` or `Valid`).
pub fn looks_like_id(name: &str) -> bool {
    let trimmed = name.trim();
    let lower = trimmed.to_lowercase();
    if lower == "id" {
        return true;
    }
    let separated = ["_id", " id", "-id", ".id"]
        .iter()
        .any(|suffix| lower.ends_with(suffix));
    // CamelCase: "AccountId", "LeadID" (an upper-case I after a lower-case letter).
    let camel = trimmed
        .strip_suffix("Id")
        .or_else(|| trimmed.strip_suffix("ID"))
        .and_then(|head| head.chars().last())
        .is_some_and(char::is_lowercase);
    separated || camel
}

/// Walks the roles of one table, remembering which columns are taken so
/// that a fallback never reuses one.
struct Detector<'a> {
    headers: &'a [String],
    /// Roles the user left without a column on purpose.
    unmapped: &'a [String],
    taken: Vec<String>,
    findings: Vec<RoleFinding>,
}

impl<'a> Detector<'a> {
    fn new(headers: &'a [String], unmapped: &'a [String]) -> Self {
        Detector {
            headers,
            unmapped,
            taken: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Keeps the user's column, else the first header whose key is one of
    /// `names` (in the order of `names`).
    /// Returns true when the role is settled (found, or left unmapped by
    /// the user), false when a fallback may still look.
    fn known(&mut self, slot: &mut Option<String>, role: &str, names: &[&str], what: &str) -> bool {
        if self.unmapped.iter().any(|r| r == role) {
            self.none(slot, role, "left without a column by you");
            return true;
        }
        if let Some(column) = slot.as_ref()
            && self.headers.contains(column)
        {
            let column = column.clone();
            self.found(slot, role, column, "chosen by you".to_owned());
            return true;
        }
        let hit = names.iter().find_map(|name| {
            self.headers
                .iter()
                .find(|h| header_key(h) == *name && !self.taken.contains(h))
        });
        match hit {
            Some(column) => {
                let column = column.clone();
                self.found(slot, role, column, format!("a common name for {what}"));
                true
            }
            None => false,
        }
    }

    /// The first untaken header that passes `test`.
    fn fallback(
        &mut self,
        slot: &mut Option<String>,
        role: &str,
        test: impl Fn(&str) -> bool,
        why: &str,
    ) -> bool {
        let hit = self
            .headers
            .iter()
            .find(|h| test(h) && !self.taken.contains(h))
            .cloned();
        match hit {
            Some(column) => {
                self.found(slot, role, column, why.to_owned());
                true
            }
            None => false,
        }
    }

    fn found(&mut self, slot: &mut Option<String>, role: &str, column: String, why: String) {
        self.taken.push(column.clone());
        self.findings.push(RoleFinding {
            role: role.to_owned(),
            column: Some(column.clone()),
            why,
        });
        *slot = Some(column);
    }

    fn none(&mut self, slot: &mut Option<String>, role: &str, why: &str) {
        *slot = None;
        self.findings.push(RoleFinding {
            role: role.to_owned(),
            column: None,
            why: why.to_owned(),
        });
    }

    /// A join key: a common name, else a column named like the contacts'
    /// id column (exports reuse the name: `mql_id` in both tables).
    fn join_key(
        &mut self,
        slot: &mut Option<String>,
        names: &[&str],
        what: &str,
        contact_id: Option<&str>,
    ) -> bool {
        let same_name = |h: &str| contact_id.is_some_and(|id| header_key(h) == header_key(id));
        self.known(slot, "contact id", names, what)
            || self.fallback(
                slot,
                "contact id",
                same_name,
                "the same name as the contacts' id column",
            )
    }

    /// A role with common names only: found, or left unmapped with a reason.
    fn role(&mut self, slot: &mut Option<String>, role: &str, names: &[&str], what: &str) {
        if !self.known(slot, role, names, what) {
            self.none(slot, role, "no column has a common name for it");
        }
    }
}

/// Common names of a contact id in exports (header keys).
const CONTACT_ID_NAMES: &[&str] = &[
    "recordid",
    "contactid",
    "prospectid",
    "leadid",
    "leadnumber",
    "contactnumber",
    "id",
    "contactrecordid",
    "hubspotid",
    "salesforceid",
    "contactidcasesafe",
    "leadidcasesafe",
    "marketoid",
    "personid",
    "customerid",
    "mqlid",
    "userid",
];

/// Common names of a creation date.
const CREATED_NAMES: &[&str] = &[
    "createdate",
    "createddate",
    "createdat",
    "created",
    "createdon",
    "createdtime",
    "createtime",
    "createdatetime",
    "datecreated",
    "creationdate",
    "firstcontactdate",
    "leadcreateddate",
    "leadcreatedate",
    "contactcreatedate",
    "dateadded",
    "addedon",
    "signupdate",
];

impl ContactRoles {
    /// Fills the roles the user did not set from the headers; says why
    /// each role has its column.
    pub fn detect(&mut self, headers: &[String]) -> Vec<RoleFinding> {
        let mut d = Detector::new(headers, &self.unmapped);
        let id_found = d.known(&mut self.id, "contact id", CONTACT_ID_NAMES, "a contact id")
            || d.fallback(
                &mut self.id,
                "contact id",
                looks_like_id,
                "the first column named like an id",
            );
        if !id_found {
            d.none(
                &mut self.id,
                "contact id",
                "no column is named like an id: choose one",
            );
        }
        d.role(
            &mut self.email,
            "email",
            &[
                "email",
                "emailaddress",
                "workemail",
                "businessemail",
                "mail",
            ],
            "an email address",
        );
        let created_found = d.known(
            &mut self.created,
            "created date",
            CREATED_NAMES,
            "a creation date",
        ) || d.fallback(
            &mut self.created,
            "created date",
            |h| {
                let key = header_key(h);
                key.contains("created") || key.contains("createdate")
            },
            "the first column whose name says created",
        );
        if !created_found {
            d.none(
                &mut self.created,
                "created date",
                "no column has a common name for it (optional: needed for monthly volumes and back-tests)",
            );
        }
        d.role(
            &mut self.name,
            "name",
            &["name", "fullname", "contactname", "firstname", "leadname"],
            "a contact's name",
        );
        d.role(
            &mut self.outcome,
            "outcome",
            &[
                "converted",
                "isconverted",
                "outcome",
                "won",
                "iswon",
                "closedwon",
                "customer",
                "iscustomer",
                "becameacustomer",
            ],
            "an outcome flag (won when 1 / yes / true / customer)",
        );
        d.role(
            &mut self.won_date,
            "won date",
            &[
                "wondate",
                "closedwondate",
                "becameacustomerdate",
                "customerdate",
                "converteddate",
                "convertedat",
                "conversiondate",
                "wonat",
            ],
            "a won date",
        );
        d.findings
    }
}

impl DealRoles {
    /// Fills the roles the user did not set from the headers. A deals column
    /// with the name of the contacts' id column is the join key.
    pub fn detect(&mut self, headers: &[String], contact_id: Option<&str>) -> Vec<RoleFinding> {
        let mut d = Detector::new(headers, &self.unmapped);
        let joined = d.join_key(
            &mut self.contact_id,
            &[
                "contactid",
                "associatedcontactid",
                "contactrecordid",
                "primarycontactid",
                "prospectid",
                "leadid",
                "leadnumber",
                "personid",
                "customerid",
                "contact",
            ],
            "the contact a deal belongs to",
            contact_id,
        );
        if !joined {
            d.none(
                &mut self.contact_id,
                "contact id",
                "no column names the contact: choose one, or an email column",
            );
        }
        let id_found = d.known(
            &mut self.id,
            "deal id",
            &["dealid", "opportunityid", "recordid", "id"],
            "a deal id",
        ) || d.fallback(
            &mut self.id,
            "deal id",
            looks_like_id,
            "the first other column named like an id",
        );
        if !id_found {
            d.none(
                &mut self.id,
                "deal id",
                "optional: deals are counted by row",
            );
        }
        d.role(
            &mut self.email,
            "email",
            &["email", "contactemail", "emailaddress", "associatedemail"],
            "the contact's email",
        );
        d.role(
            &mut self.status,
            "status",
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
            "a deal status",
        );
        d.role(
            &mut self.amount,
            "amount",
            &[
                "amount",
                "dealamount",
                "value",
                "revenue",
                "dealvalue",
                "arr",
                "acv",
            ],
            "a deal amount",
        );
        d.role(
            &mut self.created,
            "created date",
            &[
                "createdate",
                "createddate",
                "createdat",
                "created",
                "opendate",
            ],
            "a creation date",
        );
        d.role(
            &mut self.closed,
            "closed date",
            &[
                "closedate",
                "closeddate",
                "closedat",
                "closed",
                "closingdate",
                "wondate",
                "datewon",
                "closedwondate",
                "wonat",
            ],
            "a close or won date",
        );
        d.findings
    }

    /// Whether the file looks like won deals only: a close or won date and
    /// no status column. Only ever a suggestion to the user.
    pub fn suggests_all_won(&self) -> bool {
        self.status.is_none() && self.closed.is_some()
    }
}

impl EventRoles {
    /// Fills the roles the user did not set from the headers. An events
    /// column with the name of the contacts' id column is the join key.
    pub fn detect(&mut self, headers: &[String], contact_id: Option<&str>) -> Vec<RoleFinding> {
        let mut d = Detector::new(headers, &self.unmapped);
        let joined = d.join_key(
            &mut self.contact_id,
            &[
                "contactid",
                "recordid",
                "prospectid",
                "leadid",
                "leadnumber",
                "id",
                "contact",
                "personid",
                "userid",
            ],
            "the contact an event belongs to",
            contact_id,
        ) || d.fallback(
            &mut self.contact_id,
            "contact id",
            looks_like_id,
            "the first column named like an id",
        );
        if !joined {
            d.none(
                &mut self.contact_id,
                "contact id",
                "no column names the contact: choose one",
            );
        }
        d.role(
            &mut self.timestamp,
            "timestamp",
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
            "an event time",
        );
        d.role(
            &mut self.event_type,
            "event type",
            &[
                "eventtype",
                "type",
                "activitytype",
                "event",
                "activity",
                "kind",
            ],
            "an event type",
        );
        d.role(
            &mut self.detail,
            "detail",
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
            "an event detail",
        );
        d.findings
    }
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
        let findings = roles.detect(&headers(&[
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
        let id = findings.iter().find(|f| f.role == "contact id");
        assert_eq!(
            id.map(|f| f.why.as_str()),
            Some("a common name for a contact id")
        );
    }

    #[test]
    fn marketo_pipedrive_zoho_and_homegrown_ids_are_recognised() {
        for (header, created) in [
            ("Prospect ID", "Created Date"),
            ("Lead Number", "Created Time"),
            ("Lead ID", "first_contact_date"),
            ("mql_id", "first_contact_date"),
            ("crm_person_id", "signup_date"),
        ] {
            let mut roles = ContactRoles::default();
            roles.detect(&headers(&["Job Title", header, created, "Converted"]));
            assert_eq!(roles.id.as_deref(), Some(header), "{header}");
            assert_eq!(roles.created.as_deref(), Some(created), "{created}");
            assert_eq!(roles.outcome.as_deref(), Some("Converted"));
        }
    }

    #[test]
    fn id_like_names_are_told_from_words_ending_in_id() {
        for yes in [
            "mql_id",
            "Lead ID",
            "AccountId",
            "LeadID",
            "person-id",
            "ID",
        ] {
            assert!(looks_like_id(yes), "{yes}");
        }
        for no in ["Paid", "Valid", "Android", "Squid"] {
            assert!(!looks_like_id(no), "{no}");
        }
    }

    #[test]
    fn salesforce_headers_are_recognised() {
        let mut roles = ContactRoles::default();
        roles.detect(&headers(&["Contact ID", "Created Date", "Email", "Title"]));
        assert_eq!(roles.id.as_deref(), Some("Contact ID"));
        assert_eq!(roles.created.as_deref(), Some("Created Date"));
        let mut deals = DealRoles::default();
        deals.detect(
            &headers(&[
                "Opportunity ID",
                "Contact ID",
                "Stage Name",
                "Amount",
                "Close Date",
            ]),
            Some("Contact ID"),
        );
        assert_eq!(deals.id.as_deref(), Some("Opportunity ID"));
        assert_eq!(deals.contact_id.as_deref(), Some("Contact ID"));
        assert_eq!(deals.status.as_deref(), Some("Stage Name"));
        assert_eq!(deals.closed.as_deref(), Some("Close Date"));
        assert!(!deals.suggests_all_won());
    }

    #[test]
    fn won_deals_only_join_on_the_contacts_id_name_and_suggest_all_won() {
        let mut deals = DealRoles::default();
        let findings = deals.detect(
            &headers(&["deal_ref", "mql_id", "won_date"]),
            Some("mql_id"),
        );
        assert_eq!(deals.contact_id.as_deref(), Some("mql_id"));
        assert_eq!(deals.closed.as_deref(), Some("won_date"));
        assert_eq!(deals.status, None);
        assert!(deals.suggests_all_won());
        let join = findings.iter().find(|f| f.role == "contact id");
        assert_eq!(
            join.map(|f| f.why.as_str()),
            Some("the same name as the contacts' id column")
        );
        // The join key is not also taken as the deal's own id.
        assert_ne!(deals.id.as_deref(), Some("mql_id"));
    }

    #[test]
    fn a_user_choice_is_kept_and_said_so() {
        let mut roles = ContactRoles {
            id: Some("Email".to_owned()),
            ..Default::default()
        };
        let findings = roles.detect(&headers(&["Record ID", "Email"]));
        assert_eq!(roles.id.as_deref(), Some("Email"));
        assert_eq!(
            findings.first().map(|f| f.why.as_str()),
            Some("chosen by you")
        );
        // A choice naming a column the file does not have is replaced.
        let mut roles = ContactRoles {
            id: Some("Gone".to_owned()),
            ..Default::default()
        };
        roles.detect(&headers(&["Record ID"]));
        assert_eq!(roles.id.as_deref(), Some("Record ID"));
    }

    #[test]
    fn events_join_on_the_contacts_id_name() {
        let mut roles = EventRoles::default();
        roles.detect(
            &headers(&["mql_id", "occurred_at", "type", "url"]),
            Some("mql_id"),
        );
        assert_eq!(roles.contact_id.as_deref(), Some("mql_id"));
        assert_eq!(roles.timestamp.as_deref(), Some("occurred_at"));
        assert_eq!(roles.event_type.as_deref(), Some("type"));
        assert_eq!(roles.detail.as_deref(), Some("url"));
    }
}

//! Finding a contact by what a person remembers of it: its id, its email or
//! its name, case-insensitively. An exact match opens the contact; anything
//! else offers suggestions that say which field matched.

use polars::prelude::{DataFrame, DataType, StringChunked};

use crate::data::Dataset;

/// The field a search matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchField {
    /// The contact id.
    Id,
    /// The email address.
    Email,
    /// The name (first, last or full).
    Name,
}

impl SearchField {
    /// The word shown beside a suggestion.
    pub fn label(self) -> &'static str {
        match self {
            SearchField::Id => "id",
            SearchField::Email => "email",
            SearchField::Name => "name",
        }
    }
}

/// One contact a search suggests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactMatch {
    /// The contact's row in the dataset.
    pub row: usize,
    /// The contact's id.
    pub id: String,
    /// The field that matched.
    pub field: SearchField,
    /// "100042 · ana@acme.com · Ana Ruiz": what is known of the contact.
    pub label: String,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactSearch {
    /// Nothing was typed.
    Empty,
    /// Exactly one contact has this id, email or name.
    Found(usize),
    /// Contacts whose id starts with, or email or name contains, the text
    /// (exact matches first), at most the limit asked for.
    Suggestions(Vec<ContactMatch>),
    /// No contact matches.
    Nothing,
}

/// The contact columns a search reads: the email and name roles when
/// mapped, otherwise text columns whose header says email or name.
struct SearchColumns<'a> {
    ids: &'a [String],
    emails: Vec<&'a StringChunked>,
    /// In file order, so that "First Name" comes before "Last Name".
    names: Vec<&'a StringChunked>,
}

/// Finds contacts by id, email or name (trimmed, case-insensitive).
pub fn search_contacts(data: &Dataset, query: &str, limit: usize) -> ContactSearch {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return ContactSearch::Empty;
    }
    if let Some(row) = data
        .ids
        .iter()
        .position(|id| equals_ignoring_case(id, &query))
    {
        return ContactSearch::Found(row);
    }
    let columns = SearchColumns::of(data);
    let exact: Vec<(usize, SearchField)> = columns.matches(&query, limit + 1, true);
    if let [(row, _)] = exact.as_slice() {
        return ContactSearch::Found(*row);
    }
    let mut found = exact;
    if found.len() < limit {
        for hit in columns.matches(&query, limit, false) {
            if found.len() >= limit {
                break;
            }
            if !found.iter().any(|(row, _)| *row == hit.0) {
                found.push(hit);
            }
        }
    }
    found.truncate(limit);
    if found.is_empty() {
        return ContactSearch::Nothing;
    }
    ContactSearch::Suggestions(
        found
            .into_iter()
            .map(|(row, field)| ContactMatch {
                row,
                id: data.ids.get(row).cloned().unwrap_or_default(),
                field,
                label: columns.label(row),
            })
            .collect(),
    )
}

/// "100042 · ana@acme.com · Ana Ruiz" for contact `row`, with what exists.
pub fn contact_label(data: &Dataset, row: usize) -> String {
    SearchColumns::of(data).label(row)
}

impl<'a> SearchColumns<'a> {
    fn of(data: &'a Dataset) -> SearchColumns<'a> {
        let roles = &data.roles.contacts;
        let frame = &data.contacts;
        let email_role = roles.email.as_deref();
        let name_role = roles.name.as_deref();
        let emails = text_columns(frame, |header| match email_role {
            Some(role) => header == role,
            None => says_email(header),
        });
        let names = text_columns(frame, |header| {
            Some(header) == name_role || says_personal_name(header)
        });
        SearchColumns {
            ids: &data.ids,
            emails,
            names,
        }
    }

    /// Rows whose id starts with, or email or name contains, the query
    /// (or equals it, when `exact`), in row order, at most `limit`.
    fn matches(&self, query: &str, limit: usize, exact: bool) -> Vec<(usize, SearchField)> {
        let fits = |text: &str| {
            if exact {
                equals_ignoring_case(text.trim(), query)
            } else {
                contains_ignoring_case(text, query)
            }
        };
        // A full name can only hold the query when the query has a space;
        // otherwise one of its parts holds it, and joining the parts of a
        // million rows would cost more than the rest of the search.
        let try_full_name = self.names.len() > 1 && query.contains(char::is_whitespace);
        // The columns are walked in step with the rows: no lookup of a row's
        // chunk, no allocation per row.
        let mut emails: Vec<_> = self.emails.iter().map(|c| c.iter()).collect();
        let mut names: Vec<_> = self.names.iter().map(|c| c.iter()).collect();
        let mut row_emails: Vec<Option<&str>> = Vec::with_capacity(emails.len());
        let mut row_names: Vec<Option<&str>> = Vec::with_capacity(names.len());
        let mut found = Vec::new();
        for (row, id) in self.ids.iter().enumerate() {
            if found.len() >= limit {
                break;
            }
            row_emails.clear();
            row_emails.extend(emails.iter_mut().map(|values| values.next().flatten()));
            row_names.clear();
            row_names.extend(names.iter_mut().map(|values| values.next().flatten()));
            let field = if !exact && starts_with_ignoring_case(id, query) {
                Some(SearchField::Id)
            } else if row_emails.iter().flatten().any(|email| fits(email)) {
                Some(SearchField::Email)
            } else if row_names.iter().flatten().any(|name| fits(name))
                || (try_full_name && full_name(&row_names).is_some_and(|name| fits(&name)))
            {
                Some(SearchField::Name)
            } else {
                None
            };
            if let Some(field) = field {
                found.push((row, field));
            }
        }
        found
    }

    /// The name parts of one row, in file order.
    fn names_of(&self, row: usize) -> Vec<Option<&'a str>> {
        self.names.iter().map(|c| c.get(row)).collect()
    }

    fn label(&self, row: usize) -> String {
        let id = self.ids.get(row).map(String::as_str);
        let email = self.emails.iter().find_map(|c| c.get(row));
        let names = self.names_of(row);
        let name = full_name(&names);
        [id.map(str::to_owned), email.map(str::to_owned), name]
            .into_iter()
            .flatten()
            .filter(|part| !part.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The text columns whose header passes `wanted`, in file order.
/// "Ana Ruiz" from a row's name parts ("Ana", "Ruiz"), blank parts left
/// out; none when every part is blank.
fn full_name(parts: &[Option<&str>]) -> Option<String> {
    let parts: Vec<&str> = parts
        .iter()
        .flatten()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn text_columns(frame: &DataFrame, wanted: impl Fn(&str) -> bool) -> Vec<&StringChunked> {
    frame
        .columns()
        .iter()
        .filter(|c| *c.dtype() == DataType::String && wanted(c.name().as_str()))
        .filter_map(|c| c.str().ok())
        .collect()
}

fn says_email(header: &str) -> bool {
    let header = header.to_lowercase();
    header.contains("email") || header.contains("e-mail")
}

/// Headers of a person's name ("First Name", "last_name", "Full Name"),
/// not of a company, campaign or form.
fn says_personal_name(header: &str) -> bool {
    let header = header.to_lowercase();
    let other_things = [
        "company", "account", "organi", "campaign", "form", "file", "user",
    ];
    header.contains("name") && !other_things.iter().any(|thing| header.contains(thing))
}

/// Whether `text` equals `query_lower` (already in lower case), ignoring case.
fn equals_ignoring_case(text: &str, query_lower: &str) -> bool {
    if text.is_ascii() {
        text.eq_ignore_ascii_case(query_lower)
    } else {
        text.to_lowercase() == query_lower
    }
}

/// Whether `text` starts with `query_lower`, ignoring case.
fn starts_with_ignoring_case(text: &str, query_lower: &str) -> bool {
    match text.get(..query_lower.len()) {
        Some(head) if text.is_ascii() => head.eq_ignore_ascii_case(query_lower),
        _ => text.to_lowercase().starts_with(query_lower),
    }
}

/// Whether `text` contains `query_lower`, ignoring case; ASCII text (most
/// emails and ids) is compared without allocating.
fn contains_ignoring_case(text: &str, query_lower: &str) -> bool {
    if text.is_ascii() && query_lower.is_ascii() {
        let needle = query_lower.as_bytes();
        needle.is_empty()
            || text
                .as_bytes()
                .windows(needle.len())
                .any(|window| window.eq_ignore_ascii_case(needle))
    } else {
        text.to_lowercase().contains(query_lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_is_ignored_with_and_without_ascii() {
        assert!(contains_ignoring_case("Ana@ACME.com", "acme"));
        assert!(contains_ignoring_case("José Núñez", "núñez"));
        assert!(starts_with_ignoring_case("C-100042", "c-10"));
        assert!(!starts_with_ignoring_case("C-1", "c-10"));
        assert!(equals_ignoring_case("Ana Ruiz", "ana ruiz"));
    }

    #[test]
    fn headers_of_names_and_emails_are_recognised() {
        assert!(says_personal_name("First Name"));
        assert!(says_personal_name("last_name"));
        assert!(!says_personal_name("Company Name"));
        assert!(says_email("E-mail address"));
    }
}

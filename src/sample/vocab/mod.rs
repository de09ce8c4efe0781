//! The words of the sample data — names, titles, firmographics, sources, pages,
//! forms, campaigns — each with its share of the population and, where it is
//! part of the hidden propensity, its contribution to a contact's buying intent.
//! Keeping share and contribution side by side makes the ground truth that a
//! good rule set should rediscover readable in one place.

mod companies;
mod people;
mod sources;
mod website;

pub(crate) use companies::{
    COMPANY_PREFIXES, COMPETITORS, COUNTRIES, EDUCATION_DOMAINS, EDUCATION_INDUSTRY,
    FREE_MAIL_DOMAINS, INDUSTRIES, OWN_DOMAIN, SOFTWARE_INDUSTRY, UNITED_STATES,
};
pub(crate) use people::{
    ACADEMIC_TITLES, FIRST_NAMES, JOB_TITLES, JobTitle, LAST_NAMES, Seniority,
};
pub(crate) use sources::{Referrer, SOURCES};
#[cfg(test)]
pub(crate) use website::DEMO_REQUEST;
pub(crate) use website::{Details, Form, PAGES, Page, campaign_landing};

/// "Lifecycle Stage" values, in funnel order.
pub(crate) mod lifecycle {
    /// Receives e-mails only.
    pub(crate) const SUBSCRIBER: &str = "subscriber";
    /// Has converted on a form or was imported as a lead.
    pub(crate) const LEAD: &str = "lead";
    /// Marketing handed it over (or would have).
    pub(crate) const MQL: &str = "marketingqualifiedlead";
    /// Sales accepted it.
    pub(crate) const SQL: &str = "salesqualifiedlead";
    /// Has an open deal.
    pub(crate) const OPPORTUNITY: &str = "opportunity";
    /// Has a won deal.
    pub(crate) const CUSTOMER: &str = "customer";
}

/// Open HubSpot deal stages, in pipeline order.
pub(crate) const OPEN_DEAL_STAGES: &[&str] = &[
    "appointmentscheduled",
    "qualifiedtobuy",
    "presentationscheduled",
    "decisionmakerboughtin",
    "contractsent",
];

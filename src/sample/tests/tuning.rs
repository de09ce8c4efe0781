//! Tuning aids: ignored tests that print the population and the evidence for
//! typical rules, and time a large generation. They assert nothing; they are
//! what one reads after changing a weight of the simulation.

use std::collections::{HashMap, HashSet};

use super::{
    contacts_with, is_free_mail, minute_ms, options, texts, timestamps_ms, won_contacts, won_rates,
};
use crate::sample::dates::DAY_MS;
use crate::sample::{SampleHistory, SampleOptions, generate};

/// Prints the population and the evidence for typical rules.
/// Run with `cargo test --lib sample::tests::tuning::prints -- --ignored --nocapture`.
#[test]
#[ignore = "prints statistics for tuning; asserts nothing"]
fn prints_population_and_rule_evidence() {
    let history = generate(&SampleOptions {
        contacts: 20_000,
        ..options(42)
    })
    .unwrap();
    print_population(&history);
    let evidence = Evidence {
        history: &history,
        contacts: history.contacts.height() as f64,
    };
    print_activity_evidence(&evidence);
    print_profile_evidence(&evidence);
    print_snapshot_evidence(&evidence);
    print_point_in_time_evidence(&history);
}

/// Deal and win rates, events per contact and type, silent contacts.
fn print_population(history: &SampleHistory) {
    let contacts = history.contacts.height() as f64;
    let dealt: HashSet<_> = texts(&history.deals, "Contact ID").into_iter().collect();
    let won = won_contacts(history);
    println!("contacts with a deal {:.3}", dealt.len() as f64 / contacts);
    println!(
        "won among them {:.3}",
        won.len() as f64 / dealt.len() as f64
    );
    println!("won overall {:.4}", won.len() as f64 / contacts);
    println!(
        "events per contact {:.2}",
        history.events.height() as f64 / contacts
    );
    let mut by_type: HashMap<&str, usize> = HashMap::new();
    for kind in texts(&history.events, "event_type") {
        *by_type.entry(kind.unwrap()).or_default() += 1;
    }
    let mut by_type: Vec<_> = by_type.into_iter().collect();
    by_type.sort();
    for (kind, count) in by_type {
        println!("  {kind:<18} {:.2} per contact", count as f64 / contacts);
    }
    let silent = texts(&history.contacts, "Last Activity Date")
        .iter()
        .filter(|date| date.is_none())
        .count();
    println!("contacts without events {:.3}", silent as f64 / contacts);
}

/// Groups of contacts, and the won rate inside and outside each.
struct Evidence<'a> {
    history: &'a SampleHistory,
    contacts: f64,
}

impl Evidence<'_> {
    /// One line: the group's share, its won rate against the rest, the lift.
    fn show(&self, label: &str, group: &HashSet<String>) {
        let (inside, outside) = won_rates(self.history, |id| group.contains(id));
        println!(
            "{label:<28} share {:>6.3}  won {:>6.3} vs {:>6.3}  lift {:>5.2}",
            group.len() as f64 / self.contacts,
            inside,
            outside,
            inside / outside.max(1e-9)
        );
    }

    /// Contacts whose `column` (empty when missing) passes `keep`.
    fn by_value(&self, column: &str, keep: impl Fn(&str) -> bool) -> HashSet<String> {
        let contacts = &self.history.contacts;
        texts(contacts, "Record ID")
            .into_iter()
            .zip(texts(contacts, column))
            .filter(|(_, value)| keep(value.unwrap_or("")))
            .map(|(id, _)| id.unwrap().to_owned())
            .collect()
    }

    fn page(&self, prefix: &str) -> HashSet<String> {
        contacts_with(self.history, "page_view", |detail| {
            detail.starts_with(prefix)
        })
    }

    fn form(&self, name: &str) -> HashSet<String> {
        contacts_with(self.history, "form_submission", |detail| detail == name)
    }
}

fn print_activity_evidence(evidence: &Evidence) {
    for form in [
        "Demo request",
        "Pricing request",
        "Contact sales",
        "Buyer's guide",
        "Webinar registration",
        "E-book: Lead scoring 101",
        "Marketing checklist",
    ] {
        evidence.show(&format!("form {form}"), &evidence.form(form));
    }
    let attended = contacts_with(evidence.history, "webinar_attended", |_| true);
    evidence.show("webinar attended", &attended);
    for page in [
        "/pricing",
        "/demo",
        "/case-studies/",
        "/blog/",
        "/careers",
        "/docs/",
        "/product/",
    ] {
        evidence.show(&format!("page {page}"), &evidence.page(page));
    }
    let clicked = contacts_with(evidence.history, "email_click", |_| true);
    evidence.show("email click", &clicked);
}

fn print_profile_evidence(evidence: &Evidence) {
    for seniority in [
        "Executive",
        "VP",
        "Director",
        "Manager",
        "Individual Contributor",
        "Student",
    ] {
        let group = evidence.by_value("Seniority", |value| value == seniority);
        evidence.show(&format!("seniority {seniority}"), &group);
    }
    for department in [
        "Marketing",
        "Sales",
        "Operations",
        "IT",
        "Finance",
        "Engineering",
        "Other",
    ] {
        let group = evidence.by_value("Department", |value| value == department);
        evidence.show(&format!("department {department}"), &group);
    }
    let target = ["Software", "Financial Services", "Professional Services"];
    let group = evidence.by_value("Industry", |value| target.contains(&value));
    evidence.show("industry target", &group);
    let group = evidence.by_value("Industry", |value| value.is_empty() || value == "Select");
    evidence.show("industry empty or Select", &group);
    let group = evidence.by_value("Number of Employees", |value| {
        value
            .replace(',', "")
            .parse::<u32>()
            .is_ok_and(|n| (200..=5_000).contains(&n))
    });
    evidence.show("employees 200-5000", &group);
    let core = ["United States", "United Kingdom", "Germany"];
    let group = evidence.by_value("Country/Region", |value| core.contains(&value));
    evidence.show("country US/UK/DE", &group);
    evidence.show("free-mail", &evidence.by_value("Email", is_free_mail));
    let group = evidence.by_value("Email", |value| {
        value.ends_with(".edu") || value.ends_with(".ac.uk")
    });
    evidence.show("education domain", &group);
    let group = evidence.by_value("Email Opt Out", |value| value == "true");
    evidence.show("opted out", &group);
    let group = evidence.by_value("Original Source", |value| value == "Referrals");
    evidence.show("source Referrals", &group);
    let group = evidence.by_value("Referrer URL", |value| value.contains("salesbridge"));
    evidence.show("referrer salesbridge", &group);
}

/// Evidence from the snapshot's fields, which know the outcome.
fn print_snapshot_evidence(evidence: &Evidence) {
    let at_least = |column: &str, minimum: u32| {
        evidence.by_value(column, |value| {
            value.parse::<u32>().is_ok_and(|n| n >= minimum)
        })
    };
    evidence.show(
        "pageviews >= 20 (snapshot)",
        &at_least("Number of Pageviews", 20),
    );
    evidence.show(
        "opens >= 10 (snapshot)",
        &at_least("Marketing Emails Opened", 10),
    );
    let group = evidence.by_value("Last Activity Date", |value| value >= "2025-10-01");
    evidence.show("active in 2025-Q4", &group);
    let group = evidence.by_value("Sales Feedback", |value| value == "True SQL");
    evidence.show("feedback True SQL", &group);
    for stage in [
        "subscriber",
        "lead",
        "marketingqualifiedlead",
        "salesqualifiedlead",
        "opportunity",
        "customer",
    ] {
        let group = evidence.by_value("Lifecycle Stage", |value| value == stage);
        let share = group.len() as f64 / evidence.contacts;
        println!("lifecycle {stage:<24} {share:.3}");
    }
}

/// Who could be scored at a cutoff and who won in the 180 days after it.
struct PointInTime<'a> {
    cutoff_ms: i64,
    /// Contacts that existed at the cutoff and were not customers yet.
    population: Vec<&'a str>,
    wins_after: HashSet<&'a str>,
}

impl<'a> PointInTime<'a> {
    fn new(history: &'a SampleHistory, cutoff_ms: i64) -> Self {
        let horizon_ms = cutoff_ms + 180 * DAY_MS;
        let mut customers_before = HashSet::new();
        let mut wins_after = HashSet::new();
        let deal_ids = texts(&history.deals, "Contact ID");
        let stages = texts(&history.deals, "Deal Stage");
        let closed = texts(&history.deals, "Close Date");
        for row in 0..deal_ids.len() {
            let (Some(id), Some("closedwon"), Some(closed)) =
                (deal_ids[row], stages[row], closed[row])
            else {
                continue;
            };
            let closed_ms = minute_ms(&format!("{closed} 12:00"));
            if closed_ms < cutoff_ms {
                customers_before.insert(id);
            } else if closed_ms < horizon_ms {
                wins_after.insert(id);
            }
        }
        let population = texts(&history.contacts, "Record ID")
            .into_iter()
            .zip(texts(&history.contacts, "Create Date"))
            .filter(|(id, created)| {
                minute_ms(created.unwrap()) < cutoff_ms && !customers_before.contains(id.unwrap())
            })
            .map(|(id, _)| id.unwrap())
            .collect();
        Self {
            cutoff_ms,
            population,
            wins_after,
        }
    }

    /// The won rate of the population's members inside (or outside) `group`.
    fn won_rate(&self, group: &HashSet<&str>, inside: bool) -> f64 {
        let members: Vec<_> = self
            .population
            .iter()
            .filter(|id| group.contains(*id) == inside)
            .collect();
        let won = members
            .iter()
            .filter(|id| self.wins_after.contains(**id))
            .count();
        won as f64 / members.len().max(1) as f64
    }
}

/// The same kind of evidence, honestly: events before a cutoff, wins in the
/// 180 days after it, contacts that existed and were not customers.
fn print_point_in_time_evidence(history: &SampleHistory) {
    let point = PointInTime::new(history, minute_ms("2025-01-01 00:00"));
    let cutoff_ms = point.cutoff_ms;
    let ids = texts(&history.events, "contact_id");
    let types = texts(&history.events, "event_type");
    let details = texts(&history.events, "detail");
    let times = timestamps_ms(&history.events);
    let before = |window_days: i64, event_type: &str, detail: &dyn Fn(&str) -> bool| {
        (0..ids.len())
            .filter(|&row| {
                times[row] < cutoff_ms
                    && times[row] >= cutoff_ms - window_days * DAY_MS
                    && types[row] == Some(event_type)
                    && detail(details[row].unwrap())
            })
            .map(|row| ids[row].unwrap())
            .collect::<HashSet<&str>>()
    };
    println!(
        "point in time: {} contacts, {} wins in 180 days",
        point.population.len(),
        point.wins_after.len()
    );
    let rules: [(&str, HashSet<&str>); 6] = [
        (
            "pricing page, last 30 days",
            before(30, "page_view", &|d| d == "/pricing"),
        ),
        (
            "demo request, ever",
            before(9_999, "form_submission", &|d| d == "Demo request"),
        ),
        (
            "any page view, last 30 days",
            before(30, "page_view", &|_| true),
        ),
        (
            "docs page, ever",
            before(9_999, "page_view", &|d| d.starts_with("/docs/")),
        ),
        (
            "blog page, ever",
            before(9_999, "page_view", &|d| d.starts_with("/blog/")),
        ),
        (
            "e-book, ever",
            before(9_999, "form_submission", &|d| d.starts_with("E-book")),
        ),
    ];
    for (label, group) in rules {
        let (inside, outside) = (point.won_rate(&group, true), point.won_rate(&group, false));
        println!(
            "  {label:<28} won {inside:>6.3} vs {outside:>6.3}  lift {:>5.2}",
            inside / outside.max(1e-9)
        );
    }
}

/// Run with `cargo test --release --lib sample::tests::tuning::one_million -- --ignored --nocapture`.
#[test]
#[ignore = "slow in debug builds; a release-mode benchmark"]
fn one_million_contacts_generate_in_seconds() {
    let started = std::time::Instant::now();
    let history = generate(&SampleOptions {
        contacts: 1_000_000,
        ..SampleOptions::default()
    })
    .unwrap();
    let elapsed = started.elapsed();
    println!(
        "1,000,000 contacts, {} events, {} deals in {:.2?}",
        history.events.height(),
        history.deals.height(),
        elapsed
    );
}

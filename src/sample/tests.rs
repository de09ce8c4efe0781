//! Tests of the whole generator: determinism, the tables' shape, and the
//! statistics the sample is meant to show. Tests of one concept sit in that
//! concept's file.

mod tuning;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use polars::prelude::*;

use super::columns::{CONTACT_HEADERS, DEAL_HEADERS, EVENT_HEADERS};
use super::dates::{DAY_MS, date_ms, format_date};
use super::vocab::{DEMO_REQUEST, FREE_MAIL_DOMAINS};
use super::{SampleHistory, SampleOptions, generate, write_history};

/// Small enough for a quick test, large enough for the signal to show.
pub(super) fn options(seed: u64) -> SampleOptions {
    SampleOptions {
        seed,
        contacts: 3_000,
        ..SampleOptions::default()
    }
}

pub(super) fn texts<'a>(frame: &'a DataFrame, column: &str) -> Vec<Option<&'a str>> {
    frame
        .column(column)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .collect()
}

pub(super) fn numbers(frame: &DataFrame, column: &str) -> Vec<u32> {
    texts(frame, column)
        .into_iter()
        .map(|value| value.unwrap().parse().unwrap())
        .collect()
}

pub(super) fn timestamps_ms(events: &DataFrame) -> Vec<i64> {
    let column = events
        .column("timestamp")
        .unwrap()
        .cast(&DataType::Int64)
        .unwrap();
    column.i64().unwrap().into_no_null_iter().collect()
}

pub(super) fn minute_ms(text: &str) -> i64 {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .unwrap()
        .and_utc()
        .timestamp_millis()
}

/// Contacts (record ids) with at least one won deal.
pub(super) fn won_contacts(history: &SampleHistory) -> HashSet<String> {
    let ids = texts(&history.deals, "Contact ID");
    let stages = texts(&history.deals, "Deal Stage");
    ids.iter()
        .zip(&stages)
        .filter(|(_, stage)| **stage == Some("closedwon"))
        .map(|(id, _)| id.unwrap().to_owned())
        .collect()
}

/// Contacts with an event of the given type and detail.
pub(super) fn contacts_with(
    history: &SampleHistory,
    event_type: &str,
    detail: impl Fn(&str) -> bool,
) -> HashSet<String> {
    let ids = texts(&history.events, "contact_id");
    let types = texts(&history.events, "event_type");
    let details = texts(&history.events, "detail");
    (0..ids.len())
        .filter(|&row| types[row] == Some(event_type) && detail(details[row].unwrap()))
        .map(|row| ids[row].unwrap().to_owned())
        .collect()
}

/// Won rate of the contacts in `group` and of all the others.
pub(super) fn won_rates(history: &SampleHistory, in_group: impl Fn(&str) -> bool) -> (f64, f64) {
    let won = won_contacts(history);
    let mut counts = [[0u32; 2]; 2];
    for id in texts(&history.contacts, "Record ID") {
        let id = id.unwrap();
        counts[usize::from(in_group(id))][usize::from(won.contains(id))] += 1;
    }
    let rate = |[lost, won]: [u32; 2]| f64::from(won) / f64::from((lost + won).max(1));
    (rate(counts[1]), rate(counts[0]))
}

#[test]
fn the_same_seed_gives_identical_frames_and_files() {
    let mut first = generate(&options(7)).unwrap();
    let mut second = generate(&options(7)).unwrap();
    assert!(first.contacts.equals_missing(&second.contacts));
    assert!(first.events.equals_missing(&second.events));
    assert!(first.deals.equals_missing(&second.deals));
    let first_dir = tempfile::tempdir().unwrap();
    let second_dir = tempfile::tempdir().unwrap();
    let first_paths = write_history(&mut first, first_dir.path()).unwrap();
    let second_paths = write_history(&mut second, second_dir.path()).unwrap();
    for (a, b) in first_paths.iter().zip(&second_paths) {
        assert_eq!(
            std::fs::read(a).unwrap(),
            std::fs::read(b).unwrap(),
            "{}",
            a.display()
        );
    }
}

#[test]
fn different_seeds_give_different_histories() {
    let first = generate(&options(1)).unwrap();
    let second = generate(&options(2)).unwrap();
    assert!(!first.contacts.equals_missing(&second.contacts));
    assert!(!first.events.equals_missing(&second.events));
}

#[test]
fn a_contact_does_not_depend_on_how_many_are_generated() {
    let small = generate(&SampleOptions {
        contacts: 200,
        ..options(3)
    })
    .unwrap();
    let large = generate(&SampleOptions {
        contacts: 400,
        ..options(3)
    })
    .unwrap();
    // Companies are shared per number of contacts, so compare the person.
    for column in [
        "Record ID",
        "First Name",
        "Last Name",
        "Job Title",
        "Create Date",
    ] {
        assert_eq!(
            texts(&small.contacts, column),
            texts(&large.contacts, column)[..200],
            "{column}"
        );
    }
}

#[test]
fn tables_have_the_specified_columns_and_types() {
    let history = generate(&options(11)).unwrap();
    let names = |frame: &DataFrame| {
        frame
            .get_column_names()
            .iter()
            .map(|name| name.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&history.contacts), CONTACT_HEADERS);
    assert_eq!(names(&history.events), EVENT_HEADERS);
    assert_eq!(names(&history.deals), DEAL_HEADERS);
    assert_eq!(history.contacts.height(), 3_000);
    assert!(
        history
            .contacts
            .columns()
            .iter()
            .all(|column| column.dtype() == &DataType::String)
    );
    assert!(
        history
            .deals
            .columns()
            .iter()
            .all(|column| column.dtype() == &DataType::String)
    );
    assert_eq!(
        history.events.column("timestamp").unwrap().dtype(),
        &DataType::Datetime(TimeUnit::Milliseconds, None)
    );
    let ids = texts(&history.contacts, "Record ID");
    assert_eq!(ids.first(), Some(&Some("100001")));
    assert_eq!(ids.last(), Some(&Some("103000")));
    let known_types = [
        "page_view",
        "form_submission",
        "email_open",
        "email_click",
        "webinar_attended",
    ];
    assert!(
        texts(&history.events, "event_type")
            .iter()
            .all(|kind| known_types.contains(&kind.unwrap()))
    );
    assert!(
        texts(&history.deals, "Deal ID")
            .iter()
            .all(|id| id.unwrap().starts_with('D'))
    );
}

#[test]
fn roll_up_columns_agree_with_the_events() {
    let history = generate(&options(5)).unwrap();
    #[derive(Default, PartialEq, Debug)]
    struct Counts {
        page_views: u32,
        opens: u32,
        clicks: u32,
        forms: u32,
        last_ms: Option<i64>,
    }
    let mut by_contact: HashMap<&str, Counts> = HashMap::new();
    let ids = texts(&history.events, "contact_id");
    let types = texts(&history.events, "event_type");
    for ((id, kind), at_ms) in ids.iter().zip(&types).zip(timestamps_ms(&history.events)) {
        let counts = by_contact.entry(id.unwrap()).or_default();
        match kind.unwrap() {
            "page_view" => counts.page_views += 1,
            "email_open" => counts.opens += 1,
            "email_click" => counts.clicks += 1,
            "form_submission" => counts.forms += 1,
            _ => {}
        }
        counts.last_ms = counts.last_ms.max(Some(at_ms));
    }
    let contacts = &history.contacts;
    let page_views = numbers(contacts, "Number of Pageviews");
    let sessions = numbers(contacts, "Number of Sessions");
    let opens = numbers(contacts, "Marketing Emails Opened");
    let clicks = numbers(contacts, "Marketing Emails Clicked");
    let forms = numbers(contacts, "Forms Submitted");
    let last_activity = texts(contacts, "Last Activity Date");
    for (row, id) in texts(contacts, "Record ID").into_iter().enumerate() {
        let expected = by_contact.remove(id.unwrap()).unwrap_or_default();
        let actual = Counts {
            page_views: page_views[row],
            opens: opens[row],
            clicks: clicks[row],
            forms: forms[row],
            last_ms: expected.last_ms,
        };
        assert_eq!(actual, expected, "contact {id:?}");
        assert_eq!(sessions[row], page_views[row].div_ceil(3));
        assert_eq!(
            last_activity[row].map(str::to_owned),
            expected.last_ms.map(format_date)
        );
    }
    assert!(by_contact.is_empty(), "events of unknown contacts");
}

#[test]
fn events_lie_between_creation_and_the_end_in_order() {
    let history = generate(&options(9)).unwrap();
    let created: HashMap<&str, i64> = texts(&history.contacts, "Record ID")
        .into_iter()
        .zip(texts(&history.contacts, "Create Date"))
        .map(|(id, date)| (id.unwrap(), minute_ms(date.unwrap())))
        .collect();
    let end_ms = date_ms(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    let ids = texts(&history.events, "contact_id");
    let times = timestamps_ms(&history.events);
    let mut previous = (0u64, i64::MIN);
    for (id, at_ms) in ids.iter().zip(&times) {
        let id = id.unwrap();
        assert!(*at_ms >= created[id] && *at_ms < end_ms, "{id} at {at_ms}");
        let key = (id.parse::<u64>().unwrap(), *at_ms);
        assert!(key >= previous, "events out of order at {id}");
        previous = key;
    }
    let deal_created = texts(&history.deals, "Create Date");
    let deal_closed = texts(&history.deals, "Close Date");
    for (created, closed) in deal_created.iter().zip(&deal_closed) {
        if let Some(closed) = closed {
            assert!(closed > &created.unwrap());
        }
    }
}

#[test]
fn lifecycle_stage_follows_the_deals() {
    let history = generate(&options(13)).unwrap();
    let won = won_contacts(&history);
    let open: HashSet<&str> = texts(&history.deals, "Contact ID")
        .into_iter()
        .zip(texts(&history.deals, "Close Date"))
        .filter(|(_, closed)| closed.is_none())
        .map(|(id, _)| id.unwrap())
        .collect();
    let stages = texts(&history.contacts, "Lifecycle Stage");
    for (id, stage) in texts(&history.contacts, "Record ID")
        .into_iter()
        .zip(stages)
    {
        let id = id.unwrap();
        assert_eq!(stage == Some("customer"), won.contains(id), "{id}");
        if !won.contains(id) {
            assert_eq!(stage == Some("opportunity"), open.contains(id), "{id}");
        }
    }
}

#[test]
fn shares_are_close_to_the_description() {
    let history = generate(&options(21)).unwrap();
    let contacts = history.contacts.height() as f64;
    let share = |count: usize| count as f64 / contacts;
    let dealt: HashSet<_> = texts(&history.deals, "Contact ID").into_iter().collect();
    let won = won_contacts(&history);
    assert!(
        (0.07..=0.11).contains(&share(dealt.len())),
        "contacts with a deal {}",
        share(dealt.len())
    );
    let won_of_dealt = won.len() as f64 / dealt.len() as f64;
    assert!(
        (0.33..=0.47).contains(&won_of_dealt),
        "won among deals {won_of_dealt}"
    );
    let emails = texts(&history.contacts, "Email");
    let free_mail = emails
        .iter()
        .filter(|email| is_free_mail(email.unwrap()))
        .count();
    assert!(
        (0.12..=0.19).contains(&share(free_mail)),
        "free-mail {}",
        share(free_mail)
    );
    let events_per_contact = history.events.height() as f64 / contacts;
    assert!(
        (14.0..=21.0).contains(&events_per_contact),
        "events per contact {events_per_contact}"
    );
    let silent = numbers(&history.contacts, "Number of Pageviews")
        .iter()
        .filter(|&&views| views == 0)
        .count();
    assert!(
        (0.03..=0.2).contains(&share(silent)),
        "contacts without page views {}",
        share(silent)
    );
}

pub(super) fn is_free_mail(email: &str) -> bool {
    FREE_MAIL_DOMAINS
        .iter()
        .any(|(domain, _)| email.ends_with(&format!("@{domain}")))
}

#[test]
fn sensible_rules_find_signal_and_bad_ones_little() {
    let history = generate(&options(42)).unwrap();
    let demo = contacts_with(&history, "form_submission", |detail| detail == DEMO_REQUEST);
    let (with_demo, without_demo) = won_rates(&history, |id| demo.contains(id));
    assert!(
        with_demo > 4.0 * without_demo,
        "demo request {with_demo} vs {without_demo}"
    );

    let free_mail: HashSet<String> = texts(&history.contacts, "Record ID")
        .into_iter()
        .zip(texts(&history.contacts, "Email"))
        .filter(|(_, email)| is_free_mail(email.unwrap()))
        .map(|(id, _)| id.unwrap().to_owned())
        .collect();
    let (free, company) = won_rates(&history, |id| free_mail.contains(id));
    assert!(free < 0.6 * company, "free-mail {free} vs {company}");

    let blog = contacts_with(&history, "page_view", |detail| detail.starts_with("/blog/"));
    let (with_blog, without_blog) = won_rates(&history, |id| blog.contains(id));
    assert!(
        with_blog < 2.0 * without_blog,
        "blog {with_blog} vs {without_blog}"
    );
}

#[test]
fn hand_raises_precede_deals_and_customers_stay_active() {
    let history = generate(&options(17)).unwrap();
    let ids = texts(&history.events, "contact_id");
    let types = texts(&history.events, "event_type");
    let details = texts(&history.events, "detail");
    let times = timestamps_ms(&history.events);
    let bottom = ["Demo request", "Pricing request", "Contact sales"];
    let mut first_hand_raise: HashMap<&str, i64> = HashMap::new();
    let mut last_event: HashMap<&str, i64> = HashMap::new();
    for row in 0..ids.len() {
        let id = ids[row].unwrap();
        last_event.insert(id, times[row]);
        if types[row] == Some("form_submission") && bottom.contains(&details[row].unwrap()) {
            first_hand_raise.entry(id).or_insert(times[row]);
        }
    }
    let deal_ids = texts(&history.deals, "Contact ID");
    let created = texts(&history.deals, "Create Date");
    let closed = texts(&history.deals, "Close Date");
    let stages = texts(&history.deals, "Deal Stage");
    let (mut before, mut after) = (0, 0);
    let (mut active_customers, mut customers) = (0, 0);
    let mut seen = HashSet::new();
    for row in 0..deal_ids.len() {
        let id = deal_ids[row].unwrap();
        let created_ms = minute_ms(&format!("{} 00:00", created[row].unwrap()));
        if seen.insert(id)
            && let Some(&form_ms) = first_hand_raise.get(id)
        {
            if form_ms < created_ms + DAY_MS {
                before += 1
            } else {
                after += 1
            }
        }
        if stages[row] == Some("closedwon") {
            customers += 1;
            let closed_ms = minute_ms(&format!("{} 23:59", closed[row].unwrap()));
            active_customers += usize::from(last_event.get(id).is_some_and(|&at| at > closed_ms));
        }
    }
    assert!(
        before > 4 * after,
        "hand-raises before {before}, after {after}"
    );
    assert!(
        active_customers * 2 > customers,
        "{active_customers} of {customers} customers active"
    );
}

#[test]
fn zero_contacts_give_empty_tables_with_their_columns() {
    let history = generate(&SampleOptions {
        contacts: 0,
        ..SampleOptions::default()
    })
    .unwrap();
    assert_eq!(history.contacts.height(), 0);
    assert_eq!(history.contacts.width(), CONTACT_HEADERS.len());
    assert_eq!(history.events.width(), EVENT_HEADERS.len());
    assert_eq!(history.deals.width(), DEAL_HEADERS.len());
}

#[test]
fn the_default_start_is_the_first_of_january_2024() {
    assert_eq!(
        SampleOptions::default().start,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
    );
}

//! Our web site and marketing: page kinds, forms, campaigns, webinars, and
//! the interned texts of the events' "detail" column.

use std::ops::Range;

use crate::sample::rng::Rng;

/// The kinds of page a visitor views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Page {
    Home,
    Pricing,
    Demo,
    Careers,
    Blog,
    CaseStudy,
    Product,
    Docs,
}

/// Every page kind, in the order of weight tables.
pub(crate) const PAGES: [Page; 8] = [
    Page::Home,
    Page::Pricing,
    Page::Demo,
    Page::Careers,
    Page::Blog,
    Page::CaseStudy,
    Page::Product,
    Page::Docs,
];

const BLOG_SLUGS: &[&str] = &[
    "what-is-lead-scoring",
    "mql-vs-sql",
    "sales-marketing-alignment",
    "lead-scoring-examples",
    "predictive-vs-rule-based-scoring",
    "b2b-funnel-metrics",
    "intent-data-explained",
    "negative-scoring",
    "lead-nurturing-playbook",
    "webinar-promotion-tips",
    "email-deliverability-basics",
    "abm-for-beginners",
    "revops-stack-2024",
    "how-to-write-an-sla",
    "content-syndication-pros-and-cons",
    "gdpr-and-lead-data",
];
const CASE_STUDY_SLUGS: &[&str] = &[
    "northwind-analytics",
    "bluepeak-capital",
    "harbor-logistics",
    "summit-health",
    "atlas-software",
    "meridian-consulting",
];
const PRODUCT_FEATURES: &[&str] = &[
    "scoring-rules",
    "back-testing",
    "sla-planner",
    "integrations",
    "sql-export",
    "calibration",
];
const DOCS_TOPICS: &[&str] = &[
    "getting-started",
    "importing-contacts",
    "rule-syntax",
    "thresholds",
    "api",
    "sso",
    "batch-scoring",
    "release-notes",
];

/// Form names by funnel stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    MarketingChecklist,
    LeadScoringEbook,
    WebinarRegistration,
    BuyersGuide,
    DemoRequest,
    PricingRequest,
    ContactSales,
}

const FORMS: [(Form, &str); 7] = [
    (Form::MarketingChecklist, "Marketing checklist"),
    (Form::LeadScoringEbook, "E-book: Lead scoring 101"),
    (Form::WebinarRegistration, "Webinar registration"),
    (Form::BuyersGuide, "Buyer's guide"),
    (Form::DemoRequest, "Demo request"),
    (Form::PricingRequest, "Pricing request"),
    (Form::ContactSales, "Contact sales"),
];

/// The "Demo request" form's name, for tests and for the README.
#[cfg(test)]
pub(crate) const DEMO_REQUEST: &str = "Demo request";

/// The page a click in campaign `n` of [`CAMPAIGNS`] leads to.
pub(crate) fn campaign_landing(n: usize) -> Page {
    CAMPAIGNS
        .get(n % CAMPAIGNS.len())
        .map_or(Page::Home, |(_, page)| *page)
}

/// E-mail campaigns other than the monthly newsletter, with the page a click
/// leads to.
pub(crate) const CAMPAIGNS: &[(&str, Page)] = &[
    ("Product launch", Page::Product),
    ("Webinar invite", Page::Home),
    ("Nurture 1", Page::Blog),
    ("Customer stories", Page::CaseStudy),
    ("Nurture 2", Page::Blog),
    ("Pricing update", Page::Pricing),
    ("Nurture 3", Page::CaseStudy),
    ("Event invite", Page::Home),
    ("Nurture 4", Page::Product),
];

const WEBINARS: &[&str] = &[
    "Lead scoring that sales trusts",
    "From MQL to revenue: building the SLA",
    "Back-testing your scoring model",
    "Intent signals that matter",
    "RevOps roundtable: funnel metrics",
];

/// The interned texts of the events' "detail" column. Events store an index,
/// which keeps the event table small until the frame is built.
#[derive(Debug, Clone)]
pub(crate) struct Details {
    texts: Vec<String>,
    pages: [Range<u32>; 8],
    forms: Range<u32>,
    campaigns: Range<u32>,
    newsletters: Range<u32>,
    webinars: Range<u32>,
}

impl Details {
    /// All details, with one newsletter per given month label ("YYYY-MM").
    pub(crate) fn new(newsletter_months: &[String]) -> Self {
        let mut texts = Vec::new();
        let mut add = |items: Vec<String>| {
            let start = texts.len() as u32;
            texts.extend(items);
            start..texts.len() as u32
        };
        let paths = |prefix: &str, slugs: &[&str]| -> Vec<String> {
            slugs.iter().map(|slug| format!("{prefix}{slug}")).collect()
        };
        let pages = PAGES.map(|page| match page {
            Page::Home => add(vec!["/".to_owned()]),
            Page::Pricing => add(vec!["/pricing".to_owned()]),
            Page::Demo => add(vec!["/demo".to_owned()]),
            Page::Careers => add(vec!["/careers".to_owned()]),
            Page::Blog => add(paths("/blog/", BLOG_SLUGS)),
            Page::CaseStudy => add(paths("/case-studies/", CASE_STUDY_SLUGS)),
            Page::Product => add(paths("/product/", PRODUCT_FEATURES)),
            Page::Docs => add(paths("/docs/", DOCS_TOPICS)),
        });
        let forms = add(FORMS.iter().map(|(_, name)| (*name).to_owned()).collect());
        let campaigns = add(CAMPAIGNS
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .collect());
        let newsletters = add(newsletter_months
            .iter()
            .map(|month| format!("Newsletter {month}"))
            .collect());
        let webinars = add(WEBINARS.iter().map(|title| (*title).to_owned()).collect());
        Self {
            texts,
            pages,
            forms,
            campaigns,
            newsletters,
            webinars,
        }
    }

    /// Every detail text, in index order.
    pub(crate) fn texts(&self) -> impl Iterator<Item = &str> {
        self.texts.iter().map(String::as_str)
    }

    /// A random page of the given kind (popular pages first: a skewed pick).
    pub(crate) fn page(&self, rng: &mut Rng, page: Page) -> u32 {
        let range = &self.pages[page as usize];
        let len = u64::from(range.end - range.start);
        // The minimum of two uniform picks favours the first slugs, as real
        // traffic concentrates on a few posts.
        let offset = rng.below(len).min(rng.below(len));
        range.start + offset as u32
    }

    /// The detail index of a form.
    pub(crate) fn form(&self, form: Form) -> u32 {
        self.forms.start + form as u32
    }

    /// The detail index of campaign `n` of [`CAMPAIGNS`].
    pub(crate) fn campaign(&self, n: usize) -> u32 {
        self.campaigns.start + (n % CAMPAIGNS.len()) as u32
    }

    /// Whether a detail index is a bottom-of-funnel form (demo, pricing, contact).
    pub(crate) fn is_bottom_funnel_form(&self, detail: u32) -> bool {
        let first = self.form(Form::DemoRequest);
        (first..=self.form(Form::ContactSales)).contains(&detail)
    }

    /// Whether a detail index is a page of the given kind.
    pub(crate) fn is_page(&self, detail: u32, page: Page) -> bool {
        self.pages[page as usize].contains(&detail)
    }

    /// The detail index of newsletter `n` (one per month of the period).
    pub(crate) fn newsletter(&self, n: usize) -> u32 {
        self.newsletters.start + n as u32
    }

    /// A random webinar title.
    pub(crate) fn webinar(&self, rng: &mut Rng) -> u32 {
        self.webinars.start + rng.below(u64::from(self.webinars.end - self.webinars.start)) as u32
    }
}

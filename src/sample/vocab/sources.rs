//! Where contacts come from: the "Original Source" values and their
//! referrers.

use super::Page;

/// A referring web site and how good the visitors it sends are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Referrer {
    /// The "Referrer URL" value.
    pub url: &'static str,
    /// Relative frequency within its source.
    pub weight: f64,
    /// Contribution to buying intent (partner referrals are warm).
    pub fit: f64,
}

const fn referrer(url: &'static str, weight: f64, fit: f64) -> Referrer {
    Referrer { url, weight, fit }
}

/// An "Original Source" value with the referrers it comes with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source {
    /// The "Original Source" value.
    pub name: &'static str,
    /// Relative frequency of contacts.
    pub weight: f64,
    /// Contribution to buying intent.
    pub fit: f64,
    /// Share of contacts of this source whose referrer is known.
    pub referrer_share: f64,
    /// Possible referrers (empty: the field stays empty).
    pub referrers: &'static [Referrer],
    /// Share of these contacts that never show any tracked activity
    /// (trade-show lists and imports have no web trail).
    pub silent_share: f64,
    /// The first page such a visitor sees.
    pub landing: Page,
    /// Whether the contact was created by a web form (imports were not).
    pub converts_on_form: bool,
}

const GOOGLE: &str = "https://www.google.com/";
const BING: &str = "https://www.bing.com/";

/// The original sources.
pub(crate) const SOURCES: &[Source] = &[
    Source {
        name: "Organic Search",
        weight: 28.0,
        fit: 0.0,
        referrer_share: 0.75,
        silent_share: 0.06,
        landing: Page::Blog,
        converts_on_form: true,
        referrers: &[
            referrer(GOOGLE, 8.0, 0.0),
            referrer(BING, 1.0, 0.0),
            referrer("https://duckduckgo.com/", 0.7, 0.0),
        ],
    },
    Source {
        name: "Paid Search",
        weight: 14.0,
        fit: 0.15,
        referrer_share: 0.95,
        silent_share: 0.05,
        landing: Page::Pricing,
        converts_on_form: true,
        referrers: &[referrer(GOOGLE, 4.0, 0.0), referrer(BING, 1.0, 0.0)],
    },
    Source {
        name: "Paid Social",
        weight: 10.0,
        fit: -0.2,
        referrer_share: 0.9,
        silent_share: 0.06,
        landing: Page::Product,
        converts_on_form: true,
        referrers: &[
            referrer("https://www.linkedin.com/", 7.0, 0.0),
            referrer("https://www.facebook.com/", 3.0, 0.0),
        ],
    },
    Source {
        name: "Email Marketing",
        weight: 8.0,
        fit: 0.0,
        referrer_share: 0.0,
        silent_share: 0.08,
        landing: Page::Blog,
        converts_on_form: true,
        referrers: &[],
    },
    Source {
        name: "Referrals",
        landing: Page::CaseStudy,
        converts_on_form: true,
        weight: 9.0,
        fit: 0.0,
        referrer_share: 0.92,
        silent_share: 0.06,
        referrers: &[
            referrer(
                "https://partner.salesbridge.com/directory/lead-scoring",
                2.5,
                0.7,
            ),
            referrer(
                "https://partner.salesbridge.com/referral?partner=emea",
                1.0,
                0.7,
            ),
            referrer("https://www.g2.com/categories/lead-scoring", 2.0, 0.4),
            referrer(
                "https://www.g2.com/products/lead-score-studio/reviews",
                1.5,
                0.5,
            ),
            referrer("https://revopsguild.org/resources/tools", 1.5, 0.2),
            referrer("https://revopsguild.org/forum/scoring-models", 1.0, 0.1),
            referrer("https://www.capterra.com/lead-scoring-software/", 1.0, 0.2),
        ],
    },
    Source {
        name: "Direct Traffic",
        weight: 16.0,
        fit: 0.1,
        referrer_share: 0.0,
        silent_share: 0.08,
        landing: Page::Home,
        converts_on_form: true,
        referrers: &[],
    },
    Source {
        name: "Offline Sources",
        weight: 8.0,
        fit: 0.1,
        referrer_share: 0.0,
        silent_share: 0.5,
        landing: Page::Home,
        converts_on_form: false,
        referrers: &[],
    },
    Source {
        name: "Social Media",
        landing: Page::Blog,
        converts_on_form: true,
        weight: 7.0,
        fit: -0.1,
        referrer_share: 0.85,
        silent_share: 0.07,
        referrers: &[
            referrer("https://www.linkedin.com/", 5.0, 0.0),
            referrer("https://t.co/", 2.5, 0.0),
            referrer("https://www.reddit.com/r/marketing/", 1.0, -0.1),
        ],
    },
];

//! The words of the sample data — names, titles, firmographics, sources, pages,
//! forms, campaigns — each with its share of the population and, where it is
//! part of the hidden propensity, its contribution to a contact's buying intent.
//! Keeping share and contribution side by side makes the ground truth that a
//! good rule set should rediscover readable in one place.

use std::ops::Range;

use super::rng::Rng;

/// Seniority as a CRM records it; a consequence of the job title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seniority {
    Executive,
    Vp,
    Director,
    Manager,
    IndividualContributor,
    Student,
}

impl Seniority {
    /// The value written to the "Seniority" column.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Executive => "Executive",
            Self::Vp => "VP",
            Self::Director => "Director",
            Self::Manager => "Manager",
            Self::IndividualContributor => "Individual Contributor",
            Self::Student => "Student",
        }
    }

    /// Contribution to buying intent: budget holders buy, students do not.
    pub(crate) fn fit(self) -> f64 {
        match self {
            Self::Executive => 0.8,
            Self::Vp => 1.0,
            Self::Director => 0.8,
            Self::Manager => 0.3,
            Self::IndividualContributor => -0.3,
            Self::Student => -2.0,
        }
    }
}

/// Department, consistent with the job title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Department {
    Marketing,
    Sales,
    Operations,
    It,
    Finance,
    Engineering,
    Other,
}

impl Department {
    /// The value written to the "Department" column.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Marketing => "Marketing",
            Self::Sales => "Sales",
            Self::Operations => "Operations",
            Self::It => "IT",
            Self::Finance => "Finance",
            Self::Engineering => "Engineering",
            Self::Other => "Other",
        }
    }

    /// Contribution to buying intent: a lead-scoring tool is bought by
    /// marketing, sales and revenue operations.
    pub(crate) fn fit(self) -> f64 {
        match self {
            Self::Marketing => 0.6,
            Self::Sales => 0.5,
            Self::Operations => 0.3,
            Self::It => 0.0,
            Self::Finance => -0.2,
            Self::Engineering => -0.4,
            Self::Other => -0.4,
        }
    }
}

/// A job title with the seniority and department it implies.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JobTitle {
    /// The "Job Title" text.
    pub title: &'static str,
    /// Implied seniority.
    pub seniority: Seniority,
    /// Implied department.
    pub department: Department,
    /// Relative frequency in the population.
    pub weight: f64,
}

const fn title(
    title: &'static str,
    seniority: Seniority,
    department: Department,
    weight: f64,
) -> JobTitle {
    JobTitle {
        title,
        seniority,
        department,
        weight,
    }
}

use Department as D;
use Seniority as S;

/// Titles of people at companies (students and interns included, rarely).
pub(crate) const JOB_TITLES: &[JobTitle] = &[
    title("Founder & CEO", S::Executive, D::Other, 1.5),
    title("Chief Executive Officer", S::Executive, D::Other, 1.0),
    title("Chief Marketing Officer", S::Executive, D::Marketing, 1.2),
    title("Chief Revenue Officer", S::Executive, D::Sales, 1.0),
    title("Chief Operating Officer", S::Executive, D::Operations, 0.7),
    title("Chief Financial Officer", S::Executive, D::Finance, 0.6),
    title(
        "Chief Technology Officer",
        S::Executive,
        D::Engineering,
        0.8,
    ),
    title("Managing Director", S::Executive, D::Other, 0.8),
    title("VP Marketing", S::Vp, D::Marketing, 2.0),
    title("VP Sales", S::Vp, D::Sales, 1.8),
    title("VP Demand Generation", S::Vp, D::Marketing, 0.8),
    title("VP Revenue Operations", S::Vp, D::Operations, 0.8),
    title("VP Engineering", S::Vp, D::Engineering, 0.9),
    title("VP Finance", S::Vp, D::Finance, 0.5),
    title("VP Customer Success", S::Vp, D::Other, 0.6),
    title("Head of Demand Generation", S::Director, D::Marketing, 1.6),
    title("Director of Marketing", S::Director, D::Marketing, 2.2),
    title(
        "Head of Marketing Operations",
        S::Director,
        D::Marketing,
        1.0,
    ),
    title("Director of Growth", S::Director, D::Marketing, 0.8),
    title("Director of Sales", S::Director, D::Sales, 2.0),
    title("Director of Partnerships", S::Director, D::Sales, 0.6),
    title("Head of Sales Operations", S::Director, D::Operations, 1.0),
    title("Head of IT", S::Director, D::It, 1.2),
    title("Director of Engineering", S::Director, D::Engineering, 1.0),
    title("Finance Director", S::Director, D::Finance, 0.7),
    title("Marketing Manager", S::Manager, D::Marketing, 5.0),
    title("Demand Generation Manager", S::Manager, D::Marketing, 2.0),
    title(
        "Marketing Operations Manager",
        S::Manager,
        D::Marketing,
        1.8,
    ),
    title("Product Marketing Manager", S::Manager, D::Marketing, 1.8),
    title("Content Marketing Manager", S::Manager, D::Marketing, 1.5),
    title("Sales Manager", S::Manager, D::Sales, 3.5),
    title("Regional Sales Manager", S::Manager, D::Sales, 1.5),
    title("Operations Manager", S::Manager, D::Operations, 2.0),
    title("IT Manager", S::Manager, D::It, 2.0),
    title("Engineering Manager", S::Manager, D::Engineering, 1.5),
    title("Finance Manager", S::Manager, D::Finance, 1.2),
    title("Office Manager", S::Manager, D::Other, 1.5),
    title(
        "Marketing Specialist",
        S::IndividualContributor,
        D::Marketing,
        3.0,
    ),
    title(
        "Marketing Coordinator",
        S::IndividualContributor,
        D::Marketing,
        2.5,
    ),
    title(
        "Marketing Automation Specialist",
        S::IndividualContributor,
        D::Marketing,
        1.5,
    ),
    title(
        "Sales Operations Analyst",
        S::IndividualContributor,
        D::Operations,
        1.8,
    ),
    title(
        "CRM Administrator",
        S::IndividualContributor,
        D::Operations,
        1.2,
    ),
    title("Account Executive", S::IndividualContributor, D::Sales, 3.5),
    title(
        "Sales Development Representative",
        S::IndividualContributor,
        D::Sales,
        3.0,
    ),
    title(
        "Business Development Representative",
        S::IndividualContributor,
        D::Sales,
        2.0,
    ),
    title("Data Analyst", S::IndividualContributor, D::It, 2.0),
    title("System Administrator", S::IndividualContributor, D::It, 1.5),
    title(
        "Software Engineer",
        S::IndividualContributor,
        D::Engineering,
        4.0,
    ),
    title(
        "Web Developer",
        S::IndividualContributor,
        D::Engineering,
        1.5,
    ),
    title("Accountant", S::IndividualContributor, D::Finance, 1.5),
    title("Consultant", S::IndividualContributor, D::Other, 2.5),
    title("Graphic Designer", S::IndividualContributor, D::Other, 1.2),
    title(
        "Customer Support Specialist",
        S::IndividualContributor,
        D::Other,
        1.5,
    ),
    title("Intern", S::Student, D::Other, 1.0),
    title("Marketing Intern", S::Student, D::Marketing, 1.0),
    title("Student", S::Student, D::Other, 1.0),
];

/// Titles of people with a university address.
pub(crate) const ACADEMIC_TITLES: &[JobTitle] = &[
    title("Student", S::Student, D::Other, 5.0),
    title("Graduate Student", S::Student, D::Other, 2.0),
    title("PhD Candidate", S::Student, D::Other, 1.5),
    title("Research Assistant", S::Student, D::Other, 1.5),
    title("Marketing Intern", S::Student, D::Marketing, 1.0),
    title("Lecturer", S::IndividualContributor, D::Other, 1.0),
    title(
        "Professor of Marketing",
        S::IndividualContributor,
        D::Marketing,
        0.8,
    ),
    title("IT Manager", S::Manager, D::It, 0.5),
    title("Director of Marketing", S::Director, D::Marketing, 0.4),
];

/// An industry with the company-name words and economics that go with it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Industry {
    /// The "Industry" value.
    pub name: &'static str,
    /// Relative frequency of companies.
    pub weight: f64,
    /// Contribution to buying intent.
    pub fit: f64,
    /// Typical annual revenue per employee, in dollars.
    pub revenue_per_employee_dollars: f64,
    /// Second words of company names in this industry.
    pub name_suffixes: &'static [&'static str],
}

/// The industry every university contact belongs to.
pub(crate) const EDUCATION_INDUSTRY: usize = 5;
/// The industry of our own company and of the competitors.
pub(crate) const SOFTWARE_INDUSTRY: usize = 0;

/// The industries (index [`EDUCATION_INDUSTRY`] must stay "Education").
pub(crate) const INDUSTRIES: &[Industry] = &[
    Industry {
        name: "Software",
        weight: 14.0,
        fit: 0.6,
        revenue_per_employee_dollars: 220_000.0,
        name_suffixes: &["Analytics", "Software", "Labs", "Cloud", "Systems", "Data"],
    },
    Industry {
        name: "Financial Services",
        weight: 9.0,
        fit: 0.5,
        revenue_per_employee_dollars: 350_000.0,
        name_suffixes: &["Capital", "Financial", "Insurance", "Bank", "Wealth"],
    },
    Industry {
        name: "Manufacturing",
        weight: 12.0,
        fit: 0.0,
        revenue_per_employee_dollars: 250_000.0,
        name_suffixes: &[
            "Industries",
            "Manufacturing",
            "Components",
            "Machinery",
            "Works",
        ],
    },
    Industry {
        name: "Retail",
        weight: 9.0,
        fit: -0.1,
        revenue_per_employee_dollars: 180_000.0,
        name_suffixes: &["Retail", "Stores", "Outfitters", "Market", "Goods"],
    },
    Industry {
        name: "Healthcare",
        weight: 9.0,
        fit: -0.1,
        revenue_per_employee_dollars: 150_000.0,
        name_suffixes: &["Health", "Medical", "Clinics", "Care", "Pharma"],
    },
    Industry {
        name: "Education",
        weight: 5.0,
        fit: -0.6,
        revenue_per_employee_dollars: 90_000.0,
        name_suffixes: &["Academy", "Learning", "Institute", "Schools"],
    },
    Industry {
        name: "Professional Services",
        weight: 11.0,
        fit: 0.4,
        revenue_per_employee_dollars: 160_000.0,
        name_suffixes: &["Consulting", "Advisors", "Group", "Partners", "Associates"],
    },
    Industry {
        name: "Media",
        weight: 6.0,
        fit: 0.1,
        revenue_per_employee_dollars: 200_000.0,
        name_suffixes: &["Media", "Studios", "Publishing", "Digital"],
    },
    Industry {
        name: "Logistics",
        weight: 7.0,
        fit: 0.0,
        revenue_per_employee_dollars: 210_000.0,
        name_suffixes: &["Logistics", "Freight", "Transport", "Shipping"],
    },
    Industry {
        name: "Telecommunications",
        weight: 5.0,
        fit: 0.1,
        revenue_per_employee_dollars: 300_000.0,
        name_suffixes: &["Telecom", "Networks", "Communications", "Mobile"],
    },
    Industry {
        name: "Non-profit",
        weight: 6.0,
        fit: -0.6,
        revenue_per_employee_dollars: 70_000.0,
        name_suffixes: &["Foundation", "Trust", "Alliance", "Society"],
    },
    Industry {
        name: "Government",
        weight: 4.0,
        fit: -0.5,
        revenue_per_employee_dollars: 120_000.0,
        name_suffixes: &["Public Services", "Agency", "Authority", "Council"],
    },
];

/// A country with its share of contacts and its web domain.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Country {
    /// The "Country/Region" value.
    pub name: &'static str,
    /// Relative frequency of companies.
    pub weight: f64,
    /// Contribution to buying intent (our sales team covers US, UK and DE).
    pub fit: f64,
    /// Top-level domain used by some local companies.
    pub tld: &'static str,
}

/// The country of US universities and of our own company.
pub(crate) const UNITED_STATES: usize = 0;
/// The country of UK universities.
pub(crate) const UNITED_KINGDOM: usize = 2;

/// The countries (indices [`UNITED_STATES`] and [`UNITED_KINGDOM`] are fixed).
pub(crate) const COUNTRIES: &[Country] = &[
    Country {
        name: "United States",
        weight: 38.0,
        fit: 0.4,
        tld: ".com",
    },
    Country {
        name: "Germany",
        weight: 9.0,
        fit: 0.4,
        tld: ".de",
    },
    Country {
        name: "United Kingdom",
        weight: 10.0,
        fit: 0.4,
        tld: ".co.uk",
    },
    Country {
        name: "France",
        weight: 6.0,
        fit: 0.0,
        tld: ".fr",
    },
    Country {
        name: "Canada",
        weight: 6.0,
        fit: 0.1,
        tld: ".ca",
    },
    Country {
        name: "Netherlands",
        weight: 4.0,
        fit: 0.0,
        tld: ".nl",
    },
    Country {
        name: "Spain",
        weight: 4.0,
        fit: -0.1,
        tld: ".es",
    },
    Country {
        name: "India",
        weight: 7.0,
        fit: -0.3,
        tld: ".in",
    },
    Country {
        name: "Brazil",
        weight: 4.0,
        fit: -0.3,
        tld: ".com.br",
    },
    Country {
        name: "Australia",
        weight: 5.0,
        fit: 0.1,
        tld: ".com.au",
    },
    Country {
        name: "Sweden",
        weight: 3.0,
        fit: 0.0,
        tld: ".se",
    },
    Country {
        name: "Japan",
        weight: 4.0,
        fit: -0.2,
        tld: ".co.jp",
    },
];

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

/// First names (ASCII, so they make valid e-mail local parts as they are).
pub(crate) const FIRST_NAMES: &[&str] = &[
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Susan",
    "Richard",
    "Jessica",
    "Thomas",
    "Sarah",
    "Daniel",
    "Karen",
    "Matthew",
    "Emily",
    "Anthony",
    "Laura",
    "Mark",
    "Anna",
    "Paul",
    "Olivia",
    "Lukas",
    "Sophie",
    "Jonas",
    "Lea",
    "Felix",
    "Hannah",
    "Pierre",
    "Camille",
    "Lucas",
    "Chloe",
    "Javier",
    "Lucia",
    "Carlos",
    "Maria",
    "Arjun",
    "Priya",
    "Rahul",
    "Ananya",
    "Hiroshi",
    "Yuki",
    "Kenji",
    "Sakura",
    "Erik",
    "Astrid",
    "Lars",
    "Ingrid",
    "Pedro",
    "Ana",
    "Liam",
    "Noah",
    "Emma",
    "Ava",
    "Chen",
    "Mei",
];

/// Last names (ASCII).
pub(crate) const LAST_NAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Young",
    "Mueller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Dubois",
    "Laurent",
    "Bernard",
    "Moreau",
    "Lopez",
    "Fernandez",
    "Gonzalez",
    "Sanchez",
    "Sharma",
    "Patel",
    "Gupta",
    "Singh",
    "Tanaka",
    "Suzuki",
    "Sato",
    "Watanabe",
    "Andersson",
    "Johansson",
    "Nilsson",
    "Silva",
    "Santos",
    "Oliveira",
    "de Vries",
    "Jansen",
    "Bakker",
    "Nguyen",
    "Wang",
    "Kim",
];

/// First words of made-up company names.
pub(crate) const COMPANY_PREFIXES: &[&str] = &[
    "Northwind",
    "Bluepeak",
    "Granite",
    "Silverline",
    "Brightwater",
    "Redwood",
    "Ironbridge",
    "Clearview",
    "Summit",
    "Harbor",
    "Evergreen",
    "Lakeside",
    "Cobalt",
    "Orbit",
    "Pioneer",
    "Atlas",
    "Keystone",
    "Maple",
    "Crescent",
    "Vertex",
    "Meridian",
    "Beacon",
    "Falcon",
    "Horizon",
    "Sterling",
    "Quantum",
    "Nimbus",
    "Cedar",
    "Aspen",
    "Riverstone",
    "Oakmont",
    "Bluebird",
    "Copperleaf",
    "Greenfield",
    "Highland",
    "Lumen",
    "Nova",
    "Polaris",
    "Sunrise",
    "Tidewater",
    "Westbrook",
    "Zenith",
    "Acorn",
    "Canyon",
    "Driftwood",
    "Everest",
    "Foxglove",
    "Goldcrest",
    "Juniper",
    "Kestrel",
    "Lighthouse",
    "Monarch",
    "Northstar",
    "Obsidian",
    "Pinecrest",
    "Quarry",
    "Rosewood",
    "Saltmarsh",
    "Thornbury",
    "Upland",
    "Valemont",
    "Wildflower",
];

/// Free-mail domains with their relative frequency.
pub(crate) const FREE_MAIL_DOMAINS: &[(&str, f64)] = &[
    ("gmail.com", 50.0),
    ("yahoo.com", 10.0),
    ("hotmail.com", 9.0),
    ("outlook.com", 10.0),
    ("gmx.de", 5.0),
    ("web.de", 4.0),
    ("icloud.com", 7.0),
    ("aol.com", 3.0),
];

/// University domains with the country they are in.
pub(crate) const EDUCATION_DOMAINS: &[(&str, usize)] = &[
    ("mit.edu", UNITED_STATES),
    ("stanford.edu", UNITED_STATES),
    ("umich.edu", UNITED_STATES),
    ("nyu.edu", UNITED_STATES),
    ("berkeley.edu", UNITED_STATES),
    ("utexas.edu", UNITED_STATES),
    ("ox.ac.uk", UNITED_KINGDOM),
    ("cam.ac.uk", UNITED_KINGDOM),
    ("ucl.ac.uk", UNITED_KINGDOM),
    ("lse.ac.uk", UNITED_KINGDOM),
    ("ed.ac.uk", UNITED_KINGDOM),
];

/// Competitors (domain, employees, country): their staff research us, ask for
/// prices, and never buy.
pub(crate) const COMPETITORS: &[(&str, u32, usize)] = &[
    ("leadforge.io", 240, UNITED_STATES),
    ("scorewise.com", 60, UNITED_KINGDOM),
];

/// Our own domain: employees test the product and read the docs.
pub(crate) const OWN_DOMAIN: &str = "leadscorestudio.com";

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

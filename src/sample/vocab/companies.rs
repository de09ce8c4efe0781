//! Companies: industries, countries, the words of company names, and the
//! domains people sign up with (free mail, universities, competitors, us).

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

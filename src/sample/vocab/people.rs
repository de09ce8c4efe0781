//! People: job titles with the seniority and department they imply, and
//! names.

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

//! Properties of [`translate`] on generated patterns and haystacks.
//!
//! Each generated pattern comes in two spellings: as a user writes it
//! (`\w`, `\b`), and with the chosen semantics spelt out in the regex
//! crate's own syntax (`[0-9A-Za-z_]`, `(?-u:\b)`). The second, compiled
//! directly by the regex crate, is the oracle our translation must agree with.

use proptest::prelude::*;
use proptest::sample::select;

use super::{Flavor, PatternError, translate};

/// A pattern as the user writes it, and as the oracle reads it.
#[derive(Debug, Clone)]
struct Spelt {
    user: String,
    oracle: String,
}

fn spelt(user: &str, oracle: &str) -> Spelt {
    Spelt {
        user: user.to_owned(),
        oracle: oracle.to_owned(),
    }
}

const SPACE: &str = r"\t\n\x0B\x0C\r ";

/// Literals (accents, spaces, escaped operators) spell the same both ways.
const LITERALS: &[&str] = &[
    "a", "b", "k", "s", "x", "5", "é", "É", "ß", " ", "\u{a0}", r"\t", r"\n", r"\.", r"\+", "-",
    r"\\", r"\]", "_",
];

fn atom() -> impl Strategy<Value = Spelt> {
    let word_not = "[^0-9A-Za-z_]";
    let classes = vec![
        spelt(r"\w", "[0-9A-Za-z_]"),
        spelt(r"\W", word_not),
        spelt(r"\d", "[0-9]"),
        spelt(r"\D", "[^0-9]"),
        spelt(r"\s", &format!("[{SPACE}]")),
        spelt(r"\S", &format!("[^{SPACE}]")),
        spelt(r"\b", r"(?-u:\b)"),
        spelt(r"\B", r"(?-u:\B)"),
        spelt(".", r"[^\n]"),
        spelt("^", r"\A"),
        spelt("$", r"\z"),
        spelt("[a-c]", "[a-c]"),
        spelt("[^a]", "[^a]"),
        spelt(r"[\w.-]", r"[0-9A-Za-z_.\-]"),
        spelt(r"[^\w]", word_not),
        spelt(r"[^\d\s]", &format!("[^0-9{SPACE}]")),
        spelt(r"[[:alpha:]é]", "[A-Za-zé]"),
        spelt(r"\p{Lu}", r"\p{Lu}"),
    ];
    prop_oneof![select(LITERALS).prop_map(|l| spelt(l, l)), select(classes),]
}

fn pattern() -> impl Strategy<Value = Spelt> {
    atom().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|parts| Spelt {
                user: parts.iter().map(|p| p.user.as_str()).collect(),
                oracle: parts.iter().map(|p| p.oracle.as_str()).collect(),
            }),
            (
                proptest::collection::vec(inner.clone(), 2..4),
                any::<bool>()
            )
                .prop_map(|(branches, captured)| {
                    let join = |f: fn(&Spelt) -> &str| {
                        branches.iter().map(f).collect::<Vec<_>>().join("|")
                    };
                    let open = if captured { "(" } else { "(?:" };
                    Spelt {
                        user: format!("{open}{})", join(|s| &s.user)),
                        oracle: format!("(?:{})", join(|s| &s.oracle)),
                    }
                }),
            (
                inner.clone(),
                select(&["*", "+", "?", "{2}", "{1,3}", "{0,}", "*?", "+?", "{2,}?"][..])
            )
                .prop_map(|(sub, quantifier)| Spelt {
                    user: format!("(?:{}){quantifier}", sub.user),
                    oracle: format!("(?:{}){quantifier}", sub.oracle),
                }),
            (inner, select(&["i", "-i", "s", "is"][..])).prop_map(|(sub, flags)| Spelt {
                user: format!("(?{flags}:{})", sub.user),
                oracle: format!("(?{flags}:{})", sub.oracle),
            }),
        ]
    })
}

fn haystacks() -> impl Strategy<Value = Vec<String>> {
    let chars = &[
        'a', 'b', 'c', 'k', 's', 'x', 'K', 'S', '5', '_', '-', '.', '+', '\\', ']', ' ', 'é', 'É',
        'ß', 'ẞ', 'ſ', '\u{212A}', '\u{a0}', '\t', '\n', '\r', '٣', '😀',
    ][..];
    let haystack = proptest::collection::vec(select(chars), 0..8).prop_map(String::from_iter);
    proptest::collection::vec(haystack, 1..12)
}

/// `\b` and `\B` in RE2's spelling read as ASCII boundaries by the regex
/// crate (whose own `\b` is Unicode); escaped backslashes left alone.
fn re2_in_rust_syntax(re2: &str) -> String {
    let mut out = String::new();
    let mut chars = re2.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, false) => out.push(c),
            (_, true) => match chars.next() {
                Some(b @ ('b' | 'B')) => out.push_str(&format!("(?-u:\\{b})")),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
        }
    }
    out
}

/// RE2's and Snowflake's refusal of `\B` where a match can be empty.
fn is_empty_b_refusal(error: &PatternError) -> bool {
    matches!(error, PatternError::Unsupported { construct, .. } if construct.starts_with(r"\B"))
}

fn matches_on(pattern: &str, haystacks: &[String]) -> Vec<bool> {
    let regex = regex::Regex::new(pattern).unwrap();
    haystacks.iter().map(|h| regex.is_match(h)).collect()
}

proptest! {
    #[test]
    fn rust_flavour_agrees_with_the_spelt_out_semantics(
        spelt in pattern(),
        case_insensitive in any::<bool>(),
        haystacks in haystacks(),
    ) {
        let ours = translate(&spelt.user, case_insensitive, Flavor::Rust).unwrap();
        let oracle = regex::RegexBuilder::new(&spelt.oracle)
            .case_insensitive(case_insensitive)
            .build()
            .unwrap();
        let expected: Vec<bool> = haystacks.iter().map(|h| oracle.is_match(h)).collect();
        prop_assert_eq!(matches_on(&ours, &haystacks), expected, "{} as {}", spelt.user, ours);
    }

    #[test]
    fn rust_flavour_means_the_same_when_translated_again(
        spelt in pattern(),
        case_insensitive in any::<bool>(),
        haystacks in haystacks(),
    ) {
        let once = translate(&spelt.user, case_insensitive, Flavor::Rust).unwrap();
        let twice = translate(&once, false, Flavor::Rust).unwrap();
        prop_assert_eq!(matches_on(&twice, &haystacks), matches_on(&once, &haystacks), "{} then {}", once, twice);
    }

    #[test]
    fn re2_flavour_reads_the_same_in_the_regex_crate(
        spelt in pattern(),
        case_insensitive in any::<bool>(),
        haystacks in haystacks(),
    ) {
        let ours = translate(&spelt.user, case_insensitive, Flavor::Rust).unwrap();
        let re2 = match translate(&spelt.user, case_insensitive, Flavor::Re2) {
            Err(refusal) if is_empty_b_refusal(&refusal) => return Ok(()),
            written => written.unwrap(),
        };
        prop_assert_eq!(
            matches_on(&re2_in_rust_syntax(&re2), &haystacks),
            matches_on(&ours, &haystacks),
            "{} as {}", spelt.user, re2
        );
    }

    #[test]
    fn every_flavour_writes_every_generated_pattern(
        spelt in pattern(),
        case_insensitive in any::<bool>(),
    ) {
        for flavor in [Flavor::Re2, Flavor::Java, Flavor::Postgres, Flavor::Snowflake] {
            let written = translate(&spelt.user, case_insensitive, flavor);
            let may_refuse = matches!(flavor, Flavor::Re2 | Flavor::Snowflake);
            prop_assert!(
                written.is_ok() || may_refuse && written.as_ref().is_err_and(is_empty_b_refusal),
                "{} for {:?}: {:?}", spelt.user, flavor, written
            );
        }
    }

    #[test]
    fn translate_never_panics_and_refuses_what_the_regex_crate_refuses(
        text in prop_oneof![any::<String>(), r"[\\()\[\]{}|*+?^$.a-z0-9:,<>=!-]{0,14}"],
        case_insensitive in any::<bool>(),
    ) {
        let syntax_error = matches!(regex::Regex::new(&text), Err(regex::Error::Syntax(_)));
        for flavor in [Flavor::Rust, Flavor::Re2, Flavor::Java, Flavor::Postgres, Flavor::Snowflake] {
            let result = translate(&text, case_insensitive, flavor);
            prop_assert_eq!(
                matches!(result, Err(PatternError::Invalid { .. })),
                syntax_error,
                "{:?} for {:?}: {:?}", text, flavor, result
            );
        }
    }
}

//! Hand-written expectations: the chosen semantics on data, the exact text
//! written for each flavour, and what each flavour refuses.

use super::{Flavor, PatternError, translate};

const FLAVORS: [Flavor; 5] = [
    Flavor::Rust,
    Flavor::Re2,
    Flavor::Java,
    Flavor::Postgres,
    Flavor::Snowflake,
];

/// Whether our engine's reading of `pattern` finds a match in `haystack`.
fn finds(pattern: &str, case_insensitive: bool, haystack: &str) -> bool {
    let written = translate(pattern, case_insensitive, Flavor::Rust).unwrap();
    regex::Regex::new(&written).unwrap().is_match(haystack)
}

fn refused(pattern: &str, flavor: Flavor) -> bool {
    matches!(
        translate(pattern, false, flavor),
        Err(PatternError::Unsupported { .. })
    )
}

#[test]
fn word_boundaries_are_ascii() {
    // "é" is no ASCII word character, so "intern" ends a word in "interné",
    // as DuckDB's RE2 has it.
    assert!(finds(r"\bintern\b", false, "Stagiaire interné"));
    assert!(!finds(r"\bintern\b", false, "Internal audit"));
    assert!(finds(r"\bintern\b", true, "INTERN"));
    // Between "n" and "é" is a boundary; between " " and "é" is none.
    assert!(finds(r"\bé", false, "interné"));
    assert!(!finds(r"\Bé", false, "interné"));
    assert!(!finds(r"\bé", false, "à é"));
    assert!(finds(r"\Bé", false, "à é"));
}

#[test]
fn perl_classes_are_ascii() {
    assert!(!finds(r"\d", false, "٣"));
    assert!(finds(r"\d", false, "3"));
    assert!(!finds(r"\s", false, "a\u{a0}b"));
    assert!(finds(r"\s", false, "a\tb"));
    assert!(finds(r"\s", false, "a\u{b}b"));
    assert!(!finds(r"\w", false, "é"));
    assert!(finds(r"[^\w]", false, "é"));
    assert!(finds(r"\W", false, "é"));
    assert!(!finds(r"[^\w]", false, "abc_9"));
    assert!(finds(r"^[\w.-]+@x\.com$", false, "jean.dupont-2@x.com"));
    assert!(!finds(r"^[\w.-]+@x\.com$", false, "josé@x.com"));
    // Unicode classes keep their meaning.
    assert!(finds(r"\p{Nd}", false, "٣"));
}

#[test]
fn case_folding_is_the_regex_crates_simple_folding() {
    assert!(finds("straße", true, "STRAẞE"));
    assert!(finds("straße", true, "Straße"));
    assert!(!finds("straße", true, "STRASSE"));
    assert!(finds("É", true, "café crème: é"));
    assert!(!finds("É", false, "é"));
    assert!(finds("(?i)é", false, "É"));
    assert!(finds("k", true, "\u{212A}"));
    // Folding applies to ASCII classes too, as in the regex crate.
    assert!(finds(r"^\w$", true, "\u{17F}"));
    assert!(!finds(r"^\w$", false, "\u{17F}"));
}

#[test]
fn dot_is_anything_but_a_line_feed() {
    assert!(!finds("a.b", false, "a\nb"));
    assert!(finds("a.b", false, "a\rb"));
    assert!(finds("a.b", false, "a\u{2028}b"));
    assert!(finds("(?s)a.b", false, "a\nb"));
}

#[test]
fn anchors_are_the_ends_of_the_whole_text() {
    assert!(!finds("abc$", false, "abc\n"));
    assert!(finds("abc$", false, "xabc"));
    assert!(!finds("^abc", false, "x\nabc"));
    assert!(finds("(?m)^abc", false, "x\nabc"));
}

#[test]
fn golden_output_per_flavour() {
    let java_boundary = "(?:(?<=[0-9A-Z_a-z])(?![0-9A-Z_a-z])|(?<![0-9A-Z_a-z])(?=[0-9A-Z_a-z]))";
    let cases: [(&str, bool, [&str; 5]); 8] = [
        (
            r"\bcto\b",
            false,
            [
                r"(?-u:\b)cto(?-u:\b)",
                r"\bcto\b",
                &format!("{java_boundary}cto{java_boundary}"),
                &format!("{java_boundary}cto{java_boundary}"),
                r"\bcto\b",
            ],
        ),
        (
            "^(vp|head) of",
            false,
            [
                r"\A(?:vp|head) of",
                r"\A(?:vp|head) of",
                r"\A(?:vp|head) of",
                r"\A(?:vp|head) of",
                "^(vp|head) of",
            ],
        ),
        (
            r"[\w.-]+@x\.com$",
            false,
            [
                r"[\-.0-9A-Z_a-z]+@x\.com\z",
                r"[\-.0-9A-Z_a-z]+@x\.com\z",
                r"[\-.0-9A-Z_a-z]+@x\.com\z",
                r"[\-.0-9A-Z_a-z]+@x\.com\Z",
                r"[.0-9A-Z_a-z-]+@x\.com$",
            ],
        ),
        ("é", true, ["[Éé]", "[Éé]", "[Éé]", "[Éé]", "[Éé]"]),
        (
            "a.+?b",
            false,
            [
                "a[^\\n]+b",
                "a[^\\n]+b",
                "a[^\\n]+b",
                "a[^\\n]+b",
                "a[^\n]+b",
            ],
        ),
        (
            r"\d{2,3}(?:k|m)*",
            false,
            [
                "[0-9]{2,3}[km]*",
                "[0-9]{2,3}[km]*",
                "[0-9]{2,3}[km]*",
                "[0-9]{2,3}[km]*",
                "[0-9]{2,3}[km]*",
            ],
        ),
        (
            r"(ab)+\s",
            false,
            [
                r"(?:ab)+[\t-\r ]",
                r"(?:ab)+[\t-\r ]",
                r"(?:ab)+[\t-\r ]",
                r"(?:ab)+[\t-\r ]",
                "(ab)+[\t-\r ]",
            ],
        ),
        (
            r"[\\\]\[^-][^-]",
            false,
            [
                r"[\-\[-\^][^\-]",
                r"[\-\[-\^][^\-]",
                r"[\-\[-\^][^\-]",
                r"[\-\[-\^][^\-]",
                "(\\\\|[]^[-])[^-]",
            ],
        ),
    ];
    for (pattern, case_insensitive, expected) in cases {
        for (flavor, want) in FLAVORS.into_iter().zip(expected) {
            assert_eq!(
                translate(pattern, case_insensitive, flavor).as_deref(),
                Ok(want),
                "/{pattern}/ for {flavor:?}"
            );
        }
    }
}

#[test]
fn invisible_characters_are_escaped() {
    assert_eq!(
        translate("a\u{a0}b", false, Flavor::Rust).as_deref(),
        Ok(r"a\x{A0}b")
    );
    assert_eq!(
        translate("a\u{a0}b", false, Flavor::Java).as_deref(),
        Ok(r"a\x{A0}b")
    );
    assert_eq!(
        translate("a\u{a0}b", false, Flavor::Postgres).as_deref(),
        Ok(r"a\u00A0b")
    );
    assert_eq!(
        translate("a\u{a0}b", false, Flavor::Snowflake).as_deref(),
        Ok("a\u{a0}b")
    );
    assert_eq!(
        translate(r"\x{E0001}", false, Flavor::Postgres).as_deref(),
        Ok(r"\U000E0001")
    );
}

#[test]
fn snowflake_brackets_place_their_specials() {
    let cases = [
        (r"[\\a]", "(\\\\|a)"),
        (r"[\\ab]", "(\\\\|[ab])"),
        (r"[-^]", "[-^]"),
        (r"[\[^]", "[[^]"),
        (r"[\]a]", "[]a]"),
        (r"[\s\S]", "(\n|[^\n])"),
    ];
    for (pattern, want) in cases {
        assert_eq!(
            translate(pattern, false, Flavor::Snowflake).as_deref(),
            Ok(want),
            "/{pattern}/"
        );
    }
    // A backslash cannot be excluded in POSIX brackets: everything else is listed.
    let but_backslash = translate(r"[^\\]", false, Flavor::Snowflake).unwrap();
    assert!(but_backslash.starts_with("[]") && !but_backslash.contains('\\'));
}

#[test]
fn counts_beyond_an_engines_limit_are_refused() {
    for flavor in [Flavor::Postgres, Flavor::Snowflake] {
        assert!(refused("a{300}", flavor), "{flavor:?}");
        assert!(refused("a{2,256}", flavor), "{flavor:?}");
        assert!(!refused("a{255}", flavor), "{flavor:?}");
    }
    assert!(!refused("a{300}", Flavor::Re2));
    assert!(refused("a{1001}", Flavor::Re2));
    assert!(refused("(?:a{40}){30}", Flavor::Re2));
    assert!(!refused("(?:a{10}){30}", Flavor::Re2));
    for flavor in [Flavor::Rust, Flavor::Java] {
        assert!(!refused("(?:a{300}){30}", flavor), "{flavor:?}");
    }
}

#[test]
fn multi_line_anchors_and_word_edges() {
    for flavor in [Flavor::Re2, Flavor::Snowflake] {
        for pattern in ["(?m)^a", "(?m)a$", r"\b{start}a", r"a\>", r"\b{end-half}"] {
            assert!(refused(pattern, flavor), "/{pattern}/ for {flavor:?}");
        }
    }
    for flavor in [Flavor::Java, Flavor::Postgres] {
        assert!(refused("(?Rm)^a", flavor), "{flavor:?}");
    }
    assert_eq!(
        translate("(?m)^a", false, Flavor::Rust).as_deref(),
        Ok("(?m:^)a")
    );
    assert_eq!(
        translate("(?m)^a$", false, Flavor::Java).as_deref(),
        Ok(r"(?<![^\n])a(?![^\n])")
    );
    assert_eq!(
        translate(r"\<a", false, Flavor::Postgres).as_deref(),
        Ok("(?<![0-9A-Z_a-z])(?=[0-9A-Z_a-z])a")
    );
    assert!(finds(r"\<é", false, "xé") == finds(r"\b{start}é", false, "xé"));
}

#[test]
fn empty_matches_never_split_a_character() {
    // RE2 tries an empty match between the two bytes of "٣", where \B holds.
    assert!(refused(r"\B", Flavor::Re2));
    assert!(refused(r"x?\B", Flavor::Snowflake));
    assert!(!refused(r"a\B", Flavor::Re2));
    assert!(!finds(r"\B", false, "a٣b"));
    assert!(!finds(r"\B", false, "a😀b"));
    // Java tries one between the halves of a surrogate pair: guarded.
    assert_eq!(
        translate(r"\B", false, Flavor::Java).as_deref(),
        Ok(concat!(
            "(?:(?<=[0-9A-Z_a-z])(?=[0-9A-Z_a-z])",
            r"|(?<![0-9A-Z_a-z\x{D800}-\x{DBFF}])(?![0-9A-Z_a-z]))"
        ))
    );
    assert_eq!(
        translate(r"\b{end-half}", false, Flavor::Java).as_deref(),
        Ok(r"(?<![\x{D800}-\x{DBFF}])(?![0-9A-Z_a-z])")
    );
}

#[test]
fn repeated_assertions_are_written_once() {
    assert_eq!(
        translate(r"a\b+", false, Flavor::Postgres).as_deref(),
        Ok("a(?:(?<=[0-9A-Z_a-z])(?![0-9A-Z_a-z])|(?<![0-9A-Z_a-z])(?=[0-9A-Z_a-z]))")
    );
    assert_eq!(
        translate(r"a(?:^)*", false, Flavor::Re2).as_deref(),
        Ok("a(?:)")
    );
}

#[test]
fn empty_classes_and_patterns() {
    assert_eq!(translate("", false, Flavor::Rust).as_deref(), Ok("(?:)"));
    assert_eq!(translate("", false, Flavor::Snowflake).as_deref(), Ok("()"));
    assert_eq!(
        translate(r"[a&&b]", false, Flavor::Re2).as_deref(),
        Ok(r"[^\x{0}-\x{10FFFF}]")
    );
    assert!(refused(r"[a&&b]", Flavor::Postgres));
    assert!(refused(r"[a&&b]", Flavor::Snowflake));
    assert!(!finds(r"[a&&b]", false, "ab"));
}

#[test]
fn invalid_patterns_keep_the_regex_crates_message() {
    let unclosed = String::from("(unclosed");
    let regex_message = regex::Regex::new(&unclosed).unwrap_err().to_string();
    let last = regex_message.lines().last().unwrap().trim().to_owned();
    for flavor in FLAVORS {
        assert_eq!(
            translate(&unclosed, true, flavor),
            Err(PatternError::Invalid {
                pattern: unclosed.clone(),
                reason: last.clone(),
            })
        );
    }
    assert!(matches!(
        translate(r"(?-u:\W)", false, Flavor::Rust),
        Err(PatternError::Invalid { .. })
    ));
}

#[test]
fn messages_name_the_pattern_the_construct_and_the_engine() {
    let error = translate("a{300}", false, Flavor::Postgres).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the regular expression /a{300}/ uses a repetition count of 300 (at most 255), \
         which PostgreSQL cannot run the same way"
    );
    let error = translate("(?m)^a", false, Flavor::Re2).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the regular expression /(?m)^a/ uses a multi-line anchor ((?m)^ or (?m)$), \
         which DuckDB and BigQuery (RE2) cannot run the same way"
    );
    let error = translate("(", false, Flavor::Java).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the regular expression /(/ is invalid: error: unclosed group"
    );
}

//! Errors as people read them: one line, the whole chain of causes.

use std::error::Error;

/// The error and each of its sources, joined by ": ", each said once.
///
/// The core's errors keep their causes as `#[source]`; where a message
/// names its cause itself (to keep the file path last), the cause is not
/// repeated.
pub fn chain(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// A message as one terminal line: line feeds become spaces, control
/// characters are escaped, and any run of text without a space longer than
/// twice [`crate::format::ECHO_CHARS`] is shortened around an ellipsis — a
/// net under every message, for input a message repeats without
/// [`crate::format::echo`].
pub fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(flat.len().min(4096));
    for (i, word) in flat.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.chars().count() > 2 * crate::format::ECHO_CHARS {
            out.push_str(&crate::format::echo(word));
        } else {
            out.push_str(&crate::format::escape_controls(word));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_message_is_one_safe_line() {
        let long = "z".repeat(100_000);
        let text = format!("no column \"No\0pe\u{1b}[2J{long}\"\nat line 3\r: x.csv");
        let line = super::one_line(&text);
        assert!(!line.chars().any(char::is_control), "{line}");
        assert!(
            line.starts_with("no column \"No\\u{0}pe\\u{1b}[2Jzzz"),
            "{line}"
        );
        assert!(
            line.ends_with("(100,010 characters) at line 3\\r: x.csv"),
            "{line}"
        );
        assert!(line.len() < 300, "{line}");
    }

    #[derive(Debug, thiserror::Error)]
    #[error("cannot read the rules")]
    struct Outer(#[source] std::io::Error);

    #[derive(Debug, thiserror::Error)]
    #[error("cannot read the rules: {source}: {path}")]
    struct Located {
        path: String,
        #[source]
        source: std::io::Error,
    }

    #[test]
    fn the_chain_reads_as_one_line_each_cause_once() {
        let error = Outer(std::io::Error::other("disk on fire"));
        assert_eq!(super::chain(&error), "cannot read the rules: disk on fire");
        let error = Located {
            path: "a.ron".to_owned(),
            source: std::io::Error::other("disk on fire"),
        };
        assert_eq!(
            super::chain(&error),
            "cannot read the rules: disk on fire: a.ron"
        );
    }
}

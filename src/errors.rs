//! Errors as people read them: one line, the whole chain of causes.

use std::error::Error;

/// The error and each of its sources, joined by ": " (the core's errors
/// keep their causes as sources instead of formatting them in).
pub fn chain(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // A transparent wrapper repeats its source's text; say it once.
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    #[derive(Debug, thiserror::Error)]
    #[error("cannot read the rules")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn the_chain_reads_as_one_line() {
        let error = Outer(std::io::Error::other("disk on fire"));
        assert_eq!(super::chain(&error), "cannot read the rules: disk on fire");
    }
}

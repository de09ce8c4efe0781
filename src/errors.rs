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

#[cfg(test)]
mod tests {
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

//! A tracked activity and its kinds.

/// The tracked activity types, in the order ties are sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum EventKind {
    PageView,
    FormSubmission,
    EmailOpen,
    EmailClick,
    WebinarAttended,
}

impl EventKind {
    /// Every kind, in declaration order (the index of a kind is its number).
    pub(super) const ALL: [Self; 5] = [
        Self::PageView,
        Self::FormSubmission,
        Self::EmailOpen,
        Self::EmailClick,
        Self::WebinarAttended,
    ];

    /// The `event_type` text of the kind.
    pub(super) fn label(self) -> &'static str {
        match self {
            Self::PageView => "page_view",
            Self::FormSubmission => "form_submission",
            Self::EmailOpen => "email_open",
            Self::EmailClick => "email_click",
            Self::WebinarAttended => "webinar_attended",
        }
    }
}

#[derive(Debug, Clone, Copy)]
/// One tracked activity; `detail` indexes the context's detail texts.
pub(super) struct Event {
    pub(super) at_ms: i64,
    pub(super) kind: EventKind,
    pub(super) detail: u32,
}

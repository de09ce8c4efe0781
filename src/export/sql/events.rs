//! The events part of the query: cleaned events, and per event condition
//! the matching count, the youngest age and, for capped rules, the summed
//! decayed weights.

use super::{SqlOptions, Writer};
use crate::engine::DAY_MS;
use crate::model::{Decay, EventCondition};

impl Writer<'_> {
    pub(super) fn events_cte(&self, options: &SqlOptions) -> String {
        let d = self.d;
        let detail = match &options.event_detail_column {
            Some(c) => self.trimmed_text(&self.ident(c)),
            None => format!("CAST(NULL AS {})", d.text_type()),
        };
        let time = self.ident(&options.event_time_column);
        let kind = self.placeholders_null("etype");
        let clean_detail = self.placeholders_null("detail");
        format!(
            "ev AS (\n    SELECT\n        cid,\n        LOWER({kind}) AS etype,\n        {clean_detail} AS detail,\n        LOWER({clean_detail}) AS detail_lc,\n        ts_ms\n    FROM (\n        SELECT\n            {cid} AS cid,\n            {etype} AS etype,\n            {detail} AS detail,\n            {ms} AS ts_ms\n        FROM {table}\n        WHERE {time} IS NOT NULL\n    ) trimmed\n)",
            cid = self.trimmed_text(&self.ident(&options.event_contact_column)),
            etype = self.trimmed_text(&self.ident(&options.event_type_column)),
            ms = d.epoch_ms(&time),
            table = self.table(&options.events_table),
        )
    }

    fn event_filter(&self, e: &EventCondition) -> String {
        let mut parts = vec![format!("ts_ms < {}", self.end_ms)];
        if let Some(days) = e.within_days {
            parts.push(format!(
                "ts_ms >= {}",
                self.end_ms - (i64::from(days) + 1) * DAY_MS
            ));
        }
        if !e.event_types.is_empty() {
            let types: Vec<String> = e
                .event_types
                .iter()
                .map(|t| self.text(&crate::data::parse::normalize_text(t)))
                .collect();
            parts.push(format!("etype IN ({})", types.join(", ")));
        }
        if let Some(op) = &e.detail {
            parts.push(format!(
                "COALESCE({}, FALSE)",
                self.text_op("detail", "detail_lc", op, false)
            ));
        }
        parts.join(" AND ")
    }

    fn age(&self) -> String {
        format!(
            "CAST(FLOOR(({} - ts_ms) / {}) AS {})",
            self.end_ms - 1,
            self.float(DAY_MS as f64),
            self.d.bigint()
        )
    }

    pub(super) fn decay(&self, age: &str) -> String {
        match &self.rules.decay {
            Decay::None => self.float(1.0),
            Decay::HalfLife { days } => format!(
                "POWER({}, CAST({age} AS {}) / {})",
                self.float(0.5),
                self.d.double(),
                self.float(*days)
            ),
            Decay::Steps(steps) => {
                let whens: Vec<String> = steps
                    .iter()
                    .map(|s| {
                        format!(
                            "WHEN {age} <= {} THEN {}",
                            s.up_to_days,
                            self.float(s.factor)
                        )
                    })
                    .collect();
                format!("CASE {} ELSE {} END", whens.join(" "), self.float(0.0))
            }
        }
    }

    pub(super) fn event_ctes(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (k, (_, e)) in self.events.iter().enumerate() {
            out.push(format!(
                "e{k} AS (\n    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age\n    FROM (SELECT cid, {} AS age FROM ev WHERE {}) matching\n    GROUP BY cid\n)",
                self.age(),
                self.event_filter(e)
            ));
        }
        for (k, max) in &self.per_event {
            let Some((_, e)) = self.events.get(*k) else {
                continue;
            };
            out.push(format!(
                "e{k}w{max} AS (\n    SELECT cid, SUM(w) AS w\n    FROM (\n        SELECT cid, w, ROW_NUMBER() OVER (PARTITION BY cid ORDER BY w DESC) AS rn\n        FROM (SELECT cid, {} AS w FROM (SELECT cid, {} AS age FROM ev WHERE {}) matching) weighted\n    ) ranked\n    WHERE rn <= {max}\n    GROUP BY cid\n)",
                self.decay("age"),
                self.age(),
                self.event_filter(e)
            ));
        }
        out
    }
}

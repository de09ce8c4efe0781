-- Lead Score Studio: rule set "Marketing proposal", scored as of 2025-06-30 (bigquery).
-- Semantics: see README "The rule-set format". Generated; edit the rule set, not this query.
WITH
contacts_clean AS (
    SELECT
        id,
        CASE WHEN LOWER(t0) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t0 END AS c0,
        LOWER(CASE WHEN LOWER(t0) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t0 END) AS l0,
        CASE WHEN LOWER(t1) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t1 END AS c1,
        LOWER(CASE WHEN LOWER(t1) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t1 END) AS l1,
        CASE WHEN LOWER(t2) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t2 END AS c2,
        LOWER(CASE WHEN LOWER(t2) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t2 END) AS l2,
        c3,
        CASE WHEN LOWER(t4) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t4 END AS c4,
        LOWER(CASE WHEN LOWER(t4) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t4 END) AS l4,
        CASE WHEN LOWER(t5) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t5 END AS c5,
        LOWER(CASE WHEN LOWER(t5) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t5 END) AS l5,
        CASE WHEN LOWER(t6) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t6 END AS c6,
        LOWER(CASE WHEN LOWER(t6) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t6 END) AS l6,
        c7,
        c8,
        CASE WHEN LOWER(t9) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t9 END AS c9,
        LOWER(CASE WHEN LOWER(t9) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t9 END) AS l9
    FROM (
        SELECT
            CASE WHEN UNICODE(CAST(`Record ID` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Record ID` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Record ID` AS STRING) ELSE TRIM(CAST(`Record ID` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS id,
            CASE WHEN UNICODE(CAST(`Seniority` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Seniority` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Seniority` AS STRING) ELSE TRIM(CAST(`Seniority` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t0,
            CASE WHEN UNICODE(CAST(`Department` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Department` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Department` AS STRING) ELSE TRIM(CAST(`Department` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t1,
            CASE WHEN UNICODE(CAST(`Job Title` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Job Title` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Job Title` AS STRING) ELSE TRIM(CAST(`Job Title` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t2,
            CAST(`Number of Employees` AS FLOAT64) AS c3,
            CASE WHEN UNICODE(CAST(`Industry` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Industry` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Industry` AS STRING) ELSE TRIM(CAST(`Industry` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t4,
            CASE WHEN UNICODE(CAST(`Country/Region` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Country/Region` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Country/Region` AS STRING) ELSE TRIM(CAST(`Country/Region` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t5,
            CASE WHEN UNICODE(CAST(`Email` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Email` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Email` AS STRING) ELSE TRIM(CAST(`Email` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t6,
            CAST(`Marketing Emails Clicked` AS FLOAT64) AS c7,
            `Email Opt Out` AS c8,
            CASE WHEN UNICODE(CAST(`Lifecycle Stage` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Lifecycle Stage` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Lifecycle Stage` AS STRING) ELSE TRIM(CAST(`Lifecycle Stage` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t9
        FROM `crm`.`contacts`
    ) trimmed
),
ev AS (
    SELECT
        cid,
        LOWER(CASE WHEN LOWER(etype) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE etype END) AS etype,
        CASE WHEN LOWER(detail) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE detail END AS detail,
        LOWER(CASE WHEN LOWER(detail) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE detail END) AS detail_lc,
        ts_ms
    FROM (
        SELECT
            CASE WHEN UNICODE(CAST(`contact_id` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`contact_id` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`contact_id` AS STRING) ELSE TRIM(CAST(`contact_id` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS cid,
            CASE WHEN UNICODE(CAST(`event_type` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`event_type` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`event_type` AS STRING) ELSE TRIM(CAST(`event_type` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS etype,
            CASE WHEN UNICODE(CAST(`detail` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`detail` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`detail` AS STRING) ELSE TRIM(CAST(`detail` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS detail,
            UNIX_MILLIS(CAST(`timestamp` AS TIMESTAMP)) AS ts_ms
        FROM `crm`.`events`
        WHERE `timestamp` IS NOT NULL
    ) trimmed
),
e0 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND etype IN ('form_submission') AND COALESCE((detail_lc = 'demo request'), FALSE)) matching
    GROUP BY cid
),
e1 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND ts_ms >= 1743465600000 AND etype IN ('page_view') AND COALESCE((LEFT(detail_lc, 8) = '/pricing'), FALSE)) matching
    GROUP BY cid
),
e2 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND etype IN ('webinar_attended')) matching
    GROUP BY cid
),
e3 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND etype IN ('page_view') AND COALESCE((STRPOS(detail_lc, '/case-studies') > 0), FALSE)) matching
    GROUP BY cid
),
e4 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND etype IN ('form_submission') AND COALESCE(((STRPOS(detail_lc, 'checklist') > 0) OR (STRPOS(detail_lc, 'e-book') > 0)), FALSE)) matching
    GROUP BY cid
),
e1w4 AS (
    SELECT cid, SUM(w) AS w
    FROM (
        SELECT cid, w, ROW_NUMBER() OVER (PARTITION BY cid ORDER BY w DESC) AS rn
        FROM (SELECT cid, CASE WHEN age <= 30 THEN CAST(1.0 AS FLOAT64) WHEN age <= 90 THEN CAST(0.5 AS FLOAT64) WHEN age <= 180 THEN CAST(0.25 AS FLOAT64) ELSE CAST(0.0 AS FLOAT64) END AS w FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND ts_ms >= 1743465600000 AND etype IN ('page_view') AND COALESCE((LEFT(detail_lc, 8) = '/pricing'), FALSE)) matching) weighted
    ) ranked
    WHERE rn <= 4
    GROUP BY cid
),
rule_points AS (
    SELECT
        c.id AS id,
        CASE WHEN COALESCE((l0 = 'executive' OR l0 = 'vp'), FALSE) THEN 20 ELSE 0 END AS p0,
        CASE WHEN COALESCE((l0 = 'director'), FALSE) THEN 15 ELSE 0 END AS p1,
        CASE WHEN COALESCE((l1 = 'marketing' OR l1 = 'sales'), FALSE) THEN 10 ELSE 0 END AS p2,
        CASE WHEN COALESCE((RIGHT(l2, 10) = 'operations'), FALSE) THEN 5 ELSE 0 END AS p3,
        CASE WHEN COALESCE(REGEXP_CONTAINS(c2, '\\b(?:[Ssſ][Tt][Uu][Dd][Ee][Nn][Tt]|[Ii][Nn][Tt][Ee][Rr][Nn])\\b'), FALSE) THEN -25 ELSE 0 END AS p4,
        CASE WHEN COALESCE((c3 >= CAST(200.0 AS FLOAT64) AND c3 <= CAST(5000.0 AS FLOAT64)), FALSE) THEN 15 ELSE 0 END AS p5,
        CASE WHEN COALESCE((c3 < CAST(20.0 AS FLOAT64)), FALSE) THEN -10 ELSE 0 END AS p6,
        CASE WHEN COALESCE((l4 = 'software' OR l4 = 'financial services' OR l4 = 'professional services'), FALSE) THEN 10 ELSE 0 END AS p7,
        CASE WHEN COALESCE((l5 = 'united states' OR l5 = 'united kingdom' OR l5 = 'germany'), FALSE) THEN 5 ELSE 0 END AS p8,
        CASE WHEN (c4 IS NULL) THEN -5 ELSE 0 END AS p9,
        CASE WHEN COALESCE((REGEXP_EXTRACT(l6, '@([^@]+)$') IN ('gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'hotmail.com', 'hotmail.co.uk', 'outlook.com', 'live.com', 'msn.com', 'aol.com', 'icloud.com', 'me.com', 'mail.com', 'gmx.de', 'gmx.net', 'web.de', 't-online.de', 'protonmail.com', 'proton.me', 'yandex.ru', 'mail.ru', 'qq.com', '163.com', 'orange.fr', 'free.fr', 'libero.it')), FALSE) THEN -15 ELSE 0 END AS p10,
        CASE WHEN COALESCE((COALESCE(e0.n, 0) >= 1), FALSE) THEN CAST(FLOOR(CAST(35.0 AS FLOAT64) * CASE WHEN e0.min_age IS NULL THEN CAST(0.0 AS FLOAT64) ELSE CASE WHEN e0.min_age <= 30 THEN CAST(1.0 AS FLOAT64) WHEN e0.min_age <= 90 THEN CAST(0.5 AS FLOAT64) WHEN e0.min_age <= 180 THEN CAST(0.25 AS FLOAT64) ELSE CAST(0.0 AS FLOAT64) END END + CAST(0.5 AS FLOAT64)) AS INT64) ELSE 0 END AS p11,
        CASE WHEN COALESCE((COALESCE(e1.n, 0) >= 1), FALSE) THEN CAST(FLOOR(CAST(5.0 AS FLOAT64) * COALESCE(e1w4.w, CAST(0.0 AS FLOAT64)) + CAST(0.5 AS FLOAT64)) AS INT64) ELSE 0 END AS p12,
        CASE WHEN COALESCE((COALESCE(e2.n, 0) >= 1), FALSE) THEN CAST(FLOOR(CAST(10.0 AS FLOAT64) * CASE WHEN e2.min_age IS NULL THEN CAST(0.0 AS FLOAT64) ELSE CASE WHEN e2.min_age <= 30 THEN CAST(1.0 AS FLOAT64) WHEN e2.min_age <= 90 THEN CAST(0.5 AS FLOAT64) WHEN e2.min_age <= 180 THEN CAST(0.25 AS FLOAT64) ELSE CAST(0.0 AS FLOAT64) END END + CAST(0.5 AS FLOAT64)) AS INT64) ELSE 0 END AS p13,
        CASE WHEN COALESCE((COALESCE(e3.n, 0) >= 2), FALSE) THEN CAST(FLOOR(CAST(10.0 AS FLOAT64) * CASE WHEN e3.min_age IS NULL THEN CAST(0.0 AS FLOAT64) ELSE CASE WHEN e3.min_age <= 30 THEN CAST(1.0 AS FLOAT64) WHEN e3.min_age <= 90 THEN CAST(0.5 AS FLOAT64) WHEN e3.min_age <= 180 THEN CAST(0.25 AS FLOAT64) ELSE CAST(0.0 AS FLOAT64) END END + CAST(0.5 AS FLOAT64)) AS INT64) ELSE 0 END AS p14,
        CASE WHEN COALESCE((COALESCE(e4.n, 0) >= 1), FALSE) THEN CAST(FLOOR(CAST(5.0 AS FLOAT64) * CASE WHEN e4.min_age IS NULL THEN CAST(0.0 AS FLOAT64) ELSE CASE WHEN e4.min_age <= 30 THEN CAST(1.0 AS FLOAT64) WHEN e4.min_age <= 90 THEN CAST(0.5 AS FLOAT64) WHEN e4.min_age <= 180 THEN CAST(0.25 AS FLOAT64) ELSE CAST(0.0 AS FLOAT64) END END + CAST(0.5 AS FLOAT64)) AS INT64) ELSE 0 END AS p15,
        CASE WHEN COALESCE((c7 >= CAST(2.0 AS FLOAT64)), FALSE) THEN 5 ELSE 0 END AS p16,
        (COALESCE((c8 = TRUE), FALSE) OR COALESCE((REGEXP_EXTRACT(l6, '@([^@]+)$') = 'leadforge.io' OR RIGHT(REGEXP_EXTRACT(l6, '@([^@]+)$'), 13) = '.leadforge.io' OR REGEXP_EXTRACT(l6, '@([^@]+)$') = 'scorewise.com' OR RIGHT(REGEXP_EXTRACT(l6, '@([^@]+)$'), 14) = '.scorewise.com' OR REGEXP_EXTRACT(l6, '@([^@]+)$') = 'leadscorestudio.com' OR RIGHT(REGEXP_EXTRACT(l6, '@([^@]+)$'), 20) = '.leadscorestudio.com'), FALSE)) AS excluded,
        FALSE AS sql_criterion,
        FALSE AS mql_criterion
    FROM contacts_clean c
    LEFT JOIN e0 ON e0.cid = c.id
    LEFT JOIN e1 ON e1.cid = c.id
    LEFT JOIN e2 ON e2.cid = c.id
    LEFT JOIN e3 ON e3.cid = c.id
    LEFT JOIN e4 ON e4.cid = c.id
    LEFT JOIN e1w4 ON e1w4.cid = c.id
),
totals AS (
    SELECT id, CAST(LEAST(GREATEST(p0 + p1 + p2 + p3 + p4, -40), 40) + LEAST(GREATEST(p5 + p6 + p7 + p8 + p9 + p10, -35), 35) AS INT64) AS fit, CAST(LEAST(GREATEST(p11 + p12 + p13, -60), 60) + LEAST(GREATEST(p14 + p15 + p16, -25), 25) AS INT64) AS engagement, excluded, sql_criterion, mql_criterion
    FROM rule_points
)
SELECT
    id,
    fit,
    engagement,
    fit + engagement AS score,
    CASE
        WHEN excluded THEN 'Excluded'
        WHEN sql_criterion OR fit + engagement >= 55 THEN 'SQL'
        WHEN mql_criterion OR fit + engagement >= 30 THEN 'MQL'
        ELSE 'Nurture'
    END AS stage,
    CASE WHEN fit >= 45 THEN 'A' WHEN fit >= 30 THEN 'B' WHEN fit >= 15 THEN 'C' ELSE 'D' END
        || CASE WHEN engagement >= 40 THEN '1' WHEN engagement >= 15 THEN '2' ELSE '3' END AS grade
FROM totals
ORDER BY id

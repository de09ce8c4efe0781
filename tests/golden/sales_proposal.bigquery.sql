-- Lead Score Studio: rule set "Sales proposal", scored as of 2025-06-30 (bigquery).
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
        CASE WHEN LOWER(t3) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t3 END AS c3,
        LOWER(CASE WHEN LOWER(t3) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t3 END) AS l3,
        c4,
        c5,
        CASE WHEN LOWER(t6) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t6 END AS c6,
        LOWER(CASE WHEN LOWER(t6) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t6 END) AS l6,
        CASE WHEN LOWER(t7) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t7 END AS c7,
        LOWER(CASE WHEN LOWER(t7) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t7 END) AS l7,
        CASE WHEN LOWER(t8) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t8 END AS c8,
        LOWER(CASE WHEN LOWER(t8) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t8 END) AS l8,
        c9,
        c10,
        CASE WHEN LOWER(t11) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t11 END AS c11,
        LOWER(CASE WHEN LOWER(t11) IN ('', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '-', '--', 'select', '(none)', 'undefined', '?') THEN NULL ELSE t11 END) AS l11,
        c12,
        c13
    FROM (
        SELECT
            CASE WHEN UNICODE(CAST(`Record ID` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Record ID` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Record ID` AS STRING) ELSE TRIM(CAST(`Record ID` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS id,
            CASE WHEN UNICODE(CAST(`Seniority` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Seniority` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Seniority` AS STRING) ELSE TRIM(CAST(`Seniority` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t0,
            CASE WHEN UNICODE(CAST(`Department` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Department` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Department` AS STRING) ELSE TRIM(CAST(`Department` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t1,
            CASE WHEN UNICODE(CAST(`Job Title` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Job Title` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Job Title` AS STRING) ELSE TRIM(CAST(`Job Title` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t2,
            CASE WHEN UNICODE(CAST(`Email` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Email` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Email` AS STRING) ELSE TRIM(CAST(`Email` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t3,
            CAST(`Annual Revenue` AS FLOAT64) AS c4,
            CAST(`Number of Employees` AS FLOAT64) AS c5,
            CASE WHEN UNICODE(CAST(`Referrer URL` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Referrer URL` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Referrer URL` AS STRING) ELSE TRIM(CAST(`Referrer URL` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t6,
            CASE WHEN UNICODE(CAST(`Original Source` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Original Source` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Original Source` AS STRING) ELSE TRIM(CAST(`Original Source` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t7,
            CASE WHEN UNICODE(CAST(`Sales Feedback` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Sales Feedback` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Sales Feedback` AS STRING) ELSE TRIM(CAST(`Sales Feedback` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t8,
            UNIX_MILLIS(CAST(`Last Activity Date` AS TIMESTAMP)) AS c9,
            UNIX_MILLIS(CAST(`Create Date` AS TIMESTAMP)) AS c10,
            CASE WHEN UNICODE(CAST(`Lead Status` AS STRING)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST(`Lead Status` AS STRING), 1)) BETWEEN 33 AND 126 THEN CAST(`Lead Status` AS STRING) ELSE TRIM(CAST(`Lead Status` AS STRING), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t11,
            CAST(`Number of Sessions` AS FLOAT64) AS c12,
            `Email Opt Out` AS c13
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
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND ts_ms >= 1740873600000 AND etype IN ('form_submission') AND COALESCE((detail_lc = 'demo request' OR detail_lc = 'pricing request' OR detail_lc = 'contact sales'), FALSE)) matching
    GROUP BY cid
),
e1 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND ts_ms >= 1746057600000 AND etype IN ('email_click')) matching
    GROUP BY cid
),
e2 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND etype IN ('page_view') AND COALESCE(REGEXP_CONTAINS(detail, '\\A/[Cc][Aa][Rr][Ee][Ee][Rr][Ssſ]'), FALSE)) matching
    GROUP BY cid
),
e3 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND etype IN ('webinar_attended')) matching
    GROUP BY cid
),
e4 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND ts_ms >= 1743465600000 AND etype IN ('form_submission') AND COALESCE((detail_lc = 'demo request' OR detail_lc = 'pricing request'), FALSE)) matching
    GROUP BY cid
),
e1w5 AS (
    SELECT cid, SUM(w) AS w
    FROM (
        SELECT cid, w, ROW_NUMBER() OVER (PARTITION BY cid ORDER BY w DESC) AS rn
        FROM (SELECT cid, POWER(CAST(0.5 AS FLOAT64), CAST(age AS FLOAT64) / CAST(60.0 AS FLOAT64)) AS w FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS FLOAT64)) AS INT64) AS age FROM ev WHERE ts_ms < 1751328000000 AND ts_ms >= 1746057600000 AND etype IN ('email_click')) matching) weighted
    ) ranked
    WHERE rn <= 5
    GROUP BY cid
),
rule_points AS (
    SELECT
        c.id AS id,
        CASE WHEN (COALESCE((l0 = 'executive' OR l0 = 'vp' OR l0 = 'director'), FALSE) AND COALESCE((l1 = 'sales' OR l1 = 'marketing' OR l1 = 'operations'), FALSE)) THEN 30 ELSE 0 END AS p0,
        CASE WHEN (COALESCE((l0 = 'executive' OR l0 = 'vp' OR l0 = 'director'), FALSE) AND (NOT COALESCE((l1 = 'sales' OR l1 = 'marketing' OR l1 = 'operations'), FALSE))) THEN 10 ELSE 0 END AS p1,
        CASE WHEN COALESCE((LEFT(c2, 7) = 'Founder'), FALSE) THEN 10 ELSE 0 END AS p2,
        CASE WHEN COALESCE(REGEXP_CONTAINS(REGEXP_EXTRACT(l3, '@([^@]+)$'), '(?:\\A|\\.)edu\\z|(?:\\A|\\.)(?:edu|ac)\\.[a-z]{2}\\z'), FALSE) THEN -30 ELSE 0 END AS p3,
        CASE WHEN COALESCE((c4 >= CAST(50000000.0 AS FLOAT64)), FALSE) THEN 15 ELSE 0 END AS p4,
        CASE WHEN COALESCE((c4 >= CAST(5000000.0 AS FLOAT64) AND c4 <= CAST(49999999.0 AS FLOAT64)), FALSE) THEN 10 ELSE 0 END AS p5,
        CASE WHEN COALESCE((c4 <= CAST(1000000.0 AS FLOAT64)), FALSE) THEN -10 ELSE 0 END AS p6,
        CASE WHEN (COALESCE((STRPOS(l6, 'partner.') > 0), FALSE) OR COALESCE((l7 = 'referrals'), FALSE)) THEN 10 ELSE 0 END AS p7,
        CASE WHEN COALESCE((l8 = 'true sql'), FALSE) THEN 20 ELSE 0 END AS p8,
        CASE WHEN COALESCE((l8 = 'unqualified'), FALSE) THEN -20 ELSE 0 END AS p9,
        CASE WHEN COALESCE((c9 >= 1748649600000 AND c9 < 1751328000000), FALSE) THEN 10 ELSE 0 END AS p10,
        CASE WHEN COALESCE((c9 < 1719705600000), FALSE) THEN -10 ELSE 0 END AS p11,
        CASE WHEN COALESCE((c10 >= 1735689600000), FALSE) THEN 5 ELSE 0 END AS p12,
        CASE WHEN COALESCE((c10 < 1709251200000), FALSE) THEN -5 ELSE 0 END AS p13,
        CASE WHEN COALESCE((COALESCE(e0.n, 0) >= 1), FALSE) THEN CAST(FLOOR(CAST(15.0 AS FLOAT64) * CASE WHEN e0.min_age IS NULL THEN CAST(0.0 AS FLOAT64) ELSE POWER(CAST(0.5 AS FLOAT64), CAST(e0.min_age AS FLOAT64) / CAST(60.0 AS FLOAT64)) END + CAST(0.5 AS FLOAT64)) AS INT64) ELSE 0 END AS p14,
        CASE WHEN COALESCE((COALESCE(e1.n, 0) >= 1), FALSE) THEN CAST(FLOOR(CAST(3.0 AS FLOAT64) * COALESCE(e1w5.w, CAST(0.0 AS FLOAT64)) + CAST(0.5 AS FLOAT64)) AS INT64) ELSE 0 END AS p15,
        CASE WHEN (c11 IS NOT NULL) THEN 5 ELSE 0 END AS p16,
        CASE WHEN COALESCE((c12 = CAST(1.0 AS FLOAT64)), FALSE) THEN -5 ELSE 0 END AS p17,
        CASE WHEN COALESCE((COALESCE(e2.n, 0) >= 1), FALSE) THEN CAST(FLOOR(CAST(-15.0 AS FLOAT64) * CASE WHEN e2.min_age IS NULL THEN CAST(0.0 AS FLOAT64) ELSE POWER(CAST(0.5 AS FLOAT64), CAST(e2.min_age AS FLOAT64) / CAST(60.0 AS FLOAT64)) END + CAST(0.5 AS FLOAT64)) AS INT64) ELSE 0 END AS p18,
        (COALESCE((c13 = TRUE), FALSE) OR COALESCE((REGEXP_EXTRACT(l3, '@([^@]+)$') = 'leadforge.io' OR RIGHT(REGEXP_EXTRACT(l3, '@([^@]+)$'), 13) = '.leadforge.io' OR REGEXP_EXTRACT(l3, '@([^@]+)$') = 'scorewise.com' OR RIGHT(REGEXP_EXTRACT(l3, '@([^@]+)$'), 14) = '.scorewise.com'), FALSE)) AS excluded,
        (COALESCE((COALESCE(e4.n, 0) >= 1), FALSE)) AS sql_criterion,
        (COALESCE((COALESCE(e3.n, 0) >= 2), FALSE)) AS mql_criterion
    FROM contacts_clean c
    LEFT JOIN e0 ON e0.cid = c.id
    LEFT JOIN e1 ON e1.cid = c.id
    LEFT JOIN e2 ON e2.cid = c.id
    LEFT JOIN e3 ON e3.cid = c.id
    LEFT JOIN e4 ON e4.cid = c.id
    LEFT JOIN e1w5 ON e1w5.cid = c.id
),
totals AS (
    SELECT id, CAST(LEAST(GREATEST(p0 + p1 + p2 + p3, -50), 50) + LEAST(GREATEST(p4 + p5 + p6 + p7, -40), 40) AS INT64) AS fit, CAST(LEAST(GREATEST(p8 + p9 + p10 + p11 + p12 + p13 + p14 + p15 + p16 + p17 + p18, -50), 50) AS INT64) AS engagement, excluded, sql_criterion, mql_criterion
    FROM rule_points
)
SELECT
    id,
    fit,
    engagement,
    fit + engagement AS score,
    CASE
        WHEN excluded THEN 'Excluded'
        WHEN sql_criterion OR fit + engagement >= 70 THEN 'SQL'
        WHEN mql_criterion OR fit + engagement >= 40 THEN 'MQL'
        WHEN fit + engagement < 0 THEN 'Disqualified'
        ELSE 'Nurture'
    END AS stage,
    CAST(NULL AS STRING) AS grade
FROM totals
ORDER BY id

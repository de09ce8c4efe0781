-- Lead Score Studio: rule set "Sales proposal", scored as of 2025-06-30 (snowflake).
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
            CASE WHEN UNICODE(CAST("RECORD ID" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("RECORD ID" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("RECORD ID" AS VARCHAR) ELSE TRIM(CAST("RECORD ID" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS id,
            CASE WHEN UNICODE(CAST("SENIORITY" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("SENIORITY" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("SENIORITY" AS VARCHAR) ELSE TRIM(CAST("SENIORITY" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t0,
            CASE WHEN UNICODE(CAST("DEPARTMENT" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("DEPARTMENT" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("DEPARTMENT" AS VARCHAR) ELSE TRIM(CAST("DEPARTMENT" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t1,
            CASE WHEN UNICODE(CAST("JOB TITLE" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("JOB TITLE" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("JOB TITLE" AS VARCHAR) ELSE TRIM(CAST("JOB TITLE" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t2,
            CASE WHEN UNICODE(CAST("EMAIL" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("EMAIL" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("EMAIL" AS VARCHAR) ELSE TRIM(CAST("EMAIL" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t3,
            CAST("ANNUAL REVENUE" AS DOUBLE) AS c4,
            CAST("NUMBER OF EMPLOYEES" AS DOUBLE) AS c5,
            CASE WHEN UNICODE(CAST("REFERRER URL" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("REFERRER URL" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("REFERRER URL" AS VARCHAR) ELSE TRIM(CAST("REFERRER URL" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t6,
            CASE WHEN UNICODE(CAST("ORIGINAL SOURCE" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("ORIGINAL SOURCE" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("ORIGINAL SOURCE" AS VARCHAR) ELSE TRIM(CAST("ORIGINAL SOURCE" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t7,
            CASE WHEN UNICODE(CAST("SALES FEEDBACK" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("SALES FEEDBACK" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("SALES FEEDBACK" AS VARCHAR) ELSE TRIM(CAST("SALES FEEDBACK" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t8,
            DATE_PART(EPOCH_MILLISECOND, TO_TIMESTAMP_NTZ("LAST ACTIVITY DATE")) AS c9,
            DATE_PART(EPOCH_MILLISECOND, TO_TIMESTAMP_NTZ("CREATE DATE")) AS c10,
            CASE WHEN UNICODE(CAST("LEAD STATUS" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("LEAD STATUS" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("LEAD STATUS" AS VARCHAR) ELSE TRIM(CAST("LEAD STATUS" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS t11,
            CAST("NUMBER OF SESSIONS" AS DOUBLE) AS c12,
            "EMAIL OPT OUT" AS c13
        FROM "CRM"."CONTACTS"
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
            CASE WHEN UNICODE(CAST("CONTACT_ID" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("CONTACT_ID" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("CONTACT_ID" AS VARCHAR) ELSE TRIM(CAST("CONTACT_ID" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS cid,
            CASE WHEN UNICODE(CAST("EVENT_TYPE" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("EVENT_TYPE" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("EVENT_TYPE" AS VARCHAR) ELSE TRIM(CAST("EVENT_TYPE" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS etype,
            CASE WHEN UNICODE(CAST("DETAIL" AS VARCHAR)) BETWEEN 33 AND 126 AND UNICODE(RIGHT(CAST("DETAIL" AS VARCHAR), 1)) BETWEEN 33 AND 126 THEN CAST("DETAIL" AS VARCHAR) ELSE TRIM(CAST("DETAIL" AS VARCHAR), '\u0009\u000A\u000B\u000C\u000D \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000') END AS detail,
            DATE_PART(EPOCH_MILLISECOND, TO_TIMESTAMP_NTZ("TIMESTAMP")) AS ts_ms
        FROM "CRM"."EVENTS"
        WHERE "TIMESTAMP" IS NOT NULL
    ) trimmed
),
e0 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS DOUBLE)) AS BIGINT) AS age FROM ev WHERE ts_ms < 1751328000000 AND ts_ms >= 1740873600000 AND etype IN ('form_submission') AND COALESCE((detail_lc = 'demo request' OR detail_lc = 'pricing request' OR detail_lc = 'contact sales'), FALSE)) matching
    GROUP BY cid
),
e1 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS DOUBLE)) AS BIGINT) AS age FROM ev WHERE ts_ms < 1751328000000 AND ts_ms >= 1746057600000 AND etype IN ('email_click')) matching
    GROUP BY cid
),
e2 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS DOUBLE)) AS BIGINT) AS age FROM ev WHERE ts_ms < 1751328000000 AND etype IN ('page_view') AND COALESCE((REGEXP_INSTR(detail, '^/[Cc][Aa][Rr][Ee][Ee][Rr][Ssſ]') > 0), FALSE)) matching
    GROUP BY cid
),
e3 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS DOUBLE)) AS BIGINT) AS age FROM ev WHERE ts_ms < 1751328000000 AND etype IN ('webinar_attended')) matching
    GROUP BY cid
),
e4 AS (
    SELECT cid, COUNT(*) AS n, MIN(age) AS min_age
    FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS DOUBLE)) AS BIGINT) AS age FROM ev WHERE ts_ms < 1751328000000 AND ts_ms >= 1743465600000 AND etype IN ('form_submission') AND COALESCE((detail_lc = 'demo request' OR detail_lc = 'pricing request'), FALSE)) matching
    GROUP BY cid
),
e1w5 AS (
    SELECT cid, SUM(w) AS w
    FROM (
        SELECT cid, w, ROW_NUMBER() OVER (PARTITION BY cid ORDER BY w DESC) AS rn
        FROM (SELECT cid, POWER(CAST(0.5 AS DOUBLE), CAST(age AS DOUBLE) / CAST(60.0 AS DOUBLE)) AS w FROM (SELECT cid, CAST(FLOOR((1751327999999 - ts_ms) / CAST(86400000.0 AS DOUBLE)) AS BIGINT) AS age FROM ev WHERE ts_ms < 1751328000000 AND ts_ms >= 1746057600000 AND etype IN ('email_click')) matching) weighted
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
        CASE WHEN COALESCE((REGEXP_INSTR(REGEXP_SUBSTR(l3, '@([^@]+)$', 1, 1, 'e', 1), '(^|\\.)edu$|(^|\\.)(edu|ac)\\.[a-z]{2}$') > 0), FALSE) THEN -30 ELSE 0 END AS p3,
        CASE WHEN COALESCE((c4 >= CAST(50000000.0 AS DOUBLE)), FALSE) THEN 15 ELSE 0 END AS p4,
        CASE WHEN COALESCE((c4 >= CAST(5000000.0 AS DOUBLE) AND c4 <= CAST(49999999.0 AS DOUBLE)), FALSE) THEN 10 ELSE 0 END AS p5,
        CASE WHEN COALESCE((c4 <= CAST(1000000.0 AS DOUBLE)), FALSE) THEN -10 ELSE 0 END AS p6,
        CASE WHEN (COALESCE((POSITION('partner.', l6) > 0), FALSE) OR COALESCE((l7 = 'referrals'), FALSE)) THEN 10 ELSE 0 END AS p7,
        CASE WHEN COALESCE((l8 = 'true sql'), FALSE) THEN 20 ELSE 0 END AS p8,
        CASE WHEN COALESCE((l8 = 'unqualified'), FALSE) THEN -20 ELSE 0 END AS p9,
        CASE WHEN COALESCE((c9 >= 1748649600000 AND c9 < 1751328000000), FALSE) THEN 10 ELSE 0 END AS p10,
        CASE WHEN COALESCE((c9 < 1719705600000), FALSE) THEN -10 ELSE 0 END AS p11,
        CASE WHEN COALESCE((c10 >= 1735689600000), FALSE) THEN 5 ELSE 0 END AS p12,
        CASE WHEN COALESCE((c10 < 1709251200000), FALSE) THEN -5 ELSE 0 END AS p13,
        CASE WHEN COALESCE((COALESCE(e0.n, 0) >= 1), FALSE) THEN CAST(FLOOR(CAST(15.0 AS DOUBLE) * CASE WHEN e0.min_age IS NULL THEN CAST(0.0 AS DOUBLE) ELSE POWER(CAST(0.5 AS DOUBLE), CAST(e0.min_age AS DOUBLE) / CAST(60.0 AS DOUBLE)) END + CAST(0.5 AS DOUBLE)) AS BIGINT) ELSE 0 END AS p14,
        CASE WHEN COALESCE((COALESCE(e1.n, 0) >= 1), FALSE) THEN CAST(FLOOR(CAST(3.0 AS DOUBLE) * COALESCE(e1w5.w, CAST(0.0 AS DOUBLE)) + CAST(0.5 AS DOUBLE)) AS BIGINT) ELSE 0 END AS p15,
        CASE WHEN (c11 IS NOT NULL) THEN 5 ELSE 0 END AS p16,
        CASE WHEN COALESCE((c12 = CAST(1.0 AS DOUBLE)), FALSE) THEN -5 ELSE 0 END AS p17,
        CASE WHEN COALESCE((COALESCE(e2.n, 0) >= 1), FALSE) THEN CAST(FLOOR(CAST(-15.0 AS DOUBLE) * CASE WHEN e2.min_age IS NULL THEN CAST(0.0 AS DOUBLE) ELSE POWER(CAST(0.5 AS DOUBLE), CAST(e2.min_age AS DOUBLE) / CAST(60.0 AS DOUBLE)) END + CAST(0.5 AS DOUBLE)) AS BIGINT) ELSE 0 END AS p18,
        (COALESCE((c13 = TRUE), FALSE) OR COALESCE((REGEXP_SUBSTR(l3, '@([^@]+)$', 1, 1, 'e', 1) = 'leadforge.io' OR RIGHT(REGEXP_SUBSTR(l3, '@([^@]+)$', 1, 1, 'e', 1), 13) = '.leadforge.io' OR REGEXP_SUBSTR(l3, '@([^@]+)$', 1, 1, 'e', 1) = 'scorewise.com' OR RIGHT(REGEXP_SUBSTR(l3, '@([^@]+)$', 1, 1, 'e', 1), 14) = '.scorewise.com'), FALSE)) AS excluded,
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
    SELECT id, CAST(LEAST(GREATEST(p0 + p1 + p2 + p3, -50), 50) + LEAST(GREATEST(p4 + p5 + p6 + p7, -40), 40) AS BIGINT) AS fit, CAST(LEAST(GREATEST(p8 + p9 + p10 + p11 + p12 + p13 + p14 + p15 + p16 + p17 + p18, -50), 50) AS BIGINT) AS engagement, excluded, sql_criterion, mql_criterion
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
    CAST(NULL AS VARCHAR) AS grade
FROM totals
ORDER BY id

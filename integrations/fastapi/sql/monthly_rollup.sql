-- ReportGen's monthly usage rollup, computed where the usage logs live (DuckDB 1.1 or later, SQL dialect of DuckDB).
--
-- Input: usage-log JSON Lines files (README "Usage log"), e.g. those UsageLogMiddleware writes.
-- Output: the rollup CSV ReportGen reads as `usage rollup`, one row per month, service, endpoint and language:
--   period, service, endpoint, language, requests, files, audio_seconds, input_chars, input_tokens, output_tokens,
--   energy_wh, gpu_seconds, requests_with_energy
-- (`requests_with_energy` is extra: ReportGen ignores it today; see integrations/fastapi/README.md).
--
-- Two DuckDB variables are read:
--   usage_log  a path, a glob or a list of paths ('/var/log/aiapi/usage/usage-2025-*.jsonl')
--   time_zone  the workspace's `time_zone` (IANA name, e.g. 'Europe/Paris'): months are counted in it
--
--   duckdb -c "SET VARIABLE usage_log = 'logs/*.jsonl'; SET VARIABLE time_zone = 'Europe/Paris';
--              COPY ($(cat monthly_rollup.sql)) TO 'usage-rollup.csv' (HEADER)"
--
-- The rules are ReportGen's own (Sources/ReportGen/Ingest/UsageLogImporter*.swift, UsageLineFields.swift,
-- civilTime.swift), so that reading this rollup gives the figures reading the raw log would:
-- * A line is one JSON object; blank lines are skipped. A record is set aside (ReportGen reports it as an error)
--   when it is not an object, or its timestamp is not YYYY-MM-DD(T| )HH:MM:SS[.fff](Z|±HH:MM|±HHMM), or its
--   language is not two ASCII letters, or its service is missing or empty, or its status is neither a number nor
--   a text holding one, or one of duration_ms, audio_seconds, input_chars, input_tokens, output_tokens, energy_wh,
--   gpu_seconds is present, not null and not a number.
-- * The instant is taken to the whole second (fractions are dropped), including days past a month's end
--   (2025-02-30 is 2025-03-02, as ReportGen's calendar arithmetic reads it); its month is the month in time_zone.
-- * language is lower-cased; service and endpoint are kept as written (endpoint '' when absent).
-- * requests counts every record kept; files those whose status is 2xx (200 <= status < 300).
-- * Absent and null numbers count as 0; energy_wh is the sum of the records that carry it (empty when none does).
-- Not reproduced: a service, endpoint or language written as a JSON number (ReportGen's fast reader and its
-- fallback disagree on those; UsageLogMiddleware always writes text), and duplicate keys in one object.
WITH lines AS (
    SELECT json
    FROM read_ndjson_objects(getvariable('usage_log'), ignore_errors = true)
),
typed AS (
    SELECT
        json_type(json) = 'OBJECT' AS is_object,
        CASE WHEN json_type(json, '$.timestamp') = 'VARCHAR' THEN json ->> '$.timestamp' END AS timestamp_text,
        CASE WHEN json_type(json, '$.service') = 'VARCHAR' THEN json ->> '$.service' END AS service,
        CASE WHEN json_type(json, '$.endpoint') = 'VARCHAR' THEN json ->> '$.endpoint' ELSE '' END AS endpoint,
        CASE WHEN json_type(json, '$.language') = 'VARCHAR' THEN json ->> '$.language' END AS language,
        CASE
            WHEN json_type(json, '$.status') IN ('UBIGINT', 'BIGINT', 'DOUBLE') THEN CAST(json ->> '$.status' AS DOUBLE)
            WHEN json_type(json, '$.status') = 'VARCHAR' THEN TRY_CAST(json ->> '$.status' AS DOUBLE)
        END AS status,
        -- A numeric field is valid when absent, null or a number: any other kind sets the record aside.
        list_bool_and([
            coalesce(json_type(json, path), 'NULL') IN ('NULL', 'UBIGINT', 'BIGINT', 'DOUBLE')
            FOR path IN ['$.duration_ms', '$.audio_seconds', '$.input_chars', '$.input_tokens', '$.output_tokens',
                         '$.energy_wh', '$.gpu_seconds']
        ]) AS numbers_valid,
        TRY_CAST(json ->> '$.audio_seconds' AS DOUBLE) AS audio_seconds,
        TRY_CAST(json ->> '$.input_chars' AS DOUBLE) AS input_chars,
        TRY_CAST(json ->> '$.input_tokens' AS DOUBLE) AS input_tokens,
        TRY_CAST(json ->> '$.output_tokens' AS DOUBLE) AS output_tokens,
        TRY_CAST(json ->> '$.energy_wh' AS DOUBLE) AS energy_wh,
        TRY_CAST(json ->> '$.gpu_seconds' AS DOUBLE) AS gpu_seconds
    FROM lines
    WHERE json IS NOT NULL
),
parsed AS (
    SELECT
        *,
        regexp_extract(
            timestamp_text,
            '^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d*)?(Z|([+-])(\d{2}):?(\d{2}))$',
            ['year', 'month', 'day', 'hour', 'minute', 'second', 'fraction', 'zone', 'sign', 'offset_hours',
             'offset_minutes']
        ) AS t
    FROM typed
),
parts AS (
    SELECT
        service, endpoint, language, status, numbers_valid, is_object,
        audio_seconds, input_chars, input_tokens, output_tokens, energy_wh, gpu_seconds,
        TRY_CAST(t.year AS BIGINT) AS year,
        TRY_CAST(t.month AS BIGINT) AS month,
        TRY_CAST(t.day AS BIGINT) AS day,
        TRY_CAST(t.hour AS BIGINT) AS hour,
        TRY_CAST(t.minute AS BIGINT) AS minute,
        TRY_CAST(t.second AS BIGINT) AS second,
        CASE
            WHEN t.zone = 'Z' THEN 0
            WHEN t.sign = '+' THEN TRY_CAST(t.offset_hours AS BIGINT) * 3600 + TRY_CAST(t.offset_minutes AS BIGINT) * 60
            WHEN t.sign = '-' THEN -(TRY_CAST(t.offset_hours AS BIGINT) * 3600 + TRY_CAST(t.offset_minutes AS BIGINT) * 60)
        END AS offset_seconds
    FROM parsed
),
kept AS (
    SELECT *
    FROM parts
    WHERE is_object
      AND year IS NOT NULL AND offset_seconds IS NOT NULL
      AND month BETWEEN 1 AND 12 AND day BETWEEN 1 AND 31 AND hour < 24 AND minute < 60 AND second < 61
      AND regexp_full_match(coalesce(language, ''), '[A-Za-z]{2}')
      AND coalesce(service, '') <> ''
      AND status IS NOT NULL
      AND numbers_valid
),
instants AS (
    SELECT
        service,
        endpoint,
        lower(language) AS language,
        status,
        audio_seconds, input_chars, input_tokens, output_tokens, energy_wh, gpu_seconds,
        -- Seconds since 1970 (UTC), by the same arithmetic as ReportGen's parseISO8601Seconds.
        date_diff('day', DATE '1970-01-01', make_date(year, month, 1)) * 86400
            + (day - 1) * 86400 + hour * 3600 + minute * 60 + second - offset_seconds AS utc_seconds
    FROM kept
)
SELECT
    strftime(timezone(getvariable('time_zone'), to_timestamp(utc_seconds)), '%Y-%m') AS period,
    service,
    endpoint,
    language,
    count(*) AS requests,
    count(*) FILTER (WHERE status >= 200 AND status < 300) AS files,
    coalesce(sum(audio_seconds), 0) AS audio_seconds,
    coalesce(sum(input_chars), 0) AS input_chars,
    coalesce(sum(input_tokens), 0) AS input_tokens,
    coalesce(sum(output_tokens), 0) AS output_tokens,
    sum(energy_wh) AS energy_wh,
    coalesce(sum(gpu_seconds), 0) AS gpu_seconds,
    count(energy_wh) AS requests_with_energy
FROM instants
GROUP BY ALL
ORDER BY period, service, endpoint, language

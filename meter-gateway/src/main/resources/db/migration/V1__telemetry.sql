-- Meter registry: who may send telemetry, from where, signed with which key.
CREATE TABLE meter (
    meter_id            text PRIMARY KEY,
    site_id             text NOT NULL,
    feeder_id           text NOT NULL,
    public_key          text NOT NULL,
    pv_w                double precision NOT NULL DEFAULT 0 CHECK (pv_w >= 0),
    wind_w              double precision NOT NULL DEFAULT 0 CHECK (wind_w >= 0),
    battery_wh          double precision NOT NULL DEFAULT 0 CHECK (battery_wh >= 0),
    battery_charge_w    double precision NOT NULL DEFAULT 0 CHECK (battery_charge_w >= 0),
    battery_discharge_w double precision NOT NULL DEFAULT 0 CHECK (battery_discharge_w >= 0),
    flex_load_w         double precision NOT NULL DEFAULT 0 CHECK (flex_load_w >= 0),
    import_w            double precision NOT NULL DEFAULT 0 CHECK (import_w >= 0),
    export_w            double precision NOT NULL DEFAULT 0 CHECK (export_w >= 0),
    registered_at       timestamptz NOT NULL,
    revoked_at          timestamptz
);
CREATE INDEX meter_site ON meter (site_id);
CREATE INDEX meter_feeder ON meter (feeder_id);

-- One row per accepted signed message; (meter_id, seq) is the de-duplication key.
-- Together with its readings a row re-creates the signed canonical bytes, so the signature can be
-- checked again at any time (verifiable metering for settlement).
CREATE TABLE telemetry_message (
    meter_id    text NOT NULL,
    seq         bigint NOT NULL,
    site_id     text NOT NULL,
    backfill    boolean NOT NULL,
    first_ts    timestamptz NOT NULL,
    last_ts     timestamptz NOT NULL,
    samples     integer NOT NULL,
    firmware    text NOT NULL,
    signature   bytea NOT NULL,
    received_at timestamptz NOT NULL,
    stored_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (meter_id, seq)
);

-- One row per sample. Energy counters are cumulative Wh; power is W; units are in the names.
CREATE TABLE reading (
    meter_id                    text NOT NULL,
    ts                          timestamptz NOT NULL,
    seq                         bigint NOT NULL,
    backfill                    boolean NOT NULL,
    power_import_w              double precision NOT NULL,
    power_export_w              double precision NOT NULL,
    energy_import_wh            double precision NOT NULL,
    energy_export_wh            double precision NOT NULL,
    energy_pv_wh                double precision,
    energy_wind_wh              double precision,
    energy_battery_charge_wh    double precision,
    energy_battery_discharge_wh double precision,
    battery_soc_pct             double precision,
    voltage_v                   double precision,
    frequency_hz                double precision,
    PRIMARY KEY (meter_id, ts)
);

-- Interval roll-up: the lowest and highest counter values seen per interval. Updates commute
-- (LEAST/GREATEST/sum), so late and out-of-order readings land correctly.
CREATE TABLE interval_counters (
    meter_id                 text NOT NULL,
    interval_seconds         integer NOT NULL,
    interval_start           timestamptz NOT NULL,
    samples                  integer NOT NULL,
    first_ts                 timestamptz NOT NULL,
    last_ts                  timestamptz NOT NULL,
    min_import_wh            double precision NOT NULL,
    max_import_wh            double precision NOT NULL,
    min_export_wh            double precision NOT NULL,
    max_export_wh            double precision NOT NULL,
    min_pv_wh                double precision,
    max_pv_wh                double precision,
    min_wind_wh              double precision,
    max_wind_wh              double precision,
    min_battery_charge_wh    double precision,
    max_battery_charge_wh    double precision,
    min_battery_discharge_wh double precision,
    max_battery_discharge_wh double precision,
    PRIMARY KEY (meter_id, interval_seconds, interval_start)
);

-- Interval energy: the counter increase over the interval. When the previous interval has
-- readings, the increase is measured from its last counter value (nothing falls between
-- intervals); otherwise from this interval's first reading.
CREATE VIEW interval_energy AS
SELECT meter_id,
       interval_seconds,
       interval_start,
       interval_start + make_interval(secs => interval_seconds) AS interval_end,
       samples,
       first_ts,
       last_ts,
       max_import_wh - COALESCE(CASE WHEN prev_start = interval_start - make_interval(secs => interval_seconds) THEN prev_import END, min_import_wh) AS import_wh,
       max_export_wh - COALESCE(CASE WHEN prev_start = interval_start - make_interval(secs => interval_seconds) THEN prev_export END, min_export_wh) AS export_wh,
       max_pv_wh - COALESCE(CASE WHEN prev_start = interval_start - make_interval(secs => interval_seconds) THEN prev_pv END, min_pv_wh) AS pv_wh,
       max_wind_wh - COALESCE(CASE WHEN prev_start = interval_start - make_interval(secs => interval_seconds) THEN prev_wind END, min_wind_wh) AS wind_wh,
       max_battery_charge_wh - COALESCE(CASE WHEN prev_start = interval_start - make_interval(secs => interval_seconds) THEN prev_charge END, min_battery_charge_wh) AS battery_charge_wh,
       max_battery_discharge_wh - COALESCE(CASE WHEN prev_start = interval_start - make_interval(secs => interval_seconds) THEN prev_discharge END, min_battery_discharge_wh) AS battery_discharge_wh
FROM (SELECT c.*,
             lag(interval_start) OVER w           AS prev_start,
             lag(max_import_wh) OVER w            AS prev_import,
             lag(max_export_wh) OVER w            AS prev_export,
             lag(max_pv_wh) OVER w                AS prev_pv,
             lag(max_wind_wh) OVER w              AS prev_wind,
             lag(max_battery_charge_wh) OVER w    AS prev_charge,
             lag(max_battery_discharge_wh) OVER w AS prev_discharge
      FROM interval_counters c
      WINDOW w AS (PARTITION BY meter_id, interval_seconds ORDER BY interval_start)) x;

-- Dead letters: every refused message with its reason code and a sentence.
CREATE TABLE rejection (
    id             uuid PRIMARY KEY,
    received_at    timestamptz NOT NULL,
    topic          text NOT NULL,
    meter_id       text,
    seq            bigint,
    reason         text NOT NULL,
    message        text NOT NULL,
    payload_prefix bytea NOT NULL
);
CREATE INDEX rejection_received ON rejection (received_at);
CREATE INDEX rejection_meter ON rejection (meter_id, received_at);

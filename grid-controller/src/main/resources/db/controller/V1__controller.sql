-- The grid model: one validated JSON document (GridJson), replaced whole, so a write is either
-- applied entirely or not at all. Every accepted change is kept in grid_audit.
CREATE TABLE grid_model (
    id         integer PRIMARY KEY CHECK (id = 1),
    document   jsonb NOT NULL,
    revision   integer NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE TABLE grid_audit (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL,
    action   text NOT NULL,
    subject  text NOT NULL,
    revision integer NOT NULL,
    document jsonb NOT NULL
);

-- The tariff: kind 'time_of_use' (JSON bands) or 'csv' (interval prices).
CREATE TABLE tariff (
    id         integer PRIMARY KEY CHECK (id = 1),
    kind       text NOT NULL CHECK (kind IN ('time_of_use', 'csv')),
    document   text NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One decision per interval (a re-dispatch replaces it and counts the revision).
CREATE TABLE decision (
    interval_start   timestamptz PRIMARY KEY,
    interval_seconds integer NOT NULL,
    revision         integer NOT NULL,
    mode             text NOT NULL,
    reason           text NOT NULL,
    decided_at       timestamptz NOT NULL,
    cost             double precision NOT NULL,
    limit_excess_kw  double precision NOT NULL,
    solve_ms         bigint NOT NULL,
    bindings         jsonb NOT NULL,
    sites            jsonb NOT NULL
);

-- Setpoints sent on cmd and what the meter answered on ack.
CREATE TABLE command (
    id                  text PRIMARY KEY,
    site_id             text NOT NULL,
    meter_id            text NOT NULL,
    interval_start      timestamptz NOT NULL,
    issued_at           timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    battery_charge_w    double precision,
    battery_discharge_w double precision,
    pv_curtail_pct      double precision,
    flex_defer_w        double precision,
    reason              text NOT NULL,
    status              text NOT NULL CHECK (status IN ('sent', 'applied', 'rejected', 'expired')),
    detail              text,
    answered_at         timestamptz
);
CREATE INDEX command_site ON command (site_id, interval_start);

CREATE TABLE alarm (
    id             bigserial PRIMARY KEY,
    kind           text NOT NULL,
    subject        text NOT NULL,
    raised_at      timestamptz NOT NULL,
    interval_start timestamptz,
    detail         text NOT NULL,
    UNIQUE (kind, subject, interval_start)
);

-- The forecasting service's own tables, in its own schema 'forecasting' (Flyway's default schema
-- here, history table forecasting.forecasting_schema_history). It shares the database with the
-- meter-gateway, whose tables in 'public' (meter, interval_counters, interval_energy) it only reads.

-- Weather forecasts, the covariates of the models. A newer upload replaces the stored values of its
-- area over its time range. area is a feeder id, or 'all' for feeders without their own.
CREATE TABLE weather_forecast (
    area               text NOT NULL,
    valid_at           timestamptz NOT NULL,
    temperature_c      double precision CHECK (temperature_c BETWEEN -90 AND 60),
    irradiance_w_m2    double precision CHECK (irradiance_w_m2 BETWEEN 0 AND 1500),
    wind_speed_m_s     double precision CHECK (wind_speed_m_s BETWEEN 0 AND 100),
    wind_direction_deg double precision CHECK (wind_direction_deg BETWEEN 0 AND 360),
    received_at        timestamptz NOT NULL,
    PRIMARY KEY (area, valid_at)
);

-- One row per training: provenance, backtest scores (the model's and the naive baselines'), and
-- the forecast it made (JSON, Wh per step, with a dense quantile grid).
CREATE TABLE forecast_model (
    id               bigserial PRIMARY KEY,
    target           text NOT NULL,
    step_seconds     integer NOT NULL,
    trained_at       timestamptz NOT NULL,
    trainer          text NOT NULL,
    seed             bigint NOT NULL,
    provenance       text NOT NULL,
    features         text NOT NULL,
    covariates       text NOT NULL,
    data_from        timestamptz NOT NULL,
    data_to          timestamptz NOT NULL,
    history_steps    integer NOT NULL,
    trained_on       integer NOT NULL,
    backtest_mae     text NOT NULL,
    model_mae        double precision NOT NULL,
    week_mae         double precision,
    day_mae          double precision,
    train_seconds    double precision NOT NULL,
    forecast         text NOT NULL
);
CREATE INDEX forecast_model_latest ON forecast_model (target, step_seconds, trained_at DESC);

-- Per-site settings of the default bidding agents (issue #5); sites without a row use the defaults.
CREATE TABLE market_agent (
    site_id               text PRIMARY KEY,
    enabled               boolean NOT NULL,
    share                 double precision NOT NULL CHECK (share > 0 AND share <= 1),
    min_sell_price_micros bigint,
    max_buy_price_micros  bigint,
    local_only            boolean NOT NULL,
    renewable_only        boolean NOT NULL,
    updated_at            timestamptz NOT NULL
);

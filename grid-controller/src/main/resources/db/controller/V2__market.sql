-- The P2P market (issue #5): orders, clearings, trades and the delivery check's statements.
CREATE TABLE market_order (
    id                 text PRIMARY KEY,
    interval_start     timestamptz NOT NULL,
    site_id            text NOT NULL,
    meter_id           text NOT NULL,
    side               text NOT NULL CHECK (side IN ('bid', 'offer')),
    energy_wh          bigint NOT NULL CHECK (energy_wh > 0),
    limit_price_micros bigint NOT NULL,
    local_only         boolean NOT NULL,
    renewable_only     boolean NOT NULL,
    submitted_at       timestamptz NOT NULL,
    source             text NOT NULL,
    status             text NOT NULL CHECK (status IN ('open', 'cancelled', 'closed'))
);
CREATE INDEX market_order_interval ON market_order (interval_start, status);

CREATE TABLE clearing (
    interval_start  timestamptz PRIMARY KEY,
    mechanism       text NOT NULL,
    price_micros    bigint,
    marginal_bid    text,
    marginal_offer  text,
    orders          integer NOT NULL,
    trades          integer NOT NULL,
    traded_wh       bigint NOT NULL,
    network_cut_wh  bigint NOT NULL,
    explanation     text NOT NULL,
    cleared_at      timestamptz NOT NULL,
    checked_at      timestamptz
);

CREATE TABLE trade (
    id                  text PRIMARY KEY,
    interval_start      timestamptz NOT NULL,
    bid_id              text NOT NULL,
    offer_id            text NOT NULL,
    buyer_site          text NOT NULL,
    seller_site         text NOT NULL,
    wh                  bigint NOT NULL,
    seller_price_micros bigint NOT NULL,
    fee_micros          bigint NOT NULL,
    buyer_pays_micros   bigint NOT NULL,
    seller_gets_micros  bigint NOT NULL
);
CREATE INDEX trade_interval ON trade (interval_start);

CREATE TABLE statement (
    interval_start     timestamptz NOT NULL,
    site_id            text NOT NULL,
    metered            boolean NOT NULL,
    bought_wh          bigint NOT NULL,
    sold_wh            bigint NOT NULL,
    taken_wh           bigint NOT NULL,
    delivered_wh       bigint NOT NULL,
    paid_micros        bigint NOT NULL,
    received_micros    bigint NOT NULL,
    fees_micros        bigint NOT NULL,
    shortfall_wh       bigint NOT NULL,
    shortfall_micros   bigint NOT NULL,
    surplus_wh         bigint NOT NULL,
    surplus_micros     bigint NOT NULL,
    penalty_micros     bigint NOT NULL,
    net_micros         bigint NOT NULL,
    PRIMARY KEY (interval_start, site_id)
);

-- Each trade's metered share (issue #5): what the seller delivered and the buyer took, in Wh;
-- NULL until the delivery check has the side's readings.
ALTER TABLE trade ADD COLUMN delivered_wh bigint;
ALTER TABLE trade ADD COLUMN taken_wh bigint;

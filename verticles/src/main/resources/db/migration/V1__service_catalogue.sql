-- The center's service catalogue (办事事项): what can be done, through which channels, with which materials.
-- Reference data: changed by later migrations (or an admin operation), not by traffic.
CREATE TABLE service_item (
  code           text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}[0-9]{2}$'),
  name           text NOT NULL,
  category       text NOT NULL CHECK (category IN ('COLLECTION', 'WITHDRAWAL', 'LOAN', 'HOUSING_FUND')),
  cross_province boolean NOT NULL DEFAULT false,
  fully_online   boolean NOT NULL,
  channels       text[] NOT NULL CHECK (cardinality(channels) > 0),
  materials      jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(materials) = 'array'),
  description    text NOT NULL,
  sort_order     integer NOT NULL UNIQUE
);

CREATE INDEX service_item_channels ON service_item USING gin (channels);
CREATE INDEX service_item_category ON service_item (category, sort_order);

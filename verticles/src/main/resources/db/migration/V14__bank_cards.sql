-- A member's bank card for payouts (银行卡绑定): the number SM4-GCM encrypted with an HMAC-SM3 blind index,
-- never stored in clear; one bound card per person, earlier ones kept as unbound history.
CREATE TABLE bank_card (
  card_id     bigserial PRIMARY KEY,
  person_id   text NOT NULL REFERENCES person (person_id),
  bank_code   text NOT NULL CHECK (bank_code ~ '^[0-9]{3}$'),
  card_enc    text NOT NULL,
  card_idx    text NOT NULL,
  bound_at    timestamptz NOT NULL DEFAULT now(),
  unbound_at  timestamptz
);
CREATE UNIQUE INDEX bank_card_one_bound ON bank_card (person_id) WHERE unbound_at IS NULL;
CREATE INDEX bank_card_number ON bank_card (card_idx);

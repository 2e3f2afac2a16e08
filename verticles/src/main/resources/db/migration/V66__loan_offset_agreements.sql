-- Offset repayment agreements (冲还贷协议): the installments of a loan are taken from a provident fund account (the
-- borrower's, or at the counter the co-borrowing spouse's) as one posting, member balance → loan, no bank involved;
-- FUND_FIRST takes the fund and the card for the rest, CARD_FIRST the card and the fund when the card is refused.
-- One agreement in force per loan; a change ends it and signs the next; ended ones stay.
CREATE TABLE loan_offset_agreement (
  agreement_id     uuid PRIMARY KEY,
  contract_id      text NOT NULL REFERENCES loan_contract (contract_id),
  payer_person_id  text NOT NULL REFERENCES person (person_id),
  order_kind       text NOT NULL CHECK (order_kind IN ('FUND_FIRST', 'CARD_FIRST')),
  signed_by        text NOT NULL,
  signed_channel   text NOT NULL,
  signed_at        timestamptz NOT NULL,
  ended_by         text,
  ended_at         timestamptz,
  CHECK ((ended_by IS NULL) = (ended_at IS NULL))
);
CREATE UNIQUE INDEX loan_offset_agreement_one_in_force ON loan_offset_agreement (contract_id) WHERE ended_at IS NULL;

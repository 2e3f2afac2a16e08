-- Full payoff (提前结清): everything owed to the day, the principal not yet due and the interest accrued on it since
-- the last due date, paid from the repayment card (a single collection, business reference loanpayoff:<id>) or the
-- borrower's fund (one posting); one in flight per loan, and no deduction while it is. The loan is then SETTLED.
CREATE TABLE loan_payoff (
  payoff_id       uuid PRIMARY KEY,
  contract_id     text NOT NULL REFERENCES loan_contract (contract_id),
  source          text NOT NULL CHECK (source IN ('CARD', 'FUND')),
  value_date      date NOT NULL,
  amount          numeric(18, 2) NOT NULL CHECK (amount > 0),
  quote           jsonb NOT NULL,
  state           text NOT NULL CHECK (state IN ('PENDING', 'SETTLED', 'FAILED')),
  instruction_id  uuid UNIQUE,
  reason          text,
  requested_by    text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE UNIQUE INDEX loan_payoff_one_in_flight ON loan_payoff (contract_id) WHERE state = 'PENDING';

-- The payoff certificate (结清证明) of a settled loan, signed once (SM2, verifiable like the other certificates) on
-- first request and kept: it also carries the notice for releasing the mortgage (抵押权注销).
CREATE TABLE loan_settlement_certificate (
  contract_id  text PRIMARY KEY REFERENCES loan_contract (contract_id),
  document     jsonb NOT NULL,
  issued_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER loan_settlement_certificate_append_only BEFORE UPDATE OR DELETE ON loan_settlement_certificate
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- The payoff item (DK02) and the payoff certificate item (DK04) now run online.
UPDATE service_item SET operations = ARRAY['getLoanPayoffQuote', 'payOffLoan'] WHERE code = 'DK02';
UPDATE service_item SET operations = ARRAY['getLoanSettlementCertificate'] WHERE code = 'DK04';

-- Housing loan applications (个人住房贷款申请): the borrower, the home, the loan asked for, the repayment card,
-- the co-borrowers, what each data source said (linked to the evidence record of the answer) and the states the
-- application went through. The review itself is the review room's (business type LOAN_APPLICATION).
CREATE SEQUENCE loan_application_number START 100000001;
CREATE TABLE loan_application (
  application_id      text PRIMARY KEY CHECK (application_id ~ '^L[0-9]{9}$'),
  person_id           text NOT NULL REFERENCES person (person_id),
  account_no          text NOT NULL REFERENCES member_account (account_no),
  -- The home: the purchase contract's filing number (网签备案合同号), price, floor area, new or second-hand, and
  -- which home of the family it is (1 first, 2 second), as verified against the real estate registry.
  contract_no         text NOT NULL CHECK (contract_no ~ '^[A-Z0-9-]{4,40}$'),
  house_price         numeric(18, 2) NOT NULL CHECK (house_price > 0),
  house_area          numeric(10, 2) NOT NULL CHECK (house_area > 0),
  house_kind          text NOT NULL CHECK (house_kind IN ('NEW', 'SECOND_HAND')),
  home_ordinal        smallint NOT NULL CHECK (home_ordinal IN (1, 2)),
  amount              numeric(18, 2) NOT NULL CHECK (amount > 0),
  term_months         integer NOT NULL CHECK (term_months BETWEEN 12 AND 360),
  -- Repayment method, JGJ/T 320 A.11: 01 equal installment 等额本息, 02 equal principal 等额本金.
  repayment_method    text NOT NULL CHECK (repayment_method IN ('01', '02')),
  -- The card the installments are deducted from: SM4-GCM encrypted (row key = application id), blind index.
  repayment_bank_code text NOT NULL CHECK (repayment_bank_code ~ '^[0-9]{3}$'),
  repayment_card_enc  text NOT NULL,
  repayment_card_idx  text NOT NULL,
  -- The ceiling found when the application was accepted and the limit that bound it.
  ceiling             numeric(18, 2) NOT NULL CHECK (ceiling > 0),
  binding_limit       text NOT NULL,
  channel             text NOT NULL,
  app_id              text NOT NULL,
  state               text NOT NULL CHECK (state IN ('SUBMITTED', 'VERIFYING', 'IN_REVIEW', 'RETURNED', 'APPROVED',
                                                     'REFUSED', 'CANCELLED')),
  state_reason        text,
  -- Verification rounds: 1 at application, one more for each resubmission after a return.
  round               smallint NOT NULL DEFAULT 1 CHECK (round >= 1),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (amount <= ceiling)
);
-- One open application per borrower: approved counts as open until its contract (a later part) closes it.
CREATE UNIQUE INDEX loan_application_one_open ON loan_application (person_id)
  WHERE state IN ('SUBMITTED', 'VERIFYING', 'IN_REVIEW', 'RETURNED', 'APPROVED');
CREATE INDEX loan_application_by_person ON loan_application (person_id, created_at DESC);
CREATE INDEX loan_application_by_state ON loan_application (state);

-- Co-borrowers (共同借款人): the borrower's spouse, who consented to the data sources being asked.
CREATE TABLE loan_co_borrower (
  application_id text NOT NULL REFERENCES loan_application (application_id),
  person_id      text NOT NULL REFERENCES person (person_id),
  relation       text NOT NULL CHECK (relation IN ('SPOUSE')),
  PRIMARY KEY (application_id, person_id)
);

-- What each data source said in each verification round, per party; the evidence record holds the signed answer.
CREATE TABLE loan_check (
  application_id text NOT NULL REFERENCES loan_application (application_id),
  round          smallint NOT NULL,
  party          text NOT NULL CHECK (party IN ('BORROWER', 'CO_BORROWER')),
  source         text NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('PASSED', 'FAILED', 'UNAVAILABLE')),
  detail         text NOT NULL,
  evidence_id    text,
  checked_at     timestamptz NOT NULL,
  PRIMARY KEY (application_id, round, party, source)
);
CREATE TRIGGER loan_check_append_only BEFORE UPDATE OR DELETE ON loan_check
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER loan_check_no_truncate BEFORE TRUNCATE ON loan_check
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- Every state the application entered, in order, with who moved it and why (append-only).
CREATE TABLE loan_state_history (
  application_id text NOT NULL REFERENCES loan_application (application_id),
  seq            integer NOT NULL,
  state          text NOT NULL,
  reason         text,
  actor          text NOT NULL,
  changes        jsonb,
  entered_at     timestamptz NOT NULL,
  PRIMARY KEY (application_id, seq)
);
CREATE TRIGGER loan_state_history_append_only BEFORE UPDATE OR DELETE ON loan_state_history
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER loan_state_history_no_truncate BEFORE TRUNCATE ON loan_state_history
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

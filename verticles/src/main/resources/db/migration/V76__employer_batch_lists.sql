-- Employers' batch lists (清册) of member additions (增员) and removals (减员): the employer's agent or counter staff
-- upload a CSV or Excel file; every row is checked and reported; the employer then applies the valid rows or none.
-- A list is decided once (VALIDATED → APPLYING → APPLIED, or DISCARDED); each row is applied at most once (its outcome
-- changes in the transaction that adds or removes the member). ID numbers and phones are encrypted like everywhere.
CREATE SEQUENCE member_list_number START 10000001;

CREATE TABLE member_list (
  list_id          text PRIMARY KEY CHECK (list_id ~ '^ML[0-9]{8}$'),
  employer_id      text NOT NULL REFERENCES employer (employer_id),
  kind             text NOT NULL CHECK (kind IN ('ADD', 'REMOVE')),
  format           text NOT NULL CHECK (format IN ('CSV', 'XLSX')),
  file_digest      text NOT NULL,
  state            text NOT NULL CHECK (state IN ('VALIDATING', 'VALIDATED', 'APPLYING', 'APPLIED', 'DISCARDED')),
  row_count        integer NOT NULL CHECK (row_count BETWEEN 1 AND 10000),
  rows_processed   integer NOT NULL DEFAULT 0 CHECK (rows_processed >= 0),
  valid_rows       integer NOT NULL DEFAULT 0 CHECK (valid_rows >= 0),
  invalid_rows     integer NOT NULL DEFAULT 0 CHECK (invalid_rows >= 0),
  applied_rows     integer NOT NULL DEFAULT 0 CHECK (applied_rows >= 0),
  refused_rows     integer NOT NULL DEFAULT 0 CHECK (refused_rows >= 0),
  uploaded_by      text NOT NULL,
  uploaded_by_kind text NOT NULL,
  uploaded_at      timestamptz NOT NULL DEFAULT now(),
  -- Who decided, as the audit records of the applied rows name them.
  decided_by       text,
  decided_by_kind  text,
  decided_channel  text,
  decided_request  text,
  decided_at       timestamptz,
  finished_at      timestamptz,
  -- Last sign of life of the worker validating or applying the list: a list left behind by a stopped instance is
  -- taken up again when it is read after a while.
  worked_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_list_employer ON member_list (employer_id, uploaded_at DESC);
-- The same file is not applied twice: while a list of it is open or applied, the same file is refused.
CREATE UNIQUE INDEX member_list_one_file ON member_list (employer_id, kind, file_digest) WHERE state <> 'DISCARDED';

CREATE TABLE member_list_row (
  row_id          text PRIMARY KEY,
  list_id         text NOT NULL REFERENCES member_list (list_id),
  row_no          integer NOT NULL CHECK (row_no >= 2),
  name            text NOT NULL,
  id_number_enc   text,
  id_number_mask  text NOT NULL,
  phone_enc       text,
  monthly_wage    numeric(18, 2),
  -- PENDING until checked; VALID or INVALID after the checks; APPLIED or REFUSED (a check that no longer held when
  -- applying, e.g. the person was added elsewhere meanwhile) after applying.
  outcome         text NOT NULL DEFAULT 'PENDING'
                  CHECK (outcome IN ('PENDING', 'VALID', 'INVALID', 'APPLIED', 'REFUSED')),
  problems        jsonb NOT NULL DEFAULT '[]',
  person_id       text,
  account_no      text,
  verification    text,
  verification_note text,
  UNIQUE (list_id, row_no)
);
CREATE INDEX member_list_row_outcome ON member_list_row (list_id, outcome, row_no);

-- SMS notices of loan servicing: a reminder some days before an installment is due, and a refused deduction. A notice
-- is written with the event that causes it (the refusal in the bank answer's transaction; the reminder once per loan
-- and due date) and sent after it commits, tried again up to five times.
CREATE TABLE loan_notice (
  notice_id    bigserial PRIMARY KEY,
  contract_id  text NOT NULL REFERENCES loan_contract (contract_id),
  person_id    text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('DUE_REMINDER', 'DEDUCTION_FAILED')),
  ref          text NOT NULL,
  due_on       date NOT NULL,
  status       text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
  attempts     integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  sent_at      timestamptz,
  UNIQUE (kind, ref)
);
CREATE INDEX loan_notice_pending ON loan_notice (notice_id) WHERE status = 'PENDING';

-- Batch files (issue 7): same-bank payouts of one partner bank sent together (BDC103) in the night window or on an
-- operator's request, polled (BDC107) and settled row by row from the bank's result file (BDC108).
--   SUBMITTING → PROCESSING → DONE | PARTLY_DONE | FAILED
--   SUBMITTING → NOT_SENT (the bank certainly did not get it: its rows PENDING again)
--              → UNKNOWN  (sent, no answer: its rows UNKNOWN, each resolved by BDC110 with its bank serial)
-- A batch row is an ordinary instruction, SENT under the batch's lease ('batch:<batch id>') while the bank works.
CREATE TABLE settlement_batch (
  batch_id      uuid PRIMARY KEY,
  bank_code     text NOT NULL CHECK (bank_code ~ '^[0-9]{3}$'),
  serial_no     text NOT NULL UNIQUE,      -- the file's SendSeqNo: the bank's idempotency key for the batch
  bank_batch_no text,                      -- the bank's BatchNo, once it accepted the file
  state         text NOT NULL CHECK (state IN ('SUBMITTING', 'PROCESSING', 'DONE', 'PARTLY_DONE', 'FAILED',
                                               'NOT_SENT', 'UNKNOWN')),
  row_count     integer NOT NULL DEFAULT 0,
  total_amount  numeric(18,2) NOT NULL DEFAULT 0,
  succeeded     integer,
  failed        integer,
  sent_on       date NOT NULL,
  polls         integer NOT NULL DEFAULT 0,
  next_poll_at  timestamptz,
  lease_owner   text,
  lease_until   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  submitted_at  timestamptz,
  finished_at   timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX settlement_batch_to_poll ON settlement_batch (bank_code, next_poll_at) WHERE state = 'PROCESSING';
CREATE INDEX settlement_batch_by_bank ON settlement_batch (bank_code, created_at);

-- The serial the bank knows a batch row by ("<batch serial>-<seq>"); null for singles, whose serial_no it is.
ALTER TABLE settlement_instruction
  ADD COLUMN batch_id    uuid REFERENCES settlement_batch (batch_id),
  ADD COLUMN batch_seq   integer,
  ADD COLUMN bank_serial text;
CREATE UNIQUE INDEX settlement_instruction_bank_serial ON settlement_instruction (bank_serial)
  WHERE bank_serial IS NOT NULL;
CREATE INDEX settlement_instruction_by_batch ON settlement_instruction (batch_id, batch_seq) WHERE batch_id IS NOT NULL;

-- An operator's request for a batch now, outside the window: taken by the first dispatcher serving the bank.
CREATE TABLE settlement_batch_request (
  request_id   uuid PRIMARY KEY,
  bank_code    text NOT NULL CHECK (bank_code ~ '^[0-9]{3}$'),
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  taken_by     text,
  taken_at     timestamptz,
  batch_id     uuid REFERENCES settlement_batch (batch_id),  -- null once taken: nothing was due
  outcome      text CHECK (outcome IN ('BATCHED', 'NOTHING_DUE'))
);
CREATE INDEX settlement_batch_request_open ON settlement_batch_request (bank_code, requested_at) WHERE taken_at IS NULL;

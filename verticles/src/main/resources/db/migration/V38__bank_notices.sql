-- Bank notifications (issue 7, inbound): every notice a partner bank pushes to the bank listener, append-only, with
-- what it matched. ACCOUNT_CHANGE (SBDC100) is money arriving on (or leaving) the center's special account at that
-- bank; TX_RESULT is the final result of one of our instructions. The bank's notice id is the idempotency key: the
-- same id again replays the stored answer; a second notice of the same booking (same host serial, another notice id)
-- is recorded as DUPLICATE and moves nothing.
CREATE TABLE bank_notice (
  notice_seq    bigserial PRIMARY KEY,
  bank_code     text NOT NULL CHECK (bank_code ~ '^[0-9]{3}$'),
  notice_id     text NOT NULL CHECK (length(notice_id) BETWEEN 1 AND 64),
  kind          text NOT NULL CHECK (kind IN ('ACCOUNT_CHANGE', 'TX_RESULT')),
  fingerprint   text NOT NULL,         -- SM3 of the notice as sent: the same id with other content is refused
  host_seq_no   text,                  -- the bank's booking (ACCOUNT_CHANGE) or the host serial of the result
  account_no    text,                  -- the center's special account the booking is on
  credit        boolean,               -- ACCOUNT_CHANGE: money in (true) or out
  payer_name    text,
  payer_bank    text,
  payer_masked  text,                  -- the payer's account, masked (the clear number only in payee_account)
  amount        numeric(18, 2) NOT NULL CHECK (amount > 0),
  value_date    date,
  summary       text,
  serial_no     text,                  -- TX_RESULT: our instruction's serial
  result        text CHECK (result IN ('SUCCEEDED', 'FAILED')),
  return_code   text,
  outcome       text NOT NULL CHECK (outcome IN ('REMITTANCE_PAID', 'SUPPLEMENT_PAID', 'SUSPENSE', 'DUPLICATE',
                                                 'NOT_INCOMING', 'SETTLED', 'AGREES', 'CONFLICT', 'UNMATCHED')),
  matched_ref   text,                  -- remittance:E…:yyyy-MM, supplement:E…:S…, suspense:Z…, instruction:<uuid>
  flagged       boolean NOT NULL DEFAULT false,  -- kept for an operator: a result that contradicts our books
  detail        text,
  answer        text NOT NULL,         -- the JSON answered, replayed to a duplicate
  received_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (bank_code, notice_id)
);
-- One booking is counted once, whichever notice id carries it (the last word under concurrency).
CREATE UNIQUE INDEX bank_notice_booking_once ON bank_notice (bank_code, host_seq_no)
  WHERE kind = 'ACCOUNT_CHANGE' AND outcome <> 'DUPLICATE';
CREATE INDEX bank_notice_flagged ON bank_notice (received_at) WHERE flagged;
CREATE INDEX bank_notice_by_serial ON bank_notice (serial_no) WHERE kind = 'TX_RESULT';

CREATE FUNCTION bank_notice_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'bank_notice is append-only';
END $$;
CREATE TRIGGER bank_notice_no_change BEFORE UPDATE OR DELETE ON bank_notice
  FOR EACH ROW EXECUTE FUNCTION bank_notice_append_only();
CREATE TRIGGER bank_notice_no_truncate BEFORE TRUNCATE ON bank_notice
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- A bank's result notice settles an instruction like an answer to a send or a query: logged as such.
ALTER TABLE settlement_attempt DROP CONSTRAINT settlement_attempt_kind_check;
ALTER TABLE settlement_attempt ADD CONSTRAINT settlement_attempt_kind_check
  CHECK (kind IN ('SEND', 'QUERY', 'RESOLVE', 'NOTICE'));

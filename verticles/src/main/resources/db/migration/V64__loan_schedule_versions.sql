-- A loan's schedule gets a new version when it is recomputed (1 January repricing, later prepayment): the rows of
-- every version stay (append-only); the contract names the version in force. Receipts keep pointing at installment
-- numbers, which every version shares (the periods already due are copied unchanged into a new version).
ALTER TABLE loan_repayment_part DROP CONSTRAINT loan_repayment_part_contract_id_period_fkey;
ALTER TABLE loan_repayment_part ADD FOREIGN KEY (contract_id) REFERENCES loan_contract (contract_id);
ALTER TABLE loan_installment ADD COLUMN version smallint NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE loan_installment DROP CONSTRAINT loan_installment_pkey;
ALTER TABLE loan_installment ADD PRIMARY KEY (contract_id, version, period);
ALTER TABLE loan_contract ADD COLUMN schedule_version smallint NOT NULL DEFAULT 1;

-- 1 January repricing (每年 1 月 1 日调整利率): one row per loan and year, whether the rate changed or not, so the job
-- runs again safely and shows its progress.
CREATE TABLE loan_repricing (
  contract_id   text NOT NULL REFERENCES loan_contract (contract_id),
  year          integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  old_rate      numeric(9, 6) NOT NULL,
  new_rate      numeric(9, 6) NOT NULL,
  from_period   integer,
  version       smallint NOT NULL,
  repriced_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contract_id, year)
);
CREATE TRIGGER loan_repricing_append_only BEFORE UPDATE OR DELETE ON loan_repricing
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER loan_repricing_no_truncate BEFORE TRUNCATE ON loan_repricing
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

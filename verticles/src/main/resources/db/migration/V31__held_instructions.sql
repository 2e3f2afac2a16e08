-- Four eyes on money leaving to an account typed in by one clerk (a contribution or suspense refund, a
-- transfer-out): such an instruction is written HELD with who asked for it, and only a reviewer other than that
-- person releases it to PENDING, the state the dispatcher sends. HELD and PENDING can both still be cancelled.
ALTER TABLE settlement_instruction DROP CONSTRAINT settlement_instruction_status_check;
ALTER TABLE settlement_instruction ADD CONSTRAINT settlement_instruction_status_check
  CHECK (status IN ('HELD', 'PENDING', 'CANCELLED'));
ALTER TABLE settlement_instruction
  ADD COLUMN requested_by text,
  ADD COLUMN released_by  text,
  ADD COLUMN released_at  timestamptz,
  ADD CONSTRAINT settlement_instruction_held_has_requester CHECK (status <> 'HELD' OR requested_by IS NOT NULL),
  ADD CONSTRAINT settlement_instruction_four_eyes CHECK (released_by IS NULL OR released_by <> requested_by);
CREATE INDEX settlement_instruction_held ON settlement_instruction (created_at) WHERE status = 'HELD';

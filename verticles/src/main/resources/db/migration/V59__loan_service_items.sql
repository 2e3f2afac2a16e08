-- The loan items of the service guide (owned by hpf.catalogue) name the operations that now carry them out online:
-- the application (DK01) also takes the calculator, the member's own ceiling and the contract signing; the loan
-- information query (DK08) reads the applications and the contracts with their schedules. Prepayment, the payoff
-- certificate, installment and term changes and the repayment account (DK02–DK07) wait for loan servicing.
UPDATE service_item
   SET operations = operations || ARRAY['calculateLoan', 'getMyLoanCeiling', 'signLoanContract']
 WHERE code = 'DK01';
UPDATE service_item
   SET operations = ARRAY['listMyLoanApplications', 'getLoanApplication', 'listMyLoanContracts', 'getLoanContract']
 WHERE code = 'DK08';

-- The loan application (DK01) also shows the loan products in force today (rates, ceilings, methods).
UPDATE service_item
   SET operations = operations || ARRAY['listLoanProducts']
 WHERE code = 'DK01';

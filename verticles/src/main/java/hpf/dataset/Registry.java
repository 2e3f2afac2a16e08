package hpf.dataset;

import java.util.Collection;
import java.util.Set;

/** What the center's database already holds and hands out: numbers from its sequences, identifiers in use. */
interface Registry {

  /** {@code count} new values of the sequence (never handed to anyone else). */
  long[] next(String sequence, int count);

  /** Those of the credit codes that an employer already has. */
  Set<String> creditCodesInUse(Collection<String> creditCodes);

  /** Those of the ID-number blind indexes that a person already has. */
  Set<String> idNumbersInUse(Collection<String> blindIndexes);
}

package hpf.loan.servicing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * How money received is applied to what is owed (还款冲销顺序): penalty, overdue interest, overdue principal, current
 * interest, current principal; within each, the oldest installment first. What is left over (more than is owed) is
 * not applied here: the caller decides (a deduction never asks for more than is owed).
 */
public final class Allocation {

  /** The part of an installment a sum is applied to. */
  public enum Kind { PENALTY, INTEREST, PRINCIPAL }

  /** An amount applied to one part of one installment; {@code overdue} as the installment stood that day. */
  public record Part(int period, Kind kind, boolean overdue, BigDecimal amount) {}

  private Allocation() {}

  public static List<Part> of(List<Owed> owed, BigDecimal amount) {
    List<Part> parts = new ArrayList<>();
    BigDecimal[] left = {amount};
    owed.forEach(o -> take(parts, left, o, Kind.PENALTY, o.penalty()));
    owed.stream().filter(Owed::overdue).forEach(o -> take(parts, left, o, Kind.INTEREST, o.interest()));
    owed.stream().filter(Owed::overdue).forEach(o -> take(parts, left, o, Kind.PRINCIPAL, o.principal()));
    owed.stream().filter(o -> !o.overdue()).forEach(o -> take(parts, left, o, Kind.INTEREST, o.interest()));
    owed.stream().filter(o -> !o.overdue()).forEach(o -> take(parts, left, o, Kind.PRINCIPAL, o.principal()));
    return parts;
  }

  public static BigDecimal sum(List<Part> parts, Kind kind) {
    return parts.stream().filter(p -> p.kind() == kind).map(Part::amount).reduce(BigDecimal.ZERO.setScale(2),
        BigDecimal::add);
  }

  private static void take(List<Part> parts, BigDecimal[] left, Owed o, Kind kind, BigDecimal due) {
    BigDecimal applied = left[0].min(due);
    if (applied.signum() > 0) {
      parts.add(new Part(o.period(), kind, o.overdue(), applied));
      left[0] = left[0].subtract(applied);
    }
  }
}

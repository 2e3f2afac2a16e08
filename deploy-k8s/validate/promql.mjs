// PromQL syntax check with Prometheus's own grammar (@prometheus-io/lezer-promql, the parser of the Prometheus
// UI): a typo in an alert or a panel (an unknown function, a missing bracket) fails the build, not the pager.
import { parser } from "@prometheus-io/lezer-promql";

// Grafana variables are not PromQL; they are replaced by a value of the same shape before parsing.
const GRAFANA_VARIABLES = [
  [/\$__rate_interval|\$__interval|\$__range/g, "5m"],
  [/\$\{?(\w+)\}?/g, "x"],
];

/** null when the expression parses, else a message with the position and the text around it. */
export function promqlError(expr, grafana = false) {
  if (typeof expr !== "string" || expr.trim() === "") {
    return "empty expression";
  }
  const text = grafana ? GRAFANA_VARIABLES.reduce((t, [pattern, value]) => t.replace(pattern, value), expr) : expr;
  let at = -1;
  parser.parse(text).iterate({
    enter(node) {
      if (at < 0 && node.type.isError) {
        at = node.from;
      }
    },
  });
  if (at < 0) {
    return null;
  }
  return `PromQL does not parse at character ${at}: …${text.slice(Math.max(0, at - 30), at)}⟨here⟩${text.slice(at, at + 20)}…`;
}

// Monitoring rules: the ServiceMonitor scrapes the management Service; every alert has severity, summary and
// runbook, parses, and is in the alerts table of docs/operations/runbook.md; the dashboard is labelled for the Grafana sidecar and every
// panel query parses.
import { readFileSync } from "node:fs";
import path from "node:path";
import { name, ofKind, platform, podLabels, selects } from "./objects.mjs";
import { promqlError } from "./promql.mjs";

// The alerts the platform promises its operators; removing one fails the build.
const REQUIRED_ALERTS = ["HpfInstanceNotReady", "HpfServerErrorRatioHigh", "HpfDependencyIsolatedTooLong",
  "HpfChannelQuotaNearExhaustion", "HpfSettlementOutboxBacklog", "HpfSettlementUnknownTooOld",
  "HpfSettlementManualReview", "HpfReconciliationMismatch", "HpfSettlementBatchOverrunningWindow"];
const SEVERITIES = ["critical", "warning", "info"];

export function serviceMonitor(objects) {
  const monitors = ofKind(objects, "ServiceMonitor");
  if (monitors.length === 0) return ["no ServiceMonitor"];
  const problems = [];
  const { deployment } = platform(objects);
  for (const monitor of monitors) {
    const scraped = ofKind(objects, "Service").filter((s) => selects(monitor.spec.selector, s.metadata.labels ?? {}));
    if (scraped.length !== 1 || !selects(scraped[0].spec.selector, podLabels(deployment))) {
      problems.push(`${name(monitor)}: must select exactly the management Service, selects ${scraped.map(name).join(", ") || "none"}`);
      continue;
    }
    for (const endpoint of monitor.spec.endpoints ?? []) {
      const port = (scraped[0].spec.ports ?? []).find((p) => p.name === endpoint.port);
      if (!port || port.targetPort !== "management" || endpoint.path !== "/metrics") {
        problems.push(`${name(monitor)}: endpoint must scrape /metrics on the management port`);
      }
    }
  }
  return problems;
}

export function alerts(objects, { repoRoot }) {
  const problems = [];
  const runbook = alertsTable(repoRoot);
  const seen = new Set();
  for (const rule of ofKind(objects, "PrometheusRule")) {
    for (const group of rule.spec.groups ?? []) {
      for (const r of group.rules ?? []) {
        const id = `${name(rule)} ${r.alert ?? r.record}`;
        const error = promqlError(r.expr);
        if (error) problems.push(`${id}: ${error}`);
        if (!r.alert) continue;
        if (seen.has(r.alert)) problems.push(`${id}: alert name used twice`);
        seen.add(r.alert);
        if (!SEVERITIES.includes(r.labels?.severity)) problems.push(`${id}: severity must be one of ${SEVERITIES.join(", ")}`);
        for (const annotation of ["summary", "runbook"]) {
          if (!r.annotations?.[annotation]?.trim()) problems.push(`${id}: annotation ${annotation} missing`);
        }
        if (!runbook.includes(`\`${r.alert}\``)) problems.push(`${id}: not in the alerts table of docs/operations/runbook.md`);
      }
    }
  }
  for (const required of REQUIRED_ALERTS.filter((a) => !seen.has(a))) problems.push(`alert ${required} is missing`);
  return problems;
}

function alertsTable(repoRoot) {
  // The alerts table lives in the operations runbook.
  return readFileSync(path.join(repoRoot, "docs/operations/runbook.md"), "utf8");
}

export function dashboards(objects) {
  const problems = [];
  const configMaps = ofKind(objects, "ConfigMap").filter((c) => c.metadata.labels?.grafana_dashboard === "1");
  if (configMaps.length === 0) problems.push("no ConfigMap labelled grafana_dashboard=1");
  for (const configMap of configMaps) {
    for (const [file, text] of Object.entries(configMap.data ?? {})) {
      let dashboard;
      try {
        dashboard = JSON.parse(text);
      } catch (e) {
        problems.push(`${name(configMap)} ${file}: not JSON (${e.message})`);
        continue;
      }
      if (!dashboard.uid || !dashboard.title) problems.push(`${name(configMap)} ${file}: uid and title are required`);
      const panels = (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
      for (const panel of panels) {
        for (const target of panel.targets ?? []) {
          const error = promqlError(target.expr, true);
          if (error) problems.push(`${name(configMap)} ${file} panel '${panel.title}' ${target.refId}: ${error}`);
        }
      }
    }
  }
  return problems;
}

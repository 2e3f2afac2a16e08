// NetworkPolicy rules: default deny, one ingress policy per zone, admin and management internal only, the
// cluster port between members only, the egress the platform needs (DNS, database, API server, and in prod the
// banks it is configured with).
import { envValue, name, ofKind, platform, podLabels, selects, workloads } from "./objects.mjs";

const ZONES = ["public", "bank", "interop", "admin", "management", "hazelcast", "eventbus"];
const INTERNAL_ONLY = ["admin", "management", "hazelcast", "eventbus"];
const MEMBERS_ONLY = ["hazelcast", "eventbus"];

const ports = (rule) => rule.ports ?? [];
const hasPort = (rule, port, number) => ports(rule).some((p) => p.port === port || p.port === number);

export function networkPolicies(objects, { overlay }) {
  const { deployment, container } = platform(objects);
  if (!deployment) {
    return [];
  }
  const labels = podLabels(deployment);
  const policies = ofKind(objects, "NetworkPolicy");
  const mine = policies.filter((p) => selects(p.spec?.podSelector, labels));
  const problems = [];
  for (const p of policies) {
    if (!workloads(objects).some((w) => selects(p.spec?.podSelector, podLabels(w)))) {
      problems.push(`${name(p)}: podSelector matches no pod of the render`);
    }
  }
  const denyAll = mine.some((p) => ["Ingress", "Egress"].every((t) => p.spec.policyTypes?.includes(t))
    && !p.spec.ingress && !p.spec.egress);
  if (!denyAll) problems.push("platform pods: no default-deny NetworkPolicy (policyTypes Ingress and Egress, no rules)");

  const number = (zone) => (container.ports ?? []).find((p) => p.name === zone)?.containerPort;
  const ingress = mine.flatMap((p) => (p.spec.ingress ?? []).map((rule) => ({ policy: p, rule })));
  for (const { policy, rule } of ingress) {
    if (ports(rule).length === 0) problems.push(`${name(policy)}: an ingress rule without ports opens every zone`);
  }
  for (const zone of ZONES) {
    const rules = ingress.filter(({ rule }) => hasPort(rule, zone, number(zone)));
    if (rules.length === 0) problems.push(`zone ${zone}: no NetworkPolicy admits its port`);
    if (!INTERNAL_ONLY.includes(zone)) continue;
    for (const { policy, rule } of rules) {
      const from = rule.from ?? [];
      const open = from.length === 0 || from.some((peer) => peer.ipBlock?.cidr === "0.0.0.0/0"
        || peer.ipBlock?.cidr === "::/0" || (peer.namespaceSelector && Object.keys(peer.namespaceSelector).length === 0));
      if (open) problems.push(`${name(policy)}: zone ${zone} is internal only but admits any source`);
      const membersOnly = from.every((peer) => peer.podSelector && !peer.namespaceSelector && !peer.ipBlock
        && selects(peer.podSelector, labels));
      if (MEMBERS_ONLY.includes(zone) && !membersOnly) problems.push(`${name(policy)}: the ${zone} port admits more than the members`);
    }
  }

  const egress = mine.flatMap((p) => p.spec.egress ?? []);
  const needs = [["DNS", 53], ["the database", 5432], ["the API server (discovery)", 443], ["the members", 5701], ["the members' event bus", 5801]];
  for (const [what, port] of needs) {
    if (!egress.some((rule) => hasPort(rule, undefined, port))) problems.push(`platform pods: no egress to ${what} (port ${port})`);
  }
  if (overlay === "prod") {
    problems.push(...bankEgress(envValue(container, "HPF_BANK_ENDPOINTS") ?? configured(objects, "HPF_BANK_ENDPOINTS"), egress));
  }
  return problems;
}

// The value of a key in the ConfigMaps the platform reads through envFrom.
function configured(objects, key) {
  return ofKind(objects, "ConfigMap").map((c) => c.data?.[key]).find((v) => v !== undefined);
}

// Every bank endpoint given as an IPv4 address must be reachable through an egress ipBlock on its port.
function bankEgress(endpoints, egress) {
  const problems = [];
  for (const entry of (endpoints ?? "").split(";").filter(Boolean)) {
    const url = new URL(entry.slice(entry.indexOf("=") + 1).replace(/^json:/, ""));
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(url.hostname)) continue;
    const allowed = egress.some((rule) => hasPort(rule, undefined, port)
      && (rule.to ?? []).some((peer) => peer.ipBlock && inCidr(url.hostname, peer.ipBlock.cidr)));
    if (!allowed) problems.push(`HPF_BANK_ENDPOINTS ${entry}: no egress NetworkPolicy to ${url.hostname}:${port}`);
  }
  return problems;
}

function inCidr(ip, cidr) {
  const [base, bits] = cidr.split("/");
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(base)) return false;
  const toInt = (a) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size);
}

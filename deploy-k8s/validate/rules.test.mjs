// Proves that the validation fails on what it is meant to catch: each test breaks one thing in a rendered
// overlay (in memory) and expects the problem by name. Run by `npm run validate:k8s` (node --test).
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { check, renderOverlay } from "../validate.mjs";

const rendered = {};
before(() => {
  rendered.dev = renderOverlay("dev");
  rendered.prod = renderOverlay("prod");
});

const get = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const platformContainer = (objects) => get(objects, "Deployment", "hpf-platform").spec.template.spec.containers[0];

/** The problems of an overlay after `breakIt` changed a copy of it. */
function problemsAfter(overlay, breakIt) {
  const objects = structuredClone(rendered[overlay]);
  const result = breakIt(objects);
  return check(Array.isArray(result) ? result : objects, overlay);
}

function expectProblem(problems, fragment) {
  assert.ok(problems.some((p) => p.includes(fragment)), `expected a problem containing '${fragment}', got:\n${problems.join("\n")}`);
}

describe("rendered overlays", () => {
  for (const overlay of ["dev", "prod"]) {
    test(`${overlay} has no problem`, () => assert.deepEqual(check(rendered[overlay], overlay), []));
  }
});

describe("each rule fails the build", () => {
  test("a misspelt field", () => expectProblem(problemsAfter("prod", (o) => {
    platformContainer(o).readinesProbe = platformContainer(o).readinessProbe;
  }), "containers/0/readinesProbe: unknown field"));

  test("a misspelt setting", () => expectProblem(problemsAfter("prod", (o) => {
    platformContainer(o).env.push({ name: "HPF_SHUTDOWN_GRACE_SECOND", value: "10" });
  }), "HPF_SHUTDOWN_GRACE_SECOND (env) is not a setting of the platform"));

  test("a wrong type", () => expectProblem(problemsAfter("prod", (o) => {
    get(o, "Deployment", "hpf-platform").spec.replicas = "3";
  }), "/spec/replicas: must be integer"));

  test("a probe off the management port", () => expectProblem(problemsAfter("prod", (o) => {
    platformContainer(o).readinessProbe.httpGet.port = "public";
  }), "readinessProbe must use the management port"));

  test("a grace period shorter than the drain and the bank calls", () => expectProblem(problemsAfter("prod", (o) => {
    get(o, "Deployment", "hpf-platform").spec.template.spec.terminationGracePeriodSeconds = 30;
  }), "terminationGracePeriodSeconds 30 < 60"));

  test("a container that may run as root", () => expectProblem(problemsAfter("dev", (o) => {
    const postgres = get(o, "StatefulSet", "hpf-postgres").spec.template.spec;
    delete postgres.securityContext.runAsNonRoot;
    delete postgres.containers[0].securityContext.runAsNonRoot;
  }), "container postgres: runAsNonRoot must be true"));

  test("a container without limits", () => expectProblem(problemsAfter("prod", (o) => {
    delete platformContainer(o).resources.limits;
  }), "resources.limits.memory not set"));

  test("a Service port the pods do not have", () => expectProblem(problemsAfter("prod", (o) => {
    get(o, "Service", "hpf-bank").spec.ports[0].targetPort = "banks";
  }), "Service/hpf-bank: targetPort banks is not a port"));

  test("a Service selecting no pod", () => expectProblem(problemsAfter("prod", (o) => {
    get(o, "Service", "hpf-admin").spec.selector = { "app.kubernetes.io/name": "hpf" };
  }), "Service/hpf-admin: selector"));

  test("a committed Secret in prod", () => expectProblem(problemsAfter("prod", (o) => [...o,
    { apiVersion: "v1", kind: "Secret", metadata: { name: "hpf-secrets" }, stringData: { HPF_ADMIN_PASSWORD: "x" } }]),
  "prod must not render a Secret"));

  test("a secret as a plain value in prod", () => expectProblem(problemsAfter("prod", (o) => {
    const entry = platformContainer(o).env.find((e) => e.name === "HPF_TOKEN_KEYS");
    delete entry.valueFrom;
    entry.value = "1:00";
  }), "HPF_TOKEN_KEYS must come from a Secret"));

  test("a zone without its NetworkPolicy", () => expectProblem(problemsAfter("prod", (o) =>
    o.filter((x) => x.metadata.name !== "hpf-ingress-interop")), "zone interop: no NetworkPolicy admits its port"));

  test("the admin zone open to everyone", () => expectProblem(problemsAfter("prod", (o) => {
    delete get(o, "NetworkPolicy", "hpf-ingress-admin").spec.ingress[0].from;
  }), "zone admin is internal only but admits any source"));

  test("the cluster port open beyond the members", () => expectProblem(problemsAfter("prod", (o) => {
    get(o, "NetworkPolicy", "hpf-cluster-members").spec.ingress[0].from.push({ namespaceSelector: {} });
  }), "the hazelcast port admits more than the members"));

  test("the event bus port open beyond the members", () => expectProblem(problemsAfter("prod", (o) => {
    get(o, "NetworkPolicy", "hpf-cluster-members").spec.ingress[0].from.push({ ipBlock: { cidr: "10.0.0.0/8" } });
  }), "the eventbus port admits more than the members"));

  test("a bank outside the egress CIDRs", () => expectProblem(problemsAfter("prod", (o) => {
    get(o, "ConfigMap", o.find((x) => x.metadata.name.startsWith("hpf-third-parties")).metadata.name)
      .data.HPF_BANK_ENDPOINTS = "102=bdc://192.0.2.99:7001";
  }), "no egress NetworkPolicy to 192.0.2.99:7001"));

  test("a channel policy file left out of the ConfigMap", () => expectProblem(problemsAfter("prod", (o) => {
    delete o.find((x) => x.metadata.name.startsWith("hpf-channel-policies")).data["demo-kiosk.yaml"];
  }), "channel-policies/demo-kiosk.yaml is missing"));

  test("an alert that does not parse", () => expectProblem(problemsAfter("prod", (o) => {
    get(o, "PrometheusRule", "hpf-platform").spec.groups[0].rules[0].expr = "max by (pod) (hpf_boot_ready == 0";
  }), "HpfInstanceNotReady: PromQL does not parse"));

  test("an alert without severity", () => expectProblem(problemsAfter("prod", (o) => {
    delete get(o, "PrometheusRule", "hpf-platform").spec.groups[0].rules[0].labels.severity;
  }), "HpfInstanceNotReady: severity must be one of"));

  test("a panel query with an unknown function", () => expectProblem(problemsAfter("prod", (o) => {
    const configMap = get(o, "ConfigMap", "hpf-grafana-dashboard");
    const dashboard = JSON.parse(configMap.data["hpf-platform.json"]);
    dashboard.panels[1].targets[0].expr = "summ(hpf_boot_ready)";
    configMap.data["hpf-platform.json"] = JSON.stringify(dashboard);
  }), "panel 'Members ready' A: PromQL does not parse"));
});

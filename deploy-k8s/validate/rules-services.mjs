// Rules that tie objects together: Services and their pods and ports, the headless cluster Service, PDB, HPA,
// RBAC for discovery, references to ConfigMaps and Secrets, images.
import { containerPort, containers, envValue, find, name, ofKind, platform, podLabels, podSpec, selects,
  workloads } from "./objects.mjs";

const ZONES = ["public", "bank", "interop", "admin", "management"];

export function services(objects) {
  const problems = [];
  for (const service of ofKind(objects, "Service")) {
    const selector = service.spec?.selector;
    const targets = workloads(objects).filter((w) => selector && Object.keys(selector).length > 0
      && selects(selector, podLabels(w)));
    if (targets.length === 0) {
      problems.push(`${name(service)}: selector ${JSON.stringify(selector)} matches no pod template`);
      continue;
    }
    for (const port of service.spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      if (!targets.some((w) => containerPort(w, target))) {
        problems.push(`${name(service)}: targetPort ${target} is not a port of ${targets.map(name).join(", ")}`);
      }
    }
  }
  const { deployment, container } = platform(objects);
  for (const zone of ZONES) {
    const exposed = ofKind(objects, "Service").some((s) => deployment && selects(s.spec?.selector, podLabels(deployment))
      && (s.spec.ports ?? []).some((p) => p.targetPort === zone));
    if (!exposed) problems.push(`listener zone ${zone}: no Service exposes the container port ${zone}`);
  }
  // Hazelcast discovery asks for the members of this Service, ready or not.
  const clusterService = find(objects, "Service", envValue(container, "HPF_CLUSTER_K8S_SERVICE"));
  if (!clusterService) {
    problems.push("HPF_CLUSTER_K8S_SERVICE must name a Service of the render");
  } else if (clusterService.spec.clusterIP !== "None" || clusterService.spec.publishNotReadyAddresses !== true
    || !(clusterService.spec.ports ?? []).some((p) => p.targetPort === "hazelcast")) {
    problems.push(`${name(clusterService)}: the cluster Service must be headless (clusterIP None), `
      + "publishNotReadyAddresses true, with the hazelcast port");
  }
  return problems;
}

export function availability(objects, { overlay }) {
  const problems = [];
  const { deployment } = platform(objects);
  const labels = deployment ? podLabels(deployment) : {};
  const pdbs = ofKind(objects, "PodDisruptionBudget").filter((p) => selects(p.spec?.selector, labels));
  if (pdbs.length !== 1) problems.push(`the platform pods need exactly one PodDisruptionBudget, found ${pdbs.length}`);
  const hpa = ofKind(objects, "HorizontalPodAutoscaler").find((h) => h.spec?.scaleTargetRef?.name === deployment?.metadata.name
    && h.spec.scaleTargetRef.kind === "Deployment");
  if (!hpa) problems.push("no HorizontalPodAutoscaler scales Deployment/hpf-platform");
  else if (hpa.spec.minReplicas > hpa.spec.maxReplicas) problems.push(`${name(hpa)}: minReplicas > maxReplicas`);
  const minimum = overlay === "prod" ? 3 : 2;
  if ((deployment?.spec.replicas ?? 1) < minimum || (hpa?.spec.minReplicas ?? 1) < minimum) {
    problems.push(`Deployment/hpf-platform: ${overlay} runs at least ${minimum} members (replicas and HPA minReplicas)`);
  }
  const spec = deployment ? podSpec(deployment) : {};
  if (!spec.affinity?.podAntiAffinity && !(spec.topologySpreadConstraints ?? []).length) {
    problems.push("Deployment/hpf-platform: needs pod anti-affinity or topology spread");
  }
  return problems;
}

export function discoveryRbac(objects) {
  const { deployment } = platform(objects);
  const account = podSpec(deployment ?? { spec: { template: {} } }).serviceAccountName;
  if (!account || !find(objects, "ServiceAccount", account)) {
    return [`Deployment/hpf-platform: serviceAccountName ${account} is not a ServiceAccount of the render`];
  }
  const needed = [["", "endpoints"], ["", "pods"], ["", "services"], ["discovery.k8s.io", "endpointslices"]];
  const granted = ofKind(objects, "RoleBinding")
    .filter((b) => (b.subjects ?? []).some((s) => s.kind === "ServiceAccount" && s.name === account))
    .map((b) => find(objects, b.roleRef.kind, b.roleRef.name)).filter(Boolean)
    .flatMap((role) => role.rules ?? []);
  return needed.filter(([group, resource]) => !["get", "list"].every((verb) => granted.some((r) =>
    r.apiGroups?.includes(group) && r.resources?.includes(resource) && r.verbs?.includes(verb))))
    .map(([group, resource]) => `ServiceAccount/${account}: no Role grants get and list on ${resource}`
      + `${group ? ` (${group})` : ""} for Hazelcast discovery`);
}

// Secrets the overlay expects to exist in the cluster, created by the operators (docs/operations/kubernetes.md: how).
const EXTERNAL_SECRETS = { dev: [], prod: ["hpf-secrets"] };
const PLATFORM_SECRETS = ["HPF_DB_PASSWORD", "HPF_ADMIN_PASSWORD", "HPF_FIELD_KEYS", "HPF_BLIND_INDEX_KEY",
  "HPF_TOKEN_KEYS", "HPF_PLATFORM_KEYS", "HPF_CHAIN_KEYS", "HPF_CLUSTER_NAME"];

export function references(objects, { overlay }) {
  const problems = [];
  const exists = (kind, n) => Boolean(find(objects, kind, n));
  for (const w of workloads(objects)) {
    const volumes = podSpec(w).volumes ?? [];
    const refs = [
      ...volumes.filter((v) => v.configMap).map((v) => ["ConfigMap", v.configMap.name]),
      ...volumes.filter((v) => v.secret).map((v) => ["Secret", v.secret.secretName]),
      ...containers(w).flatMap((c) => [
        ...(c.envFrom ?? []).map((e) => (e.configMapRef ? ["ConfigMap", e.configMapRef.name] : ["Secret", e.secretRef?.name])),
        ...(c.env ?? []).filter((e) => e.valueFrom?.configMapKeyRef).map((e) => ["ConfigMap", e.valueFrom.configMapKeyRef.name]),
        ...(c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => ["Secret", e.valueFrom.secretKeyRef.name]),
      ]),
    ];
    for (const [kind, n] of refs) {
      if (!exists(kind, n) && !(kind === "Secret" && EXTERNAL_SECRETS[overlay].includes(n))) {
        problems.push(`${name(w)}: refers to ${kind}/${n}, which is neither rendered nor a documented external one`);
      }
    }
  }
  if (overlay === "prod") {
    // Production secrets are created in the cluster, never committed.
    for (const secret of ofKind(objects, "Secret")) {
      problems.push(`${name(secret)}: prod must not render a Secret (its data would be committed)`);
    }
    const { container } = platform(objects);
    for (const key of PLATFORM_SECRETS) {
      const entry = container?.env?.find((e) => e.name === key);
      if (!entry?.valueFrom?.secretKeyRef) problems.push(`Deployment/hpf-platform: ${key} must come from a Secret`);
    }
    for (const configMap of ofKind(objects, "ConfigMap")) {
      for (const key of PLATFORM_SECRETS.filter((k) => configMap.data?.[k] !== undefined)) {
        problems.push(`${name(configMap)}: holds the secret ${key}`);
      }
    }
    if (envValue(container, "HPF_SANDBOX") === "true") problems.push("prod: HPF_SANDBOX must not be true");
  }
  return problems;
}

export function images(objects, { overlay }) {
  const problems = [];
  for (const w of workloads(objects)) {
    for (const c of containers(w)) {
      const image = c.image ?? "";
      const pinned = image.includes("@sha256:") || /:[^/:]+$/.test(image);
      if (!pinned || image.endsWith(":latest")) problems.push(`${name(w)} container ${c.name}: image ${image} has no pinned tag`);
    }
  }
  const { container } = platform(objects);
  if (overlay === "prod" && !/^[a-z0-9.-]+\.[a-z]+(:\d+)?\//.test(container?.image ?? "")) {
    problems.push(`Deployment/hpf-platform: prod image ${container?.image} names no registry`);
  }
  return problems;
}

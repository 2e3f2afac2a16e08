// Lookups over the rendered objects shared by the rules.
export const PLATFORM = "hpf-platform";

export const name = (o) => `${o.kind}/${o.metadata?.name}`;
export const ofKind = (objects, kind) => objects.filter((o) => o.kind === kind);
export const find = (objects, kind, n) => objects.find((o) => o.kind === kind && o.metadata?.name === n);

/** Deployments and StatefulSets with their pod templates. */
export function workloads(objects) {
  return objects.filter((o) => ["Deployment", "StatefulSet", "DaemonSet", "Job"].includes(o.kind) && o.spec?.template);
}

export const podSpec = (workload) => workload.spec.template.spec ?? {};
export const podLabels = (workload) => workload.spec.template.metadata?.labels ?? {};
export const containers = (workload) => [...(podSpec(workload).initContainers ?? []), ...(podSpec(workload).containers ?? [])];

/** The platform Deployment and its platform container. */
export function platform(objects) {
  const deployment = find(objects, "Deployment", PLATFORM);
  return { deployment, container: deployment?.spec.template.spec.containers?.find((c) => c.name === "platform") };
}

/** matchLabels (and simple matchExpressions) of a label selector against labels; an empty selector matches all. */
export function selects(selector, labels) {
  if (!selector) {
    return false;
  }
  const match = selector.matchLabels ?? (selector.matchExpressions ? {} : selector);
  const byLabels = Object.entries(match).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => ({
    In: () => e.values.includes(labels[e.key]),
    NotIn: () => !e.values.includes(labels[e.key]),
    Exists: () => e.key in labels,
    DoesNotExist: () => !(e.key in labels),
  })[e.operator]?.());
  return byLabels && byExpressions;
}

/** The value of a plain env variable of a container (undefined when absent or taken from a reference). */
export function envValue(container, key) {
  return container?.env?.find((e) => e.name === key)?.value;
}

/** A container port by name or number. */
export function containerPort(workload, port) {
  for (const c of containers(workload)) {
    const found = (c.ports ?? []).find((p) => p.name === port || p.containerPort === port);
    if (found) {
      return found;
    }
  }
  return undefined;
}

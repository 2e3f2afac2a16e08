// Rules for every pod (non-root, no privileges, resources) and for the platform's own Deployment (probes,
// ports, graceful stop, configuration the platform needs in a pod).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { containers, envValue, find, name, platform, podSpec, workloads } from "./objects.mjs";

const ZONE_PORTS = { public: "HPF_PUBLIC_PORT", bank: "HPF_BANK_PORT", interop: "HPF_INTEROP_PORT",
  admin: "HPF_ADMIN_PORT", management: "HPF_MANAGEMENT_PORT", hazelcast: "HPF_CLUSTER_PORT",
  eventbus: "HPF_EVENTBUS_PORT" };

export function podSecurity(objects) {
  const problems = [];
  for (const w of workloads(objects)) {
    const pod = podSpec(w).securityContext ?? {};
    for (const c of containers(w)) {
      const sc = c.securityContext ?? {};
      const where = `${name(w)} container ${c.name}`;
      if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${where}: runAsNonRoot must be true`);
      if ((sc.runAsUser ?? pod.runAsUser) === 0) problems.push(`${where}: runs as uid 0`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation must be false`);
      if (sc.privileged === true) problems.push(`${where}: privileged`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${where}: capabilities must drop ALL`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem must be true`);
      if ((sc.seccompProfile ?? pod.seccompProfile)?.type !== "RuntimeDefault") {
        problems.push(`${where}: seccompProfile must be RuntimeDefault`);
      }
      for (const kind of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
          if (c.resources?.[kind]?.[resource] === undefined) problems.push(`${where}: resources.${kind}.${resource} not set`);
        }
      }
    }
  }
  return problems;
}

export function platformPod(objects) {
  const { deployment, container } = platform(objects);
  if (!container) {
    return ["Deployment/hpf-platform with a container named platform is missing"];
  }
  const problems = [];
  const spec = podSpec(deployment);
  const where = "Deployment/hpf-platform";
  if (container.command || container.args) problems.push(`${where}: command/args override the image's entrypoint`);
  const uid = container.securityContext?.runAsUser ?? spec.securityContext?.runAsUser;
  if (uid !== 10001) problems.push(`${where}: must run as uid 10001 (the image's user), not ${uid}`);
  if (spec.enableServiceLinks !== false) {
    problems.push(`${where}: enableServiceLinks must be false (Service hpf-public would set HPF_PUBLIC_PORT=tcp://…)`);
  }
  // Each zone's container port is the port the platform is told to listen on.
  for (const [portName, key] of Object.entries(ZONE_PORTS)) {
    const port = (container.ports ?? []).find((p) => p.name === portName);
    if (!port) problems.push(`${where}: no container port named ${portName}`);
    else if (String(port.containerPort) !== envValue(container, key)) {
      problems.push(`${where}: port ${portName} is ${port.containerPort} but ${key} is ${envValue(container, key)}`);
    }
  }
  const management = (container.ports ?? []).find((p) => p.name === "management");
  const probes = { startupProbe: "/health/live", livenessProbe: "/health/live", readinessProbe: "/health/ready" };
  for (const [probe, probePath] of Object.entries(probes)) {
    const get = container[probe]?.httpGet;
    if (!get) problems.push(`${where}: ${probe} must be an httpGet on the management port`);
    else if (get.port !== "management" && get.port !== management?.containerPort) {
      problems.push(`${where}: ${probe} must use the management port, not ${get.port}`);
    } else if (get.path !== probePath) problems.push(`${where}: ${probe} must ask ${probePath}, not ${get.path}`);
  }
  // The image has no shell.
  const hooks = [container.lifecycle?.preStop, container.lifecycle?.postStart, ...Object.keys(probes).map((p) => container[p])];
  if (hooks.some((h) => h?.exec)) problems.push(`${where}: exec probes or hooks cannot run (the image has no shell)`);
  problems.push(...writableMount(spec, container, "/tmp", where));
  if (envValue(container, "HPF_DATA_DIR") !== "/var/lib/hpf") problems.push(`${where}: HPF_DATA_DIR must be /var/lib/hpf`);
  problems.push(...writableMount(spec, container, "/var/lib/hpf", where));
  for (const [key, value] of [["HPF_BIND_HOST", "0.0.0.0"], ["HPF_CLUSTER_INTERFACE", ""],
    ["HPF_CLUSTER_DISCOVERY", "kubernetes"]]) {
    if (envValue(container, key) !== value) problems.push(`${where}: ${key} must be '${value}'`);
  }
  problems.push(...gracefulStop(spec, container, where));
  return problems;
}

function writableMount(spec, container, mountPath, where) {
  const mount = (container.volumeMounts ?? []).find((m) => m.mountPath === mountPath);
  const volume = mount && (spec.volumes ?? []).find((v) => v.name === mount.name);
  return volume?.emptyDir && !mount.readOnly ? [] : [`${where}: ${mountPath} needs a writable emptyDir (read-only root)`];
}

// SIGTERM: readiness 503, drain HPF_SHUTDOWN_GRACE_SECONDS, bank calls in flight (bank timeout + 5 s), sign-out.
function gracefulStop(spec, container, where) {
  const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
  const drain = Number(envValue(container, "HPF_SHUTDOWN_GRACE_SECONDS") ?? 10);
  const bankCalls = 30 + 5;
  const needed = preStop + drain + bankCalls + 10;
  const grace = spec.terminationGracePeriodSeconds ?? 30;
  return grace >= needed ? [] : [`${where}: terminationGracePeriodSeconds ${grace} < ${needed} `
    + `(preStop ${preStop} + drain ${drain} + bank calls in flight ${bankCalls} + 10 s margin)`];
}

/** The policies ConfigMap mounted at HPF_CHANNEL_POLICIES_DIR holds exactly the repository's files. */
export function channelPolicies(objects, { repoRoot }) {
  const { deployment, container } = platform(objects);
  const dir = envValue(container, "HPF_CHANNEL_POLICIES_DIR");
  const mount = (container?.volumeMounts ?? []).find((m) => m.mountPath === dir);
  const volume = mount && (podSpec(deployment).volumes ?? []).find((v) => v.name === mount.name);
  const configMap = volume?.configMap && find(objects, "ConfigMap", volume.configMap.name);
  if (!configMap) {
    return [`Deployment/hpf-platform: HPF_CHANNEL_POLICIES_DIR (${dir}) must be a mounted ConfigMap of the policies`];
  }
  const policyDir = path.join(repoRoot, "channel-policies");
  const files = readdirSync(policyDir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const problems = [];
  for (const file of files) {
    if (configMap.data?.[file] === undefined) {
      problems.push(`ConfigMap/${configMap.metadata.name}: channel-policies/${file} is missing: list it in `
        + "deploy-k8s/base/kustomization.yaml (configMapGenerator hpf-channel-policies)");
    } else if (configMap.data[file] !== readFileSync(path.join(policyDir, file), "utf8")) {
      problems.push(`ConfigMap/${configMap.metadata.name}: ${file} differs from channel-policies/${file}`);
    }
  }
  for (const key of Object.keys(configMap.data ?? {})) {
    if (!files.includes(key)) problems.push(`ConfigMap/${configMap.metadata.name}: ${key} is not in channel-policies/`);
  }
  return problems;
}

// Offline validation of the Kubernetes manifests (npm run validate:k8s; run by `mvn verify`): renders each
// overlay with the pinned kustomize, validates every object against its schema and checks the project's own
// rules. Exit code 1 with one line per problem when anything is wrong.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { name } from "./validate/objects.mjs";
import { render } from "./validate/render.mjs";
import { schemaErrors } from "./validate/schemas.mjs";
import { channelPolicies, platformPod, podSecurity } from "./validate/rules-workloads.mjs";
import { availability, discoveryRbac, images, references, services } from "./validate/rules-services.mjs";
import { networkPolicies } from "./validate/rules-network.mjs";
import { alerts, dashboards, serviceMonitor } from "./validate/rules-monitoring.mjs";
import { settings } from "./validate/rules-settings.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");
export const OVERLAYS = ["dev", "prod"];
export const RULES = { podSecurity, platformPod, settings, channelPolicies, services, availability, discoveryRbac, references,
  images, networkPolicies, serviceMonitor, alerts, dashboards };

/** Every problem of one rendered overlay, as "rule: message". */
export function check(objects, overlay) {
  const context = { overlay, repoRoot };
  const problems = objects.flatMap((o) => schemaErrors(o).map((e) => `schema: ${name(o)} ${e}`));
  for (const [rule, fn] of Object.entries(RULES)) {
    problems.push(...fn(objects, context).map((p) => `${rule}: ${p}`));
  }
  return problems;
}

export function renderOverlay(overlay) {
  return render(path.join(here, "overlays", overlay));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let failed = 0;
  for (const overlay of OVERLAYS) {
    let problems;
    let count = 0;
    try {
      const objects = renderOverlay(overlay);
      count = objects.length;
      problems = check(objects, overlay);
    } catch (e) {
      problems = [e.message];
    }
    failed += problems.length;
    console.log(`deploy-k8s/overlays/${overlay}: ${count} objects, ${problems.length === 0 ? "valid" : `${problems.length} problem(s)`}`);
    problems.forEach((p) => console.log(`  ✗ ${overlay} ${p}`));
  }
  if (failed > 0) {
    console.error(`Kubernetes manifests: ${failed} problem(s); see above.`);
    process.exit(1);
  }
}

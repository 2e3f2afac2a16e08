// Prints the manifests of one overlay, rendered with the pinned kustomize and the load restrictor lifted (the
// channel policies are read from ../channel-policies): `npm run -s render:k8s -- prod > hpf-prod.yaml`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "./validate/render.mjs";

const overlay = process.argv[2];
if (!["dev", "prod"].includes(overlay)) {
  console.error("usage: npm run -s render:k8s -- dev|prod");
  process.exit(2);
}
try {
  process.stdout.write(build(path.join(path.dirname(fileURLToPath(import.meta.url)), "overlays", overlay)));
} catch (e) {
  console.error(e.message);
  process.exit(1);
}

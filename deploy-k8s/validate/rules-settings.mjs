// Every HPF_* variable the manifests give the platform is one of its settings: the platform ignores unknown
// environment variables (an unrelated HPF_* of a host must not stop it), so a misspelt one would silently not apply.
import { readFileSync } from "node:fs";
import path from "node:path";
import { find, platform } from "./objects.mjs";

// The keys of the defaults file, and those of the configuration reference's tables (docs/configuration.md).
function knownSettings(repoRoot) {
  const defaults = readFileSync(path.join(repoRoot, "verticles/src/main/resources/hpf-defaults.properties"), "utf8");
  const reference = readFileSync(path.join(repoRoot, "docs/configuration.md"), "utf8");
  const table = reference.split("\n").filter((line) => line.startsWith("| `HPF_")).map((line) => line.split("|")[1]);
  return new Set([...defaults.matchAll(/^(HPF_[A-Z0-9_]+)=/gm)].map((m) => m[1])
    .concat(table.flatMap((cell) => [...cell.matchAll(/`(HPF_[A-Z0-9_]+)`/g)].map((m) => m[1]))));
}

export function settings(objects, { repoRoot }) {
  const { container } = platform(objects);
  const known = knownSettings(repoRoot);
  const given = [
    ...(container?.env ?? []).map((e) => [e.name, "env"]),
    ...(container?.envFrom ?? []).filter((e) => e.configMapRef).flatMap((e) =>
      Object.keys(find(objects, "ConfigMap", e.configMapRef.name)?.data ?? {}).map((k) => [k, `ConfigMap/${e.configMapRef.name}`])),
  ];
  const problems = given.filter(([key]) => key.startsWith("HPF_") && !known.has(key))
    .map(([key, where]) => `Deployment/hpf-platform: ${key} (${where}) is not a setting of the platform `
      + "(hpf-defaults.properties, docs/configuration.md)");
  return problems;
}
